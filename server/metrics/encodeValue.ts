/** Metric values as the API sends them: JSON numbers, or strings for the non-finite ones. */

/** A value in an API response. */
export type EncodedValue = number | "NaN" | "Infinity" | "-Infinity";

/** Encodes NaN and ±Infinity as "NaN", "Infinity" and "-Infinity" (JSON has no such numbers). */
export function encodeValue(v: number): EncodedValue {
  return Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
}
