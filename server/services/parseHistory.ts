/**
 * Validation of `POST /runs/{id}/history` bodies, flattened into column arrays for the writer.
 * zod checks the envelope; rows and values are checked by a hand-written loop because it runs for
 * every point at hundreds of thousands of points per second, and it still names the exact bad field.
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

// zod checks the envelope only. Rows are checked by hand below with zod's wording: a zod object
// schema per row cost ~0.35 µs per point, more than JSON.parse of the body.
const Envelope = z.object({
  rows: z.array(z.unknown()).max(MAX_POINTS_PER_REQUEST, `at most ${MAX_POINTS_PER_REQUEST} rows per request`),
});

interface Row {
  step: number;
  time?: number;
  metrics: Record<string, unknown>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const typeName = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Checks one row as `{ step: int ≥ 0, time?: finite ≥ 0, metrics: object }`, naming the bad field. */
function checkRow(row: unknown, i: number): Row {
  if (!isPlainObject(row)) throw invalidInput(`rows.${i}`, `Expected object, received ${typeName(row)}`);
  const { step, time, metrics } = row;
  if (typeof step !== "number") throw invalidInput(`rows.${i}.step`, step === undefined ? "Required" : `Expected number, received ${typeName(step)}`);
  if (!Number.isInteger(step)) throw invalidInput(`rows.${i}.step`, "must be an integer");
  if (step < 0) throw invalidInput(`rows.${i}.step`, "must be ≥ 0");
  if (step > Number.MAX_SAFE_INTEGER) throw invalidInput(`rows.${i}.step`, `Number must be less than or equal to ${Number.MAX_SAFE_INTEGER}`);
  if (time !== undefined) {
    if (typeof time !== "number") throw invalidInput(`rows.${i}.time`, `Expected number, received ${typeName(time)}`);
    if (!Number.isFinite(time)) throw invalidInput(`rows.${i}.time`, "Number must be finite");
    if (time < 0) throw invalidInput(`rows.${i}.time`, "Number must be greater than or equal to 0");
  }
  // A plain-object check only: rebuilding it (as z.record does) would silently drop a "__proto__"
  // key, and the values are checked by the caller anyway.
  if (!isPlainObject(metrics)) throw invalidInput(`rows.${i}.metrics`, "must be an object of metric values");
  return row as unknown as Row;
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
    const row = checkRow(rows[i], i);
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
