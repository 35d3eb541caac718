/**
 * Metric values on the wire. JSON has no NaN or infinities, so the API spells them as the
 * strings "NaN", "Infinity" and "-Infinity" (docs/api.md, history).
 */
import type { WireMetricValue } from "./types";

/** Longest metric key the server accepts. */
export const MAX_METRIC_KEY_LENGTH = 256;

/** Encodes one number for the wire. */
export function encodeMetricValue(value: number): WireMetricValue {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  return value;
}

/** Decodes a wire value back to a number. */
export function decodeMetricValue(value: WireMetricValue): number {
  return typeof value === "number" ? value : Number(value);
}

/**
 * Validates and encodes a `log()` argument. Throws a `TypeError` naming the first offending key:
 * every value must be a number, every key 1–256 characters.
 */
export function encodeMetrics(metrics: Record<string, number>): Record<string, WireMetricValue> {
  if (typeof metrics !== "object" || metrics === null || Array.isArray(metrics)) {
    throw new TypeError(`log() expects an object of metric values, got ${describe(metrics)}`);
  }
  const encoded: Record<string, WireMetricValue> = {};
  for (const [key, value] of Object.entries(metrics)) {
    if (key.length === 0 || key.length > MAX_METRIC_KEY_LENGTH) {
      throw new TypeError(`metric key ${JSON.stringify(key.slice(0, 40))} must be 1–${MAX_METRIC_KEY_LENGTH} characters long`);
    }
    if (typeof value !== "number") {
      throw new TypeError(`metric ${JSON.stringify(key)} must be a number, got ${describe(value)}`);
    }
    encoded[key] = encodeMetricValue(value);
  }
  return encoded;
}

/** Encodes a JSON-ish value (config, summary), replacing non-finite numbers by their spellings. */
export function encodeJsonValue(value: unknown): unknown {
  if (typeof value === "number") return encodeMetricValue(value);
  if (Array.isArray(value)) return value.map(encodeJsonValue);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeJsonValue(v)]));
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
