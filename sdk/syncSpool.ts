/**
 * Uploading spool files (see spool.ts) to the server.
 *
 * Records are replayed in file order; consecutive history records are merged into larger
 * requests. After each acknowledged request the byte offset reached is saved in
 * `<file>.done`, so a sync that crashes or loses the server resumes where it stopped (re-sent
 * history points simply replace themselves). A file is deleted only once every record in it is
 * acknowledged and it has not grown meanwhile (a run may still be appending to it).
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { FolioClient } from "./client";
import { isRetryable } from "./errors";
import { readLines } from "./readLines";
import { DEFAULT_MAX_POINTS_PER_REQUEST, sendHistory } from "./sendHistory";
import {
  parseSpoolRecord,
  readDoneMarker,
  removeSpoolFile,
  runIdOfSpoolFile,
  SpoolFormatError,
  writeDoneMarker,
  type SpoolProgressMarker,
  type SpoolRecord,
} from "./spool";
import type { HistoryRow } from "./types";
import { withRetry, type RetryHooks, type RetryPolicy } from "./withRetry";

/** Options shared by `syncSpoolFile` and `syncSpool`. */
export interface SyncOptions {
  /** Retry policy per request (default: 60 s budget). A zero budget means a single attempt. */
  retry?: RetryPolicy;
  hooks?: RetryHooks;
  /** Points per history request (default 50,000). */
  maxPoints?: number;
  /**
   * An unterminated, unparsable last line younger than this is taken to be still being written
   * and left for later; an older one was torn by a crash and is discarded with a warning.
   */
  tornTailGraceMs?: number;
  /** Receives warnings (default: ignored). */
  warn?: (message: string) => void;
  now?: () => number;
}

/** Outcome for one spool file. */
export interface SyncFileResult {
  file: string;
  runId: string;
  /** `synced`: uploaded and deleted; `kept`: uploaded so far but the file is still growing; `failed`. */
  status: "synced" | "kept" | "failed";
  points: number;
  records: number;
  /** The run's page, when the file contained a create. */
  url?: string;
  /** Why it failed, and the line of the record that failed. */
  error?: unknown;
  line?: number;
}

/** Progress of `syncSpool`, across all files. */
export interface SyncProgress {
  file: string;
  runId: string;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  points: number;
}

/** Outcome of `syncSpool`. */
export interface SyncResult {
  files: SyncFileResult[];
  points: number;
  /** True when the server stayed unreachable and the remaining files were not tried. */
  stoppedEarly: boolean;
}

const DEFAULT_RETRY: RetryPolicy = { budgetMs: 60_000 };

