/**
 * A run being logged: the object `init()` returns.
 *
 * `log()` only appends to an in-memory queue of operations (history rows, patches), so a
 * training loop never waits for the network. One background loop drains the queue every
 * `flushIntervalMs` (or as soon as `flushRows` rows are waiting) and sends the operations in
 * order. Transient failures are retried with backoff for up to `retryBudgetMs` per request;
 * after that the run switches to *spooling*: the operations are appended to
 * `<spoolDir>/<id>.jsonl` instead, and every `probeMs` the loop tries to upload that file;
 * when it succeeds the run is back online. Anything still queued when the process exits
 * without `finish()` is written to the spool synchronously, so `folio sync` can upload it.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import type { FolioClient } from "./client";
import { encodeJsonValue, encodeMetrics } from "./encodeMetrics";
import { FolioApiError, isRetryable } from "./errors";
import { sendHistory } from "./sendHistory";
import { appendSpoolRecords, spoolFilePath, type SpoolRecord } from "./spool";
import { syncSpoolFile } from "./syncSpool";
import type { CreateRunBody, HistoryRow, RunPatch } from "./types";
import { withRetry, type RetryPolicy } from "./withRetry";

/** Timing knobs; the defaults suit training jobs, tests shrink them. */
export interface RunTiming {
  /** Flush queued rows at least this often (default 1000 ms). */
  flushIntervalMs: number;
  /** Flush early once this many rows are queued (default 1000). */
  flushRows: number;
  /** Send a heartbeat when nothing else was sent for this long (default 30 000 ms). */
  heartbeatMs: number;
  /** While spooling, try the server again this often (default 30 000 ms). */
  probeMs: number;
  /** Backoff between retries (defaults 250 ms doubling up to 10 000 ms). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Budget for the first attempt to create the run, inside `init()` (default 5000 ms). */
  initialCreateMs: number;
}

/** Default `RunTiming`. */
export const DEFAULT_RUN_TIMING: Readonly<RunTiming> = Object.freeze({
  flushIntervalMs: 1000,
  flushRows: 1000,
  heartbeatMs: 30_000,
  probeMs: 30_000,
  backoffBaseMs: 250,
  backoffMaxMs: 10_000,
  initialCreateMs: 5000,
});

/** What a `Run` needs; `init()` builds it. */
export interface RunDependencies {
  client: FolioClient;
  /** The create body, `id` included. */
  createBody: CreateRunBody & { id: string };
  spoolDir: string;
  /** How long a request is retried before the run spools instead. */
  retryBudgetMs: number;
  timing?: Partial<RunTiming>;
  /** Where warnings go (default: stderr, prefixed "folio:"). */
  warn?: (message: string) => void;
  now?: () => number;
  /**
   * Finish the run on `beforeExit` and save unsent data to the spool on `exit` (default true).
   * Programs that manage many runs and their own shutdown may turn it off.
   */
  handleExit?: boolean;
}

/** How `finish()` (or `abandon()`) ended. */
export interface FinishResult {
  /** True when the server acknowledged everything. */
  synced: boolean;
  /** The spool file holding what the server has not acknowledged, if any. */
  spoolFile: string | null;
  /** Errors the server gave for data it refused (which was dropped). */
  errors: unknown[];
}

type Op = SpoolRecord;
type Mode = "online" | "spooling" | "dead";
type Ending = { kind: "finish"; exitCode: number } | { kind: "abandon" };

/** A run: `log()` metrics, update its summary, and `finish()` it. */
export class Run {
  /** The run id (8 characters [a-z0-9] unless you chose one). */
  readonly id: string;
  /** The project as given to `init()`. */
  readonly project: string;
  #url: string | null = null;

  readonly #client: FolioClient;
  readonly #createBody: CreateRunBody & { id: string };
  readonly #spoolDir: string;
  readonly #retry: RetryPolicy;
  readonly #timing: RunTiming;
  readonly #warn: (message: string) => void;
  readonly #now: () => number;
  readonly #handleExit: boolean;

  #mode: Mode = "online";
  #created = false;
  #ops: Op[] = [];
  #inFlight: Op[] = [];
  #queuedRows = 0;
  #nextStep = 0;
  #summary: Record<string, unknown> = {};
  #config: Record<string, unknown>;
  #lastContact: number;
  #lastProbe = 0;
  #probeGaveUp = false;
  #spoolHeaderWritten = false;
  #errors: unknown[] = [];
  #ending: Ending | null = null;
  #wake: (() => void) | null = null;
  #loop: Promise<FinishResult> | null = null;
  readonly #onBeforeExit = () => void this.finish(process.exitCode === undefined ? 0 : Number(process.exitCode));
  readonly #onExit = () => this.#spoolSynchronously();

