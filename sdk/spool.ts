/**
 * The spool: what a run logs while the server is unreachable, kept on disk until `folio sync`
 * (or the run itself, once the server answers again) uploads it.
 *
 * One file per run, `<spoolDir>/<runId>.jsonl`, one JSON record per line, in the order the
 * requests would have been sent:
 *
 *   {"op":"create","body":{...POST /api/v1/runs body, with "id"}}
 *   {"op":"history","body":{"rows":[{"step":0,"time":1732300000.5,"metrics":{"loss":2.3}}]}}
 *   {"op":"patch","body":{...PATCH /api/v1/runs/{id} body}}
 *   {"op":"finish","body":{"exitCode":0}}
 *
 * The Python client writes the same format. Replaying is safe to repeat: a create with an
 * existing id resumes the run, and history points with the same (key, step) replace each other.
 * Sync progress is kept beside the file in `<runId>.jsonl.done` (see `syncSpool`).
 */
import { appendFile, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { z } from "zod";
import { parseLenientJson } from "./parseLenientJson";
import type { CreateRunBody, HistoryRow, RunPatch } from "./types";

/** One line of a spool file. */
export type SpoolRecord =
  | { op: "create"; body: CreateRunBody }
  | { op: "history"; body: { rows: HistoryRow[] } }
  | { op: "patch"; body: RunPatch }
  | { op: "finish"; body: { exitCode?: number | null } };

const wireValue = z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]);

/** Shape check for records read back from disk; the server validates the details. */
export const spoolRecordSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("create"), body: z.object({ project: z.string().min(1) }).passthrough() }),
  z.object({
    op: z.literal("history"),
    body: z.object({
      rows: z.array(
        z.object({
          step: z.number().int().nonnegative(),
          time: z.number().optional(),
          // A null value (written by some Python code for "no value") is dropped, not refused.
          metrics: z
            .record(wireValue.nullable())
            .transform((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== null)) as Record<string, z.infer<typeof wireValue>>),
        }),
      ),
    }),
  }),
  z.object({ op: z.literal("patch"), body: z.object({}).passthrough() }),
  z.object({ op: z.literal("finish"), body: z.object({ exitCode: z.number().int().nullish() }).passthrough() }),
]);

/** A spool line that is not a valid record: `file:line: message`. */
export class SpoolFormatError extends Error {
  override readonly name = "SpoolFormatError";
  constructor(readonly file: string, readonly line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
  }
}

/** Path of the spool file of `runId`. */
export function spoolFilePath(dir: string, runId: string): string {
  return join(dir, `${runId}.jsonl`);
}

/** The run id a spool file belongs to, from its name. */
export function runIdOfSpoolFile(path: string): string {
  return basename(path).replace(/\.jsonl$/, "");
}

/** Appends records to the run's spool file (creating the directory), in one write. */
export async function appendSpoolRecords(dir: string, runId: string, records: SpoolRecord[]): Promise<string> {
  const path = spoolFilePath(dir, runId);
  if (records.length === 0) return path;
  await mkdir(dir, { recursive: true });
  await appendFile(path, records.map((record) => JSON.stringify(record) + "\n").join(""));
  return path;
}

/** Parses one spool line. Throws `SpoolFormatError`. */
export function parseSpoolRecord(text: string, file: string, line: number): SpoolRecord {
  let json: unknown;
  try {
    json = parseLenientJson(text);
  } catch (error) {
    throw new SpoolFormatError(file, line, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = spoolRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw new SpoolFormatError(file, line, `not a spool record: ${where}${issue.message}`);
  }
  return parsed.data as SpoolRecord;
}

/** How far a spool file has been uploaded: everything before `offset` is acknowledged. */
export interface SpoolProgressMarker {
  offset: number;
  /** Line number of the line starting at `offset`. */
  line: number;
}

/** Path of the progress marker of a spool file. */
export function doneMarkerPath(spoolFile: string): string {
  return `${spoolFile}.done`;
}

/** Reads the progress marker; none means nothing was uploaded yet. */
export async function readDoneMarker(spoolFile: string): Promise<SpoolProgressMarker> {
  try {
    const json = JSON.parse(await readFile(doneMarkerPath(spoolFile), "utf8")) as Partial<SpoolProgressMarker>;
    if (Number.isInteger(json.offset) && Number.isInteger(json.line)) {
      return { offset: json.offset!, line: json.line! };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" && !(error instanceof SyntaxError)) throw error;
  }
  return { offset: 0, line: 1 };
}

/** Records progress atomically (write + rename), so a crash leaves the old or the new marker. */
export async function writeDoneMarker(spoolFile: string, marker: SpoolProgressMarker): Promise<void> {
  const path = doneMarkerPath(spoolFile);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(marker));
  await rename(temp, path);
}

/**
 * Removes a fully uploaded spool file and its marker. The marker goes first: a crash in between
 * leaves a file without a marker, which is re-sent in full (harmless), never a stale marker that
 * would skip the start of a later file for the same run.
 */
export async function removeSpoolFile(spoolFile: string): Promise<void> {
  await rm(doneMarkerPath(spoolFile), { force: true });
  await rm(spoolFile, { force: true });
}
