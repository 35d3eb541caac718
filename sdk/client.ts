/**
 * A typed HTTP client for the Folio API v1 (docs/api.md). One method per endpoint; no retries
 * here (see `withRetry`): every failure is thrown as a `FolioApiError` or `FolioNetworkError`,
 * and `isRetryable` tells the two kinds of failure apart.
 */
import { FolioApiError, FolioNetworkError } from "./errors";
import { readSseEvents } from "./readSseEvents";
import type {
  CreateRunBody,
  CreateRunResult,
  Health,
  HistoryPage,
  HistoryRow,
  Me,
  RunInfo,
  RunList,
  RunPatch,
  RunsEvent,
} from "./types";

/** Options of `new FolioClient(...)`. */
export interface FolioClientOptions {
  /** Base URL of the server, e.g. `http://localhost:3000`. */
  url: string;
  /** An API key (`folio_...`), sent as `Authorization: Bearer`. */
  apiKey: string;
  /** A `fetch` implementation; the global one by default. */
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds (default 30 000). */
  timeoutMs?: number;
}

/** Per-call options. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
}

interface RequestSpec extends RequestOptions {
  method: "GET" | "POST" | "PATCH";
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** A client for one Folio server and one API key. */
export class FolioClient {
  /** The server's base URL, without a trailing slash. */
  readonly url: string;
  readonly #apiKey: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: FolioClientOptions) {
    this.url = options.url.replace(/\/+$/, "");
    this.#apiKey = options.apiKey;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** `POST /api/v1/runs`: creates a run, or resumes it when `id` already exists in `project`. */
  createRun(body: CreateRunBody, options?: RequestOptions): Promise<CreateRunResult> {
    return this.#json({ method: "POST", path: "/api/v1/runs", body, ...options });
  }

  /** `POST /api/v1/runs/{id}/history`: logs metric rows; answers the number of points. */
  logHistory(
    runId: string,
    rows: HistoryRow[],
    options?: RequestOptions,
  ): Promise<{ accepted: number }> {
    return this.#json({ method: "POST", path: `${runPath(runId)}/history`, body: { rows }, ...options });
  }

  /** `PATCH /api/v1/runs/{id}`. */
  updateRun(runId: string, patch: RunPatch, options?: RequestOptions): Promise<RunInfo> {
    return this.#json({ method: "PATCH", path: runPath(runId), body: patch, ...options });
  }

  /** `POST /api/v1/runs/{id}/finish`: exit code 0 → `finished`, anything else → `failed`. */
  finishRun(runId: string, exitCode = 0, options?: RequestOptions): Promise<RunInfo> {
    return this.#json({ method: "POST", path: `${runPath(runId)}/finish`, body: { exitCode }, ...options });
  }

  /** `POST /api/v1/runs/{id}/heartbeat`. */
  heartbeat(runId: string, options?: RequestOptions): Promise<{ ok: boolean }> {
    return this.#json({ method: "POST", path: `${runPath(runId)}/heartbeat`, ...options });
  }

  /** `GET /api/v1/runs?project=...`: one page, newest first. */
  listRuns(
    query: { project: string; limit?: number; cursor?: string },
    options?: RequestOptions,
  ): Promise<RunList> {
    return this.#json({ method: "GET", path: "/api/v1/runs", query, ...options });
  }

  /** `GET /api/v1/runs/{id}`. */
  getRun(runId: string, options?: RequestOptions): Promise<RunInfo> {
    return this.#json({ method: "GET", path: runPath(runId), ...options });
  }

