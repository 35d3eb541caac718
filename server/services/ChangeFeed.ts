/**
 * Fan-out of run change notifications. One LISTEN per process on the shared channel; every
 * writer in every process NOTIFYs inside its transaction, so subscribers hear only committed
 * changes, whichever process wrote them.
 */
import type { Database } from "../../db/client";
import { FEED_CHANNEL, type FeedMessage } from "./feedMessages";

type Listener = (msg: FeedMessage) => void;

/** Routes committed run changes to per-project subscribers. */
export class ChangeFeed {
  private byProject = new Map<number, Set<Listener>>();
  private unlisten: (() => Promise<void>) | null = null;

  /** Starts listening on the database. */
  async start(database: Database): Promise<void> {
    this.unlisten = await database.listen(FEED_CHANNEL, (payload) => this.dispatch(payload));
  }

  /** Subscribes to changes of the given projects; returns the unsubscribe function. */
  subscribe(projectIds: number[], listener: Listener): () => void {
    for (const id of projectIds) {
      let set = this.byProject.get(id);
      if (!set) this.byProject.set(id, (set = new Set()));
      set.add(listener);
    }
    return () => {
      for (const id of projectIds) {
        const set = this.byProject.get(id);
        set?.delete(listener);
        if (set && set.size === 0) this.byProject.delete(id);
      }
    };
  }

  private dispatch(payload: string) {
    let msg: FeedMessage;
    try {
      msg = JSON.parse(payload) as FeedMessage;
    } catch {
      return; // not ours
    }
    const set = this.byProject.get(msg.p);
    if (!set) return;
    for (const l of set) {
      try {
        l(msg);
      } catch (error) {
        console.error("feed listener failed", error);
      }
    }
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
    this.byProject.clear();
  }
}
