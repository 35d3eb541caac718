/**
 * The Folio SDK: `init()` a run, `log()` metrics, `finish()`.
 *
 * ```ts
 * import { init } from "folio/sdk";
 * const run = await init({ project: "mnist", config: { lr: 0.01 } });
 * for (let step = 0; step < 1000; step++) run.log({ loss: train() });
 * await run.finish();
 * ```
 */
import { hostname } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { FolioClient } from "./client";
import { configDir } from "./configFile";
import { encodeJsonValue } from "./encodeMetrics";
import { generateRunId } from "./generateRunId";
import { resolveSettings } from "./resolveSettings";
import { Run, type RunTiming } from "./Run";
import type { CreateRunBody } from "./types";

export { FolioClient, type FolioClientOptions } from "./client";
export { FolioApiError, FolioNetworkError, isRetryable } from "./errors";
export { Run, type FinishResult, type RunTiming } from "./Run";
export { syncSpool, syncSpoolFile, type SyncProgress, type SyncResult } from "./syncSpool";
export type * from "./types";

const initOptionsSchema = z.object({
  project: z.string().min(1),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 characters [A-Za-z0-9_-]").optional(),
  name: z.string().min(1).optional(),
  displayName: z.string().optional(),
  config: z.record(z.unknown()).optional(),
  tags: z.array(z.string()).optional(),
  group: z.string().optional(),
  jobType: z.string().optional(),
  notes: z.string().optional(),
  url: z.string().url().optional(),
  apiKey: z.string().min(1).optional(),
  spoolDir: z.string().min(1).optional(),
  retrySeconds: z.number().nonnegative().optional(),
});

/** Options of `init()`. */
export interface InitOptions extends z.input<typeof initOptionsSchema> {
  /** "team/project", or a project of your personal team; created if missing. */
  project: string;
  /** Resume this run (or create it under this id). Default: 8 random characters [a-z0-9]. */
  id?: string;
  /** Server URL; default `FOLIO_URL`, then `folio login`'s config file. */
  url?: string;
  /** API key; default `FOLIO_API_KEY`, then the config file. */
  apiKey?: string;
  /** Where to spool when the server is unreachable; default `FOLIO_SPOOL_DIR` or `~/.folio/spool`. */
  spoolDir?: string;
  /** How long to retry before spooling; default `FOLIO_RETRY_SECONDS` or 60. */
  retrySeconds?: number;
  /** Environment to read defaults from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** A `fetch` implementation for the client. */
  fetch?: typeof fetch;
  /** Timing knobs, mostly for tests. */
  timing?: Partial<RunTiming>;
  /** Where warnings go (default: stderr). */
  warn?: (message: string) => void;
  /** See `RunDependencies.handleExit` (default true). */
  handleExit?: boolean;
}

const envSchema = z.object({
  FOLIO_RETRY_SECONDS: z.coerce.number().nonnegative().optional(),
  FOLIO_SPOOL_DIR: z.string().min(1).optional(),
});

/**
 * Starts a run: creates it on the server (or resumes it, when `id` exists) and returns it. An
 * unreachable server does not fail `init()`: the run logs offline and spools. A refused key
 * or invalid option does (`FolioApiError`, `TypeError`).
 */
export async function init(options: InitOptions): Promise<Run> {
  const parsed = initOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TypeError(`init(): ${issue.path.join(".") || "options"}: ${issue.message}`);
  }
  const opts = parsed.data;
  const env = options.env ?? process.env;
  const envParsed = envSchema.safeParse({
    FOLIO_RETRY_SECONDS: env.FOLIO_RETRY_SECONDS || undefined,
    FOLIO_SPOOL_DIR: env.FOLIO_SPOOL_DIR || undefined,
  });
  if (!envParsed.success) {
    throw new TypeError(`init(): FOLIO_RETRY_SECONDS must be a number of seconds, got ${JSON.stringify(env.FOLIO_RETRY_SECONDS)}`);
  }
  const settings = await resolveSettings({ url: opts.url, apiKey: opts.apiKey }, env);
  const client = new FolioClient({ ...settings, fetch: options.fetch });
  const createBody: CreateRunBody & { id: string } = {
    project: opts.project,
    id: opts.id ?? generateRunId(),
    ...pick(opts, ["name", "displayName", "tags", "group", "jobType", "notes"]),
    config: encodeJsonValue(opts.config ?? {}) as Record<string, unknown>,
    host: hostname(),
    command: commandLine(process.argv),
    runtime: { node: process.version },
  };
  const run = new Run({
    client,
    createBody,
    spoolDir: opts.spoolDir ?? envParsed.data.FOLIO_SPOOL_DIR ?? join(configDir(env), "spool"),
    retryBudgetMs: (opts.retrySeconds ?? envParsed.data.FOLIO_RETRY_SECONDS ?? 60) * 1000,
    timing: options.timing,
    warn: options.warn,
    handleExit: options.handleExit,
  });
  await run.start();
  return run;
}

function pick<T extends object, K extends keyof T>(object: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (object[key] !== undefined) out[key] = object[key];
  return out;
}

/** `process.argv` as a copy-pasteable shell command. */
function commandLine(argv: string[]): string {
  return argv
    .map((arg, i) => (i === 0 ? "node" : arg))
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
    .join(" ");
}
