/**
 * Reading a metric value written as text, as CSV files and spreadsheets spell numbers:
 * decimal or scientific notation, and NaN / inf / Infinity in the spellings of pandas, numpy
 * and JavaScript (case-insensitive).
 */
import type { WireMetricValue } from "../types";

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The wire value for `text`, or null when it is not a number. `text` must be trimmed. */
export function parseMetricText(text: string): WireMetricValue | null {
  if (DECIMAL.test(text)) {
    const value = Number(text);
    // "1e999" parses to Infinity: keep the API's spelling for it.
    return Number.isFinite(value) ? value : value > 0 ? "Infinity" : "-Infinity";
  }
  switch (text.toLowerCase()) {
    case "nan":
    case "-nan":
    case "+nan":
      return "NaN";
    case "inf":
    case "+inf":
    case "infinity":
    case "+infinity":
      return "Infinity";
    case "-inf":
    case "-infinity":
      return "-Infinity";
  }
  return null;
}

/** A step from text: an integer ≥ 0 (a whole float such as "3.0" is accepted), else null. */
export function parseStepText(text: string): number | null {
  const value = parseMetricText(text);
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** A time from text: seconds since the epoch, or an ISO 8601 date; else null. */
export function parseTimeText(text: string): number | null {
  const value = parseMetricText(text);
  if (typeof value === "number") return value;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms / 1000;
  }
  return null;
}
