/**
 * Turning one line of a metrics JSONL file into a history row. Two shapes are accepted:
 *
 *   {"step": 0, "time": 1732300000.5, "metrics": {"loss": 2.3, "acc": 0.1}}
 *   {"step": 0, "loss": 2.3, "acc": 0.1}                     (flat: every other key is a metric)
 *
 * `_step` and `_timestamp` are accepted for `step` and `time` (W&B history exports). A metric
 * value is a number, null (no value), or "NaN" / "Infinity" / "-Infinity"; bare NaN and
 * Infinity tokens, as Python writes them, are read too.
 */
import { MAX_METRIC_KEY_LENGTH } from "../encodeMetrics";
import { parseLenientJson } from "../parseLenientJson";
import type { HistoryRow, WireMetricValue } from "../types";
import { MetricFileError } from "./MetricFileError";

const RESERVED = new Set(["step", "_step", "time", "_timestamp"]);
const NON_FINITE = new Set(["NaN", "Infinity", "-Infinity"]);

/** Parses one line; null for a blank line. Throws `MetricFileError`. */
export function parseJsonlRow(text: string, file: string, lineNumber: number): HistoryRow | null {
  if (text.trim() === "") return null;
  const fail = (detail: string) => new MetricFileError(file, lineNumber, detail);
  let json: unknown;
  try {
    json = parseLenientJson(lineNumber === 1 ? text.replace(/^\uFEFF/, "") : text);
  } catch (error) {
    throw fail(`not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw fail("expected a JSON object");
  const object = json as Record<string, unknown>;

  const stepKey = "step" in object ? "step" : "_step";
  const step = object[stepKey];
  if (step === undefined) throw fail(`missing "step"`);
  if (typeof step !== "number" || !Number.isSafeInteger(step) || step < 0) {
    throw fail(`"${stepKey}": ${JSON.stringify(step)} is not an integer ≥ 0`);
  }
  const row: HistoryRow = { step, metrics: {} };
  const timeKey = "time" in object ? "time" : "_timestamp";
  const time = object[timeKey];
  if (time !== undefined && time !== null) {
    if (typeof time !== "number" || !Number.isFinite(time)) throw fail(`"${timeKey}": ${JSON.stringify(time)} is not seconds since the epoch`);
    row.time = time;
  }

  let metrics: Record<string, unknown>;
  let where: (key: string) => string;
  if ("metrics" in object) {
    const nested = object.metrics;
    if (typeof nested !== "object" || nested === null || Array.isArray(nested)) throw fail(`"metrics" must be an object`);
    const extra = Object.keys(object).find((k) => k !== "metrics" && !RESERVED.has(k));
    if (extra !== undefined) throw fail(`unexpected key ${JSON.stringify(extra)} next to "metrics" (put metrics inside "metrics")`);
    metrics = nested as Record<string, unknown>;
    where = (key) => `"metrics.${key}"`;
  } else {
    metrics = Object.fromEntries(Object.entries(object).filter(([k]) => !RESERVED.has(k)));
    where = (key) => JSON.stringify(key);
  }
  for (const [key, value] of Object.entries(metrics)) {
    if (key.length === 0 || key.length > MAX_METRIC_KEY_LENGTH) throw fail(`metric key ${where(key)} must be 1–${MAX_METRIC_KEY_LENGTH} characters`);
    if (value === null) continue;
    if (typeof value === "number" || (typeof value === "string" && NON_FINITE.has(value))) {
      row.metrics[key] = value as WireMetricValue;
      continue;
    }
    throw fail(`${where(key)}: ${describe(value)} is not a number`);
  }
  return row;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value);
  return text.length > 40 ? text.slice(0, 40) + "…" : text;
}
