/**
 * Validation of `POST /runs/{id}/history` bodies, flattened into column arrays for the writer.
 * zod checks the envelope; the per-value loop is hand-written because it runs for every point at
 * hundreds of thousands of points per second, and it still names the exact bad field.
 *
 * Metric names are interned per request: each point carries an index into `names`, so the writer
 * maps a handful of names to key ids instead of one string per point. Training code logs the same
 * keys in the same order at every step, so the name at the same position in the previous row is
 * tried before the Map (JSON.parse interns property names, so that comparison is usually a
 * pointer check).
 */
import { z } from "zod";
import { invalidInput, parseInput } from "./ServiceError";

/** Points of one request as parallel columns. */
export interface HistoryPoints {
  /** Distinct metric names, in order of first appearance. */
  names: string[];
  /** Per point: its metric name, as an index into `names`. */
  keys: number[];
  steps: number[];
  values: number[];
  times: number[];
  /**
   * Every row's step is greater than the previous row's. Then each metric's points are already in
   * step order with no step repeated, which lets the writer skip sorting and deduplication.
   */
  stepsIncrease: boolean;
}

export const MAX_POINTS_PER_REQUEST = 100_000;
export const MAX_KEY_LENGTH = 256;

const Envelope = z.object({
  rows: z
    .array(
      z.object({
        step: z.number().int("must be an integer").min(0, "must be ≥ 0").max(Number.MAX_SAFE_INTEGER),
        time: z.number().finite().min(0).optional(),
        // Validated as a plain object only: z.record would rebuild it and silently drop a
        // "__proto__" key, and values are checked below anyway.
        metrics: z.custom<Record<string, unknown>>(isPlainObject, "must be an object of metric values"),
      }),
    )
    .max(MAX_POINTS_PER_REQUEST, `at most ${MAX_POINTS_PER_REQUEST} rows per request`),
});

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const SPECIAL: ReadonlyMap<string, number> = new Map([["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity]]);

/** Parses a history body; throws a 400 naming e.g. `rows.3.metrics.loss`. */
export function parseHistory(body: unknown, now = Date.now() / 1000): HistoryPoints {
  const { rows } = parseInput(Envelope, body);
  const out: HistoryPoints = { names: [], keys: [], steps: [], values: [], times: [], stepsIncrease: true };
  const index = new Map<string, number>();
  let shape: number[] = []; // key indexes of the previous row, by position
  let lastStep = -1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const time = row.time ?? now;
    const step = row.step;
    if (step <= lastStep) out.stepsIncrease = false;
    lastStep = step;
    const names = Object.keys(row.metrics);
    const rowShape = names.length === shape.length ? shape : new Array<number>(names.length);
    for (let j = 0; j < names.length; j++) {
      const key = names[j];
      const raw = row.metrics[key];
      let value: number;
      if (typeof raw === "number") value = raw;
      else if (typeof raw === "string" && SPECIAL.has(raw)) value = SPECIAL.get(raw)!;
      else throw invalidInput(`rows.${i}.metrics.${key}`, 'expected a number or "NaN" / "Infinity" / "-Infinity"');
      let k = j < shape.length ? shape[j] : -1;
      if (k < 0 || out.names[k] !== key) {
        k = index.get(key) ?? -1;
        if (k < 0) {
          if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
            throw invalidInput(`rows.${i}.metrics`, `metric names must be 1–${MAX_KEY_LENGTH} characters`);
          }
          k = out.names.length;
          out.names.push(key);
          index.set(key, k);
        }
      }
      rowShape[j] = k;
      out.keys.push(k);
      out.steps.push(step);
      out.values.push(value);
      out.times.push(time);
    }
    shape = rowShape;
    if (out.keys.length > MAX_POINTS_PER_REQUEST) {
      throw invalidInput("rows", `at most ${MAX_POINTS_PER_REQUEST} points per request`);
    }
  }
  return out;
}
