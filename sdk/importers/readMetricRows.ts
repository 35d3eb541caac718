/**
 * Streaming the rows of a metrics file (CSV, TSV or JSONL) with their line numbers and byte
 * offsets, without loading the file: the importer reads a file twice (validate, then upload),
 * and files can be gigabytes.
 */
import { open } from "node:fs/promises";
import { extname } from "node:path";
import { readLines } from "../readLines";
import type { HistoryRow } from "../types";
import { createCsvRowParser } from "./createCsvRowParser";
import { MetricFileError } from "./MetricFileError";
import { parseJsonlRow } from "./parseJsonlRow";

/** Supported file formats. */
export type MetricFileFormat = "csv" | "tsv" | "jsonl";

/** One line's outcome: a row, nothing (header, blank), or an error. */
export interface MetricLine {
  row: HistoryRow | null;
  error: MetricFileError | null;
  lineNumber: number;
  /** Byte offset just past this line. */
  end: number;
}

/** The format from the file name, else from the first bytes (`{` → JSONL, else CSV). */
export async function detectFormat(path: string): Promise<MetricFileFormat> {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".tsv" || ext === ".tab") return "tsv";
  if (ext === ".jsonl" || ext === ".ndjson" || ext === ".json") return "jsonl";
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.toString("utf8", 0, bytesRead).replace(/^\uFEFF/, "").trimStart();
    return head.startsWith("{") ? "jsonl" : "csv";
  } finally {
    await handle.close();
  }
}

/**
 * Yields every line's outcome. After an error the reading goes on (so a validation pass can
 * report several), except after a fatal one (a bad CSV header), which ends the stream.
 * `displayName` is the file name used in error messages.
 */
export async function* readMetricRows(
  path: string,
  format: MetricFileFormat,
  displayName = path,
): AsyncGenerator<MetricLine> {
  const csv = format === "jsonl" ? null : createCsvRowParser(displayName, format === "tsv" ? "\t" : ",");
  for await (const line of readLines(path)) {
    try {
      const row = csv ? csv(line.text, line.number) : parseJsonlRow(line.text, displayName, line.number);
      yield { row, error: null, lineNumber: line.number, end: line.end };
    } catch (error) {
      if (!(error instanceof MetricFileError)) throw error;
      yield { row: null, error, lineNumber: line.number, end: line.end };
      if (csv?.fatal) return;
    }
  }
}
