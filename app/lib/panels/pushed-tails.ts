/**
 * The new points the page's live feed pushes (`tails` events of `GET /api/v1/events?key=…`,
 * server/metrics/LiveTails.ts), kept per (run, metric) so a line panel's live tick takes its tail
 * from here instead of asking the metrics engine (tail-batcher.ts).
 *
 * Each (run, metric) holds `since` and every point after it as of the last message: a message
 * whose `since` is the last step held (or `since` itself when none is) continues it; any other
 * starts it over. An ask is answered only when, for each of its runs and metrics, what is held
 * starts at or before the ask's first missing step: then nothing between is missing. Otherwise,
 * and for metrics the feed does not push, the panel asks the engine as before.
 *
 * A `tails` event carries one metric, named on its first line: the metrics no panel on screen
 * plots are skipped unparsed (`addEvent`). A panel off screen catches up by refetching when it is
 * back, and a metric skipped for a while starts over at its next event, so nothing is missed.
 */
import type { ApiSeries, ApiValue } from "../metric-series";
import type { TailAnswer, TailAsk } from "./tail-batcher";
import { seriesKey, TAIL_STEPS } from "./line-live";

/** One (run, metric) as a `tails` event carries it. */
export interface PushedSeries {
  run: string;
  key: string;
  since: number;
  step: number[];
  y: ApiValue[];
}

interface Held {
  since: number;
  step: number[];
  y: ApiValue[];
}

/** Points held per (run, metric) at most; past that it starts over from the next message. */
const MAX_HELD_POINTS = TAIL_STEPS / 2;

/** One page's pushed points; see the module comment. */
export class PushedTails {
  private readonly held = new Map<string, Held>();

  /** Takes in one `tails` event's series (ill-formed ones are skipped). */
  add(series: readonly unknown[]): void {
    for (const raw of series) {
      if (typeof raw !== "object" || raw === null) continue;
      const s = raw as Partial<PushedSeries>;
      if (typeof s.run !== "string" || typeof s.key !== "string" || typeof s.since !== "number" || !Array.isArray(s.step) || !Array.isArray(s.y) || s.step.length !== s.y.length) continue;
      const k = seriesKey(s.run, s.key);
      const before = this.held.get(k);
      const last = before ? (before.step.length ? before.step[before.step.length - 1] : before.since) : null;
      if (before && last === s.since && before.step.length + s.step.length <= MAX_HELD_POINTS) {
        before.step.push(...s.step);
        before.y.push(...s.y);
      } else {
        this.held.set(k, { since: s.since, step: [...s.step], y: [...s.y] });
      }
    }
  }

  /**
   * Takes in one `tails` event's data (the metric's name as JSON, a newline, then the points) when
   * `wanted` says its metric is shown; returns whether it did. Unwanted points are not parsed.
   */
  addEvent(data: string, wanted: (key: string) => boolean): boolean {
    const nl = data.indexOf("\n");
    if (nl < 0) return false;
    const key: unknown = JSON.parse(data.slice(0, nl));
    if (typeof key !== "string" || !wanted(key)) return false;
    const body = JSON.parse(data.slice(nl + 1)) as { series?: unknown };
    if (!Array.isArray(body.series)) return false;
    this.add(body.series.filter((s) => (s as { key?: unknown } | null)?.key === key));
    return true;
  }

  /** The tails of `ask` from what is held, or null when something may be missing. */
  answer(ask: TailAsk): TailAnswer | null {
    const series: ApiSeries[] = [];
    for (const run of ask.runs) {
      for (const key of ask.keys) {
        const h = this.held.get(seriesKey(run, key));
        if (!h || h.since > ask.from - 1) return null;
        let i = 0;
        while (i < h.step.length && h.step[i] < ask.from) i++;
        if (i === h.step.length) continue;
        const step = h.step.slice(i);
        series.push({ run, key, exact: true, pointCount: step.length, step, x: step, y: h.y.slice(i) });
      }
    }
    return { answer: { x: "step", xRange: null, series }, from: ask.from, to: ask.from + TAIL_STEPS - 1 };
  }

  /** Forgets everything (the feed reconnected: the server starts over). */
  clear(): void {
    this.held.clear();
  }
}
