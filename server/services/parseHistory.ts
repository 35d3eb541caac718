/**
 * Validation of `POST /runs/{id}/history` bodies, flattened into column arrays for the writer.
 * zod checks the envelope; the per-value loop is hand-written because it runs for every point at
 * hundreds of thousands of points per second, and it still names the exact bad field.
 */
import { z } from "zod";
import { invalidInput, parseInput } from "./ServiceError";

/** Points of one request as parallel columns. */
export interface HistoryPoints {
  keys: string[];
  steps: number[];
  values: number[];
  times: number[];
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

const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };

/** Parses a history body; throws a 400 naming e.g. `rows.3.metrics.loss`. */
export function parseHistory(body: unknown, now = Date.now() / 1000): HistoryPoints {
  const { rows } = parseInput(Envelope, body);
  const out: HistoryPoints = { keys: [], steps: [], values: [], times: [] };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const time = row.time ?? now;
    for (const key of Object.keys(row.metrics)) {
      const raw = row.metrics[key];
      let value: number;
      if (typeof raw === "number") value = raw;
      else if (typeof raw === "string" && raw in SPECIAL) value = SPECIAL[raw];
      else throw invalidInput(`rows.${i}.metrics.${key}`, 'expected a number or "NaN" / "Infinity" / "-Infinity"');
      if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
        throw invalidInput(`rows.${i}.metrics`, `metric names must be 1–${MAX_KEY_LENGTH} characters`);
      }
      out.keys.push(key);
      out.steps.push(row.step);
      out.values.push(value);
      out.times.push(time);
    }
    if (out.keys.length > MAX_POINTS_PER_REQUEST) {
      throw invalidInput("rows", `at most ${MAX_POINTS_PER_REQUEST} points per request`);
    }
  }
  return out;
}
