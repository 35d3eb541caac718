/**
 * Event-loop delay as the benches print it. Node's `monitorEventLoopDelay` histogram records the
 * time between its timer's runs, sampling interval included (an idle loop sampled every 5 ms reads
 * ~5 ms), so the interval is subtracted to leave the delay itself.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

/** A histogram sampling every `resolutionMs`, and its readings in ms with the interval taken out. */
export function loopDelayMonitor(resolutionMs: number): { histogram: IntervalHistogram; percentileMs(q: number): number; maxMs(): number } {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - resolutionMs) * 100) / 100);
  return { histogram, percentileMs: (q) => ms(histogram.percentile(q)), maxMs: () => ms(histogram.max) };
}