/** Uploads one spool file. Never throws for upload failures: they are in the result. */
export async function syncSpoolFile(
  client: FolioClient,
  file: string,
  options: SyncOptions & { onAcknowledged?: (offset: number, points: number) => void } = {},
): Promise<SyncFileResult> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS_PER_REQUEST;
  const now = options.now ?? Date.now;
  let runId = runIdOfSpoolFile(file);
  const result: SyncFileResult = { file, runId, status: "synced", points: 0, records: 0 };

  let info;
  try {
    info = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return result;
    throw error;
  }
  let acknowledged = await readDoneMarker(file);
  // A marker past the end belongs to an earlier file of the same name.
  if (acknowledged.offset > info.size) acknowledged = { offset: 0, line: 1 };

  let pending: HistoryRow[] = [];
  let pendingPoints = 0;
  let pendingEnd: SpoolProgressMarker = acknowledged;
  let pendingFirstLine = 0;
  let failedLine = acknowledged.line;

  const advance = async (to: SpoolProgressMarker) => {
    acknowledged = to;
    await writeDoneMarker(file, to);
    options.onAcknowledged?.(to.offset, result.points);
  };
  const flush = async () => {
    if (pending.length === 0) return;
    failedLine = pendingFirstLine;
    result.points += await sendHistory(client, runId, pending, { retry, hooks: options.hooks, maxPoints });
    pending = [];
    pendingPoints = 0;
    await advance(pendingEnd);
  };
  const send = async (record: Exclude<SpoolRecord, { op: "history" }>) => {
    const call = async (): Promise<unknown> => {
      switch (record.op) {
        case "create":
          result.url = (await client.createRun({ ...record.body, id: runId })).url;
          return;
        case "patch":
          return client.updateRun(runId, record.body);
        case "finish":
          return client.finishRun(runId, record.body.exitCode ?? 0);
      }
    };
    await withRetry(call, retry, options.hooks);
  };

  try {
    for await (const line of readLines(file, { start: acknowledged.offset, firstLineNumber: acknowledged.line })) {
      const next = { offset: line.end, line: line.number + 1 };
      if (line.text.trim() === "") {
        if (pending.length === 0) acknowledged = next;
        else pendingEnd = next;
        continue;
      }
      let record: SpoolRecord;
      try {
        record = parseSpoolRecord(line.text, file, line.number);
      } catch (error) {
        if (line.terminated) throw error;
        await flush();
        if (now() - info.mtimeMs < (options.tornTailGraceMs ?? 60_000)) {
          result.status = "kept";
          return result;
        }
        options.warn?.(`${file}:${line.number}: discarding an incomplete last record (torn by a crash)`);
        await advance(next);
        continue;
      }
      result.records++;
      if (record.op === "history") {
        if (pending.length === 0) pendingFirstLine = line.number;
        pending.push(...record.body.rows);
        pendingPoints += record.body.rows.reduce((n, row) => n + Object.keys(row.metrics).length, 0);
        pendingEnd = next;
        if (pendingPoints >= maxPoints) await flush();
        continue;
      }
      await flush();
      failedLine = line.number;
      if (record.op === "create" && record.body.id) runId = record.body.id;
      result.runId = runId;
      await send(record);
      await advance(next);
    }
    await flush();
  } catch (error) {
    return { ...result, status: "failed", error, line: error instanceof SpoolFormatError ? error.line : failedLine };
  }

  const size = (await stat(file)).size;
  if (size === acknowledged.offset) await removeSpoolFile(file);
  else result.status = "kept";
  return result;
}

/** Lists the spool files in `dir`, oldest first. A missing directory has none. */
export async function listSpoolFiles(dir: string): Promise<{ file: string; size: number }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const files = await Promise.all(
    names
      .filter((name) => name.endsWith(".jsonl"))
      .map(async (name) => {
        const file = join(dir, name);
        const info = await stat(file);
        return { file, size: info.size, mtimeMs: info.mtimeMs };
      }),
  );
  files.sort((a, b) => a.mtimeMs - b.mtimeMs || a.file.localeCompare(b.file));
  return files.map(({ file, size }) => ({ file, size }));
}

/**
 * Uploads every spool file in `dir`, oldest first. A file rejected by the server is kept and
 * reported, and the others are still tried; if the server stays unreachable, the sync stops.
 */
export async function syncSpool(
  client: FolioClient,
  dir: string,
  onProgress?: (progress: SyncProgress) => void,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const files = await listSpoolFiles(dir);
  const bytesTotal = files.reduce((n, f) => n + f.size, 0);
  const result: SyncResult = { files: [], points: 0, stoppedEarly: false };
  let bytesBefore = 0;
  for (const [index, { file, size }] of files.entries()) {
    const runId = runIdOfSpoolFile(file);
    const report = (offset: number, points: number) =>
      onProgress?.({
        file,
        runId,
        filesDone: index,
        filesTotal: files.length,
        bytesDone: bytesBefore + Math.min(offset, size),
        bytesTotal,
        points: result.points + points,
      });
    report((await readDoneMarker(file)).offset, 0);
    const fileResult = await syncSpoolFile(client, file, { ...options, onAcknowledged: report });
    result.files.push(fileResult);
    result.points += fileResult.points;
    bytesBefore += size;
    onProgress?.({ file, runId: fileResult.runId, filesDone: index + 1, filesTotal: files.length, bytesDone: bytesBefore, bytesTotal, points: result.points });
    if (fileResult.status === "failed" && isRetryable(fileResult.error)) {
      result.stoppedEarly = index < files.length - 1;
      break;
    }
  }
  return result;
}