  /** `GET /api/v1/runs/{id}/history`: one page of exact points, ordered by key then step. */
  getHistory(
    runId: string,
    query: { keys?: string[]; fromStep?: number; limit?: number } = {},
    options?: RequestOptions,
  ): Promise<HistoryPage> {
    return this.#json({
      method: "GET",
      path: `${runPath(runId)}/history`,
      query: { keys: query.keys?.join(","), fromStep: query.fromStep, limit: query.limit },
      ...options,
    });
  }

  /** `GET /api/v1/me`: the user the key acts as, and their teams. */
  me(options?: RequestOptions): Promise<Me> {
    return this.#json({ method: "GET", path: "/api/v1/me", ...options });
  }

  /** `GET /healthz`. A 503 (starting or shutting down) throws a retryable `FolioApiError`. */
  health(options?: RequestOptions): Promise<Health> {
    return this.#json({ method: "GET", path: "/healthz", ...options });
  }

  /**
   * `GET /api/v1/events?project=...`: yields change notifications until `signal` aborts or the
   * server closes the stream. The request timeout applies to the answer's headers only.
   */
  async *events(project: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<RunsEvent> {
    const response = await this.#send({
      method: "GET",
      path: "/api/v1/events",
      query: { project },
      signal: options.signal,
    }, { headersOnly: true });
    if (!response.body) return;
    try {
      // Node's web streams are async iterable; the DOM typings do not say so.
      for await (const message of readSseEvents(response.body as unknown as AsyncIterable<Uint8Array>)) {
        if (message.event === "runs") yield JSON.parse(message.data) as RunsEvent;
      }
    } catch (error) {
      if (options.signal?.aborted) return;
      throw new FolioNetworkError(`event stream from ${this.url} broke: ${describeCause(error)}`, false, { cause: error });
    }
  }

  async #json<T>(spec: RequestSpec): Promise<T> {
    const response = await this.#send(spec, { headersOnly: false });
    const text = await this.#readText(response, spec);
    if (text === "") return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new FolioApiError(response.status, "invalid_response",
        `${spec.method} ${spec.path}: the server answered ${response.status} with a body that is not JSON`,
        null, { cause: error });
    }
  }

  /** Sends the request; throws for network failures and for non-2xx answers. */
  async #send(spec: RequestSpec, mode: { headersOnly: boolean }): Promise<Response> {
    const timeoutMs = spec.timeoutMs ?? this.#timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#apiKey}`,
      accept: mode.headersOnly ? "text/event-stream" : "application/json",
    };
    let body: string | undefined;
    if (spec.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(spec.body);
    }
    let response: Response;
    try {
      response = await this.#fetch(this.#urlFor(spec), { method: spec.method, headers, body, signal });
    } catch (error) {
      throw this.#networkError(error, spec, timeout, timeoutMs);
    }
    if (response.ok) return response;
    const text = await this.#readText(response, spec);
    throw toApiError(response, text, spec);
  }

  async #readText(response: Response, spec: RequestSpec): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      // The connection dropped after the headers: the request may or may not have been applied,
      // which is fine because every write in the API is idempotent or safe to repeat.
      if (spec.signal?.aborted) throw spec.signal.reason;
      throw new FolioNetworkError(
        `${spec.method} ${spec.path}: the connection to ${this.url} broke while reading the answer (${describeCause(error)})`,
        false, { cause: error });
    }
  }

  #networkError(error: unknown, spec: RequestSpec, timeout: AbortSignal, timeoutMs: number): unknown {
    // The caller's own abort is not a server failure: let it through unchanged.
    if (spec.signal?.aborted) return spec.signal.reason;
    if (timeout.aborted) {
      return new FolioNetworkError(
        `${spec.method} ${spec.path}: ${this.url} did not answer within ${timeoutMs} ms`, true, { cause: error });
    }
    return new FolioNetworkError(
      `${spec.method} ${spec.path}: could not reach ${this.url} (${describeCause(error)})`, false, { cause: error });
  }

  #urlFor(spec: RequestSpec): string {
    const url = new URL(this.url + spec.path);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }
}

function runPath(runId: string): string {
  return `/api/v1/runs/${encodeURIComponent(runId)}`;
}

/** Maps an error answer to a `FolioApiError`, using the documented JSON body when present. */
function toApiError(response: Response, text: string, spec: RequestSpec): FolioApiError {
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown; path?: unknown } } | undefined)?.error;
  if (error && typeof error.code === "string") {
    return new FolioApiError(
      response.status,
      error.code,
      typeof error.message === "string" ? error.message : error.code,
      typeof error.path === "string" ? error.path : null,
      { retryAfterMs },
    );
  }
  const snippet = text.trim().slice(0, 200);
  return new FolioApiError(
    response.status,
    `http_${response.status}`,
    `${spec.method} ${spec.path}: HTTP ${response.status} ${response.statusText}${snippet ? `: ${snippet}` : ""}`,
    null,
    { retryAfterMs },
  );
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** The most useful words of a fetch failure: undici hides the errno in `cause`. */
function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
