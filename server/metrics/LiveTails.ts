/**
 * The new points of a live feed's runs, pushed with the feed's messages (decision 018, "Third
 * round"): a report page that names the metrics its line panels plot (`key` on
 * `GET /api/v1/events`) gets, before each "points" message, every point its runs logged of those
 * metrics since the last message, so its panels append without asking the metrics engine for
 * their tails on every tick (one request and its answer cost the page more main thread than
 * drawing the points).
 *
 * Per connection and per (run, metric) it keeps the last step sent, `since`. A run's first
 * message only sets `since` to the run's last step (nothing is sent: the page's panels ask for
 * what they lack, as before); each later one sends every point after `since` up to what is
 * committed, with `since` itself, so the page can tell whether the points follow what it holds.
 * A (run, metric) without new points is sent empty, which says "nothing after `since`".
 *
 * The feed does not know which of the project's runs the page shows, so a connection follows at
 * most MAX_LIVE_TAIL_RUNS runs, those that logged last (the one logged longest ago is forgotten,
 * and is a first message again if it logs once more), read in queries of at most MAX_SERIES lines.
 */
import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { runs as runsTable } from "../../db/schema";
import type { User } from "../services/accounts";
import { MAX_SERIES, queryMetrics } from "./queryMetrics";

/** Steps one message covers per run at most; a run further ahead starts over (the page asks). */
export const LIVE_TAIL_STEPS = 2_000;
/** Most metric names one feed pushes. */
export const MAX_LIVE_TAIL_KEYS = 50;
/** Most runs one connection follows. */
export const MAX_LIVE_TAIL_RUNS = 200;

/** One (run, metric)'s new points: every point with a step after `since`. */
export interface LiveTailSeries {
  run: string;
  key: string;
  since: number;
  step: number[];
  y: unknown[];
}

/** The pushed points of one connection; see the module comment. */
export class LiveTails {
  /** Last step sent, by run (the one that logged longest ago first), then by metric. */
  private readonly sent = new Map<string, Map<string, number>>();

  constructor(
    private readonly db: Db,
    private readonly user: User,
    private readonly keys: readonly string[],
    private readonly dbKind: "postgres" | "pglite",
    private readonly maxRuns = MAX_LIVE_TAIL_RUNS,
  ) {}

  /** The new points of `runIds` (runs that logged since the last call); empty on their first. */
  async next(runIds: readonly string[]): Promise<LiveTailSeries[]> {
    const fresh = runIds.filter((id) => !this.sent.has(id)).slice(0, this.maxRuns);
    const known = runIds.filter((id) => this.sent.has(id));
    const out: LiveTailSeries[] = [];
    const perQuery = Math.max(1, Math.floor(MAX_SERIES / this.keys.length));
    for (let i = 0; i < known.length; i += perQuery) out.push(...(await this.tails(known.slice(i, i + perQuery))));
    // Most recently logged last: the runs to forget first are at the front.
    for (const id of known) {
      const last = this.sent.get(id);
      if (!last) continue;
      this.sent.delete(id);
      this.sent.set(id, last);
    }
    if (fresh.length) {
      const rows = await this.db.select({ id: runsTable.id, lastStep: runsTable.lastStep }).from(runsTable).where(inArray(runsTable.id, fresh));
      for (const r of rows) this.sent.set(r.id, new Map(this.keys.map((k) => [k, r.lastStep ?? -1])));
      for (const id of this.sent.keys()) {
        if (this.sent.size <= this.maxRuns) break;
        this.sent.delete(id);
      }
    }
    return out;
  }

  private async tails(runIds: readonly string[]): Promise<LiveTailSeries[]> {
    let from = Infinity;
    for (const id of runIds) for (const s of this.sent.get(id)!.values()) from = Math.min(from, s + 1);
    const end = from + LIVE_TAIL_STEPS - 1;
    const answer = await queryMetrics(this.db, this.user, { runs: runIds, keys: this.keys, x: "step", xRange: [from, end], points: LIVE_TAIL_STEPS }, { dbKind: this.dbKind });
    const found = new Map((answer.series ?? []).map((s) => [`${s.run}\n${s.key}`, s]));
    const out: LiveTailSeries[] = [];
    for (const run of runIds) {
      const last = this.sent.get(run)!;
      const series: LiveTailSeries[] = [];
      let overflow = false;
      for (const key of this.keys) {
        const since = last.get(key) ?? -1;
        const s = found.get(`${run}\n${key}`);
        const step: number[] = [];
        const y: unknown[] = [];
        if (s) {
          if (!s.exact || (s.step.length && s.step[s.step.length - 1] >= end)) overflow = true;
          s.step.forEach((at, i) => {
            if (at <= since) return;
            step.push(at);
            y.push(s.y[i]);
          });
        }
        series.push({ run, key, since, step, y });
      }
      // Too far ahead for one message: start over (its first message again).
      if (overflow) {
        this.sent.delete(run);
        continue;
      }
      for (const s of series) if (s.step.length) last.set(s.key, s.step[s.step.length - 1]);
      out.push(...series);
    }
    return out;
  }
}
