/**
 * Turning the lines of a metrics CSV (or TSV) into history rows. The first non-empty line is
 * the header: a `step` column, optionally a `time` column, and one column per metric. An empty
 * cell means "no value at this step".
 */
import { MAX_METRIC_KEY_LENGTH } from "../encodeMetrics";
import type { HistoryRow, WireMetricValue } from "../types";
import { MetricFileError } from "./MetricFileError";
import { parseMetricText, parseStepText, parseTimeText } from "./parseMetricText";
import { splitCsvLine } from "./splitCsvLine";

interface Columns {
  width: number;
  step: number;
  time: number;
  metrics: { index: number; key: string }[];
}

/** Parses one line: null for the header and blank lines, a row otherwise. */
export type CsvRowParser = (text: string, lineNumber: number) => HistoryRow | null;

/**
 * A parser for the lines of one file, in order. Errors are `MetricFileError`s naming the line
 * and the column; an error in the header is fatal (`fatal` is set on the parser).
 */
export function createCsvRowParser(file: string, delimiter = ","): CsvRowParser & { fatal: boolean } {
  let columns: Columns | null = null;
  const fail = (line: number, detail: string) => new MetricFileError(file, line, detail);

  const parser = (text: string, lineNumber: number): HistoryRow | null => {
    if (text.trim() === "") return null;
    let cells: string[];
    try {
      cells = splitCsvLine(lineNumber === 1 ? text.replace(/^\uFEFF/, "") : text, delimiter);
    } catch (error) {
      if (!columns) parser.fatal = true;
      throw fail(lineNumber, (error as Error).message);
    }
    if (!columns) {
      parser.fatal = true;
      columns = readHeader(cells.map((c) => c.trim()), (detail) => fail(lineNumber, detail));
      parser.fatal = false;
      return null;
    }
    if (cells.length !== columns.width) {
      throw fail(lineNumber, `expected ${columns.width} cells like the header, found ${cells.length}`);
    }
    const stepText = cells[columns.step]!.trim();
    const step = parseStepText(stepText);
    if (step === null) throw fail(lineNumber, `column "step": ${JSON.stringify(stepText)} is not an integer ≥ 0`);
    const row: HistoryRow = { step, metrics: {} };
    if (columns.time >= 0) {
      const timeText = cells[columns.time]!.trim();
      if (timeText !== "") {
        const time = parseTimeText(timeText);
        if (time === null) throw fail(lineNumber, `column "time": ${JSON.stringify(timeText)} is not seconds since the epoch or an ISO date`);
        row.time = time;
      }
    }
    for (const { index, key } of columns.metrics) {
      const cell = cells[index]!.trim();
      if (cell === "") continue;
      const value: WireMetricValue | null = parseMetricText(cell);
      if (value === null) throw fail(lineNumber, `column ${JSON.stringify(key)}: ${JSON.stringify(cell)} is not a number`);
      row.metrics[key] = value;
    }
    return row;
  };
  parser.fatal = false;
  return parser;
}

function readHeader(names: string[], fail: (detail: string) => MetricFileError): Columns {
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (name === "") throw fail(`the header's column ${i + 1} has no name`);
    if (name.length > MAX_METRIC_KEY_LENGTH) throw fail(`the header's column ${i + 1} is longer than ${MAX_METRIC_KEY_LENGTH} characters`);
    if (seen.has(name)) throw fail(`the header names column ${JSON.stringify(name)} twice`);
    seen.add(name);
  }
  const step = names.indexOf("step");
  if (step < 0) throw fail(`the header must have a "step" column (found: ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""})`);
  const time = names.indexOf("time");
  const metrics = names.flatMap((key, index) => (index === step || index === time ? [] : [{ index, key }]));
  if (metrics.length === 0) throw fail("the header has no metric columns besides step and time");
  return { width: names.length, step, time, metrics };
}