  constructor(deps: RunDependencies) {
    this.id = deps.createBody.id;
    this.project = deps.createBody.project;
    this.#client = deps.client;
    this.#createBody = deps.createBody;
    this.#spoolDir = deps.spoolDir;
    this.#timing = { ...DEFAULT_RUN_TIMING, ...deps.timing };
    this.#retry = { budgetMs: deps.retryBudgetMs, baseMs: this.#timing.backoffBaseMs, maxMs: this.#timing.backoffMaxMs };
    this.#warn = deps.warn ?? ((message) => process.stderr.write(`folio: ${message}\n`));
    this.#now = deps.now ?? Date.now;
    this.#handleExit = deps.handleExit ?? true;
    this.#config = { ...deps.createBody.config };
    this.#lastContact = this.#now();
  }

  /** The run's page, once the server has answered; `null` while it has not. */
  get url(): string | null {
    return this.#url;
  }

  /** The step the next `log()` without `step` will use. */
  get step(): number {
    return this.#nextStep;
  }

  /** True while the server is unreachable and data goes to the spool file. */
  get spooling(): boolean {
    return this.#mode === "spooling";
  }

  /** The config as sent by this process (init config plus `updateConfig` calls). */
  get config(): Readonly<Record<string, unknown>> {
    return { ...this.#config };
  }

  /**
   * Creates (or resumes) the run on the server and starts the background loop. A server that
   * cannot be reached is not an error: the run starts offline and retries, then spools. A
   * refusal (bad key, bad input, id taken in another project) is thrown.
   */
  async start(): Promise<void> {
    try {
      const budget = { ...this.#retry, budgetMs: Math.min(this.#timing.initialCreateMs, this.#retry.budgetMs) };
      // A server that accepts connections but hangs must not hold up init() for the full
      // request timeout; the create is idempotent, so the background loop can simply repeat it.
      const timeoutMs = Math.max(1000, this.#timing.initialCreateMs);
      const created = await withRetry(() => this.#client.createRun(this.#createBody, { timeoutMs }), budget);
      this.#markCreated(created.url);
      if (created.resumed) await this.#continueSteps();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      this.#warn(`could not reach ${this.#client.url} (${(error as Error).message}); logging continues and will be retried`);
    }
    if (this.#handleExit) {
      process.on("beforeExit", this.#onBeforeExit);
      process.on("exit", this.#onExit);
    }
    this.#loop = this.#run();
  }

  /**
   * Queues metrics for `step` (default: one more than the last step logged). Never blocks and
   * never throws for network trouble. Throws `TypeError` for a value that is not a number.
   * NaN and ±Infinity are allowed.
   */
  log(metrics: Record<string, number>, options: { step?: number } = {}): void {
    this.#assertOpen("log");
    const encoded = encodeMetrics(metrics);
    const step = options.step ?? this.#nextStep;
    if (!Number.isInteger(step) || step < 0) {
      throw new TypeError(`step must be an integer ≥ 0, got ${String(options.step)}`);
    }
    this.#nextStep = step + 1;
    if (Object.keys(encoded).length === 0) return;
    const row: HistoryRow = { step, time: this.#now() / 1000, metrics: encoded };
    const last = this.#ops.at(-1);
    if (last?.op === "history") last.body.rows.push(row);
    else this.#ops.push({ op: "history", body: { rows: [row] } });
    if (++this.#queuedRows >= this.#timing.flushRows) this.#wake?.();
  }

  /** The summary keys set by this process. */
  get summary(): Readonly<Record<string, unknown>> {
    return { ...this.#summary };
  }

  /** Replaces the summary keys this process set: keys missing from `values` are deleted. */
  set summary(values: Record<string, unknown>) {
    const patch: Record<string, unknown> = {};
    for (const key of Object.keys(this.#summary)) if (!(key in values)) patch[key] = null;
    this.updateSummary({ ...patch, ...values });
  }

  /** Sets summary keys (a `null` value deletes the key). */
  updateSummary(values: Record<string, unknown>): void {
    this.#assertOpen("updateSummary");
    for (const [key, value] of Object.entries(values)) {
      if (value === null) delete this.#summary[key];
      else this.#summary[key] = value;
    }
    this.#queuePatch({ summary: encodeJsonValue(values) as Record<string, unknown> });
  }

  /** Sets config keys (a `null` value deletes the key). */
  updateConfig(values: Record<string, unknown>): void {
    this.#assertOpen("updateConfig");
    for (const [key, value] of Object.entries(values)) {
      if (value === null) delete this.#config[key];
      else this.#config[key] = value;
    }
    this.#queuePatch({ config: encodeJsonValue(values) as Record<string, unknown> });
  }

  /** Changes other run fields (name, displayName, tags, notes, group, jobType). */
  update(patch: Omit<RunPatch, "config" | "summary">): void {
    this.#assertOpen("update");
    this.#queuePatch(patch);
  }

  /**
   * Flushes everything and marks the run finished (exit code 0) or failed (anything else).
   * Resolves once the server acknowledged everything, or it was written to the spool file.
   */
  finish(exitCode = 0): Promise<FinishResult> {
    return this.#end({ kind: "finish", exitCode });
  }

  /**
   * Flushes what was logged, then stops without finishing: no more heartbeats, so the server
   * marks the run `crashed` after its heartbeat timeout, as if the process had died.
   */
  abandon(): Promise<FinishResult> {
    return this.#end({ kind: "abandon" });
  }

  #end(ending: Ending): Promise<FinishResult> {
    if (!this.#loop) return Promise.reject(new Error("the run was not started"));
    if (!this.#ending) {
      this.#ending = ending;
      this.#wake?.();
    }
    return this.#loop;
  }

  #assertOpen(what: string): void {
    if (this.#ending) throw new Error(`run ${this.id} has ended: ${what}() after finish() is not allowed`);
  }

  #queuePatch(patch: RunPatch): void {
    const last = this.#ops.at(-1);
    if (last?.op !== "patch") {
      this.#ops.push({ op: "patch", body: patch });
      return;
    }
    const merged: RunPatch = { ...last.body, ...patch };
    if (last.body.config && patch.config) merged.config = { ...last.body.config, ...patch.config };
    if (last.body.summary && patch.summary) merged.summary = { ...last.body.summary, ...patch.summary };
    last.body = merged;
  }

  #markCreated(url: string): void {
    this.#created = true;
    this.#url = url;
    this.#lastContact = this.#now();
  }

  /** A resumed run continues after its last step rather than overwriting from 0. */
  async #continueSteps(): Promise<void> {
    try {
      const info = await this.#client.getRun(this.id);
      if (info.lastStep !== null && info.lastStep !== undefined) this.#nextStep = info.lastStep + 1;
    } catch (error) {
      this.#warn(`could not read resumed run ${this.id}'s last step (${(error as Error).message}); steps restart at 0`);
    }
  }

  async #run(): Promise<FinishResult> {
    try {
      for (;;) {
        await this.#waitForWork();
        const ending = this.#ending;
        const ops = this.#ops.splice(0);
        this.#queuedRows = 0;
        if (ending?.kind === "finish") ops.push({ op: "finish", body: { exitCode: ending.exitCode } });
        await this.#process(ops, ending !== null);
        if (ending) break;
      }
    } catch (error) {
      // A bug or a full disk: keep the promise contract (finish resolves) but say so loudly.
      this.#errors.push(error);
      this.#warn(`run ${this.id}: ${(error as Error).stack ?? String(error)}`);
    } finally {
      process.off("beforeExit", this.#onBeforeExit);
      process.off("exit", this.#onExit);
    }
    const spoolFile = this.#mode === "spooling" ? spoolFilePath(this.#spoolDir, this.id) : null;
    if (spoolFile) this.#warn(`run ${this.id} was saved to ${spoolFile}; upload it with \`folio sync\``);
    return { synced: this.#mode === "online" && this.#errors.length === 0, spoolFile, errors: this.#errors };
  }

  #waitForWork(): Promise<void> {
    if (this.#ending || this.#queuedRows >= this.#timing.flushRows) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      // Unref'd: an unfinished run must not keep the process alive; `beforeExit` finishes it.
      const timer = setTimeout(done, this.#timing.flushIntervalMs);
      timer.unref();
      this.#wake = done;
    });
  }

  async #process(ops: Op[], last: boolean): Promise<void> {
    if (this.#mode === "dead") return;
    if (this.#mode === "online") {
      if (!this.#created) ops.unshift({ op: "create", body: this.#createBody });
      this.#inFlight = ops;
      while (ops.length > 0) {
        try {
          await this.#send(ops[0]!);
        } catch (error) {
          // A revoked key is fixable later (`folio login`, then `folio sync`): keep the data.
          if (isRetryable(error) || isAuthError(error)) {
            await this.#startSpooling(ops, error);
            break;
          }
          if (!this.#refused(ops[0]!, error)) break;
        }
        ops.shift();
      }
      this.#inFlight = [];
      if (this.#mode === "online" && ops.length === 0 && this.#created && !last) await this.#heartbeatIfIdle();
      // Having just waited out the retry budget, do not probe again right away.
      return;
    }
    if (ops.length > 0) await this.#appendToSpool(ops);
    if (!this.#probeGaveUp && (last || this.#now() - this.#lastProbe >= this.#timing.probeMs)) await this.#probe();
  }

  async #send(op: Op): Promise<void> {
    switch (op.op) {
      case "create": {
        const result = await withRetry(() => this.#client.createRun(op.body), this.#retry);
        this.#markCreated(result.url);
        return;
      }
      case "history":
        await sendHistory(this.#client, this.id, op.body.rows, { retry: this.#retry });
        break;
      case "patch":
        await withRetry(() => this.#client.updateRun(this.id, op.body), this.#retry);
        break;
      case "finish":
        await withRetry(() => this.#client.finishRun(this.id, op.body.exitCode ?? 0), this.#retry);
        break;
    }
    this.#lastContact = this.#now();
  }

  /**
   * Handles a final refusal of `op`. Returns true to drop the op and go on, false when the loop
   * stopped sending (the run went to the spool or is unusable).
   */
  #refused(op: Op, error: unknown): boolean {
    this.#errors.push(error);
    const status = error instanceof FolioApiError ? error.status : 0;
    const detail = error instanceof Error ? error.message : String(error);
    if (op.op === "create" || status === 404) {
      this.#warn(`the server refused run ${this.id} (${detail}); nothing more will be sent`);
      this.#mode = "dead";
      return false;
    }
    this.#warn(`the server refused a ${op.op} of run ${this.id} (${detail}); it was dropped`);
    return true;
  }

  async #heartbeatIfIdle(): Promise<void> {
    if (this.#now() - this.#lastContact < this.#timing.heartbeatMs) return;
    try {
      await this.#client.heartbeat(this.id);
      this.#lastContact = this.#now();
    } catch {
      // Ignored on purpose: the next write retries anyway, and a missed heartbeat only matters
      // after FOLIO_HEARTBEAT_TIMEOUT_SECONDS (5 min by default).
      this.#lastContact = this.#now();
    }
  }

  async #startSpooling(ops: Op[], cause: unknown): Promise<void> {
    this.#mode = "spooling";
    this.#lastProbe = this.#now();
    const why = isAuthError(cause)
      ? `refused the API key (${(cause as Error).message})`
      : `stayed unreachable for ${Math.round(this.#retry.budgetMs / 1000)} s (${(cause as Error).message})`;
    if (isAuthError(cause)) this.#probeGaveUp = true;
    this.#warn(`${this.#client.url} ${why}; spooling run ${this.id} to ${spoolFilePath(this.#spoolDir, this.id)}`);
    await this.#appendToSpool(ops.filter((op) => op.op !== "create"));
  }

  /** The first records of a spool episode make sure the run exists when it is replayed. */
  #spoolHeader(): SpoolRecord[] {
    if (this.#spoolHeaderWritten) return [];
    this.#spoolHeaderWritten = true;
    // Once the server has the full create, a bare resume keeps later patches from being undone.
    const body = this.#created ? { project: this.project, id: this.id } : this.#createBody;
    return [{ op: "create", body }];
  }

  async #appendToSpool(ops: Op[]): Promise<void> {
    await appendSpoolRecords(this.#spoolDir, this.id, [...this.#spoolHeader(), ...ops]);
  }

  /** Tries once to upload the spool file; on success the run is online again. */
  async #probe(): Promise<void> {
    this.#lastProbe = this.#now();
    const result = await syncSpoolFile(this.#client, spoolFilePath(this.#spoolDir, this.id), {
      retry: { budgetMs: 0 },
      warn: this.#warn,
    });
    if (result.status === "synced") {
      this.#mode = "online";
      this.#spoolHeaderWritten = false;
      this.#created = true;
      this.#lastContact = this.#now();
      this.#warn(`${this.#client.url} is reachable again; run ${this.id}'s spool was uploaded`);
    } else if (result.status === "failed" && !isRetryable(result.error)) {
      this.#probeGaveUp = true;
      this.#warn(`the server refused run ${this.id}'s spool (${(result.error as Error).message}); it stays on disk`);
    }
  }

  /**
   * On process exit without `finish()`, writes whatever is queued or in flight to the spool
   * with synchronous I/O (the only kind allowed in an `exit` handler).
   */
  #spoolSynchronously(): void {
    const ops = [...this.#inFlight.filter((op) => op.op !== "create"), ...this.#ops];
    if (ops.length === 0 || this.#mode === "dead") return;
    const records = [...this.#spoolHeader(), ...ops];
    const path = spoolFilePath(this.#spoolDir, this.id);
    try {
      mkdirSync(this.#spoolDir, { recursive: true });
      appendFileSync(path, records.map((record) => JSON.stringify(record) + "\n").join(""));
      this.#warn(`the process exited before run ${this.id} finished; unsent data was saved to ${path} (upload it with \`folio sync\`)`);
    } catch (error) {
      this.#warn(`could not save run ${this.id}'s unsent data to ${path}: ${(error as Error).message}`);
    }
  }
}

function isAuthError(error: unknown): boolean {
  return error instanceof FolioApiError && (error.status === 401 || error.status === 403);
}
