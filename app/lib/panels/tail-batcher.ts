/**
 * The live tails of one page's line panels (line-live.ts), asked for together: the panels that
 * append within a short window share one `POST /api/v1/metrics/query` over the union of their
 * runs and metric names, from the earliest step any of them needs, and each gets back only its own
 * lines. One request per live tick instead of one per panel: a fetch costs the page about a
 * millisecond of main thread, and answers arriving together are drawn in one frame.
 *
 * An ask the page's live feed has already answered (`local`: the points it pushed,
 * pushed-tails.ts) is answered from those when the window closes, without a request.
 */
import type { ApiSeries } from "../metric-series";
import { postApi } from "./api-json";
import { fillStepX, type LineAnswer } from "./line-traces";
import { TAIL_STEPS } from "./line-live";

/** One panel's ask: its runs and metric names, from its first missing step. */
export interface TailAsk {
  runs: string[];
  keys: string[];
  from: number;
}

/** The answer: the panel's lines in `[from, to]` (`from` may be earlier than asked). */
export interface TailAnswer {
  answer: LineAnswer;
  from: number;
  to: number;
}

type Post = (body: Record<string, unknown>, signal?: AbortSignal) => Promise<LineAnswer>;
/** An answer from what the page already holds, or null. */
export type LocalTails = (ask: TailAsk) => TailAnswer | null;

interface Pending extends TailAsk {
  resolve: (a: TailAnswer) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
}

/** How long the first ask of a tick waits for the others. */
export const TAIL_WINDOW_MS = 40;
/** Most series (runs × keys) one shared request may read. */
const MAX_BATCH_SERIES = 1000;

const defaultPost: Post = (body, signal) => postApi<LineAnswer>("metrics/query", body, signal);

/** One page's batcher (held by its RunSetCache). */
export class TailBatcher {
  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly post: Post = defaultPost, private readonly windowMs = TAIL_WINDOW_MS, private readonly local: LocalTails | null = null) {}

  /** The tails of `ask`'s lines; see the module comment. */
  request(ask: TailAsk, signal?: AbortSignal): Promise<TailAnswer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...ask, resolve, reject, signal });
      this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    this.timer = undefined;
    const queue: Pending[] = [];
    for (const p of this.queue) {
      if (p.signal?.aborted) {
        p.reject(p.signal.reason);
        continue;
      }
      // Answered together with the others of the window, so the panels draw in one frame.
      const held = this.local?.(p);
      if (held) p.resolve(held);
      else queue.push(p);
    }
    this.queue = [];
    for (const batch of batches(queue)) void this.send(batch);
  }

  private async send(batch: Pending[]): Promise<void> {
    const runs = [...new Set(batch.flatMap((p) => p.runs))];
    const keys = [...new Set(batch.flatMap((p) => p.keys))];
    const from = Math.min(...batch.map((p) => p.from));
    const to = from + TAIL_STEPS - 1;
    try {
      // Not tied to one panel's signal: the others still want the answer.
      const answer = fillStepX(await this.post({ runs, keys, x: "step", xRange: [from, to], points: TAIL_STEPS, omitStepX: true }));
      for (const p of batch) {
        const mine = new Set(p.runs);
        const myKeys = new Set(p.keys);
        const series: ApiSeries[] = (answer.series ?? []).filter((s) => mine.has(s.run) && myKeys.has(s.key));
        p.resolve({ answer: { ...answer, series }, from, to });
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}

/** The asks in groups whose runs × keys stay within MAX_BATCH_SERIES. */
function batches(queue: Pending[]): Pending[][] {
  const out: Pending[][] = [];
  let current: Pending[] = [];
  const size = (group: Pending[]) => new Set(group.flatMap((p) => p.runs)).size * new Set(group.flatMap((p) => p.keys)).size;
  for (const p of queue) {
    if (current.length && size([...current, p]) > MAX_BATCH_SERIES) {
      out.push(current);
      current = [];
    }
    current.push(p);
  }
  if (current.length) out.push(current);
  return out;
}
