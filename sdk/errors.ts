/**
 * The two ways a call to the Folio server can fail, and which of them are worth retrying.
 *
 * A `FolioApiError` is an HTTP answer with a status other than 2xx (normally carrying the
 * `{ error: { code, message, path? } }` body of docs/api.md). A `FolioNetworkError` means no
 * answer arrived at all: connection refused or reset, DNS failure, or our own request timeout.
 */

/** An error answer from the server. `code` is the stable code from docs/api.md. */
export class FolioApiError extends Error {
  override readonly name = "FolioApiError";
  /** Milliseconds the server asked us to wait (`Retry-After`), when it said so. */
  readonly retryAfterMs: number | null;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string | null = null,
    options: { retryAfterMs?: number | null; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs ?? null;
  }

  /** 408, 429 and 5xx answers are transient: the same request may succeed later. */
  get retryable(): boolean {
    return this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** No answer from the server: connection failure or timeout. Always retryable. */
export class FolioNetworkError extends Error {
  override readonly name = "FolioNetworkError";
  readonly retryable = true;

  constructor(
    message: string,
    readonly timedOut: boolean,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
}

/** True when `error` is transient (network failure, timeout, 408, 429, 5xx). */
export function isRetryable(error: unknown): boolean {
  return (
    error instanceof FolioNetworkError || (error instanceof FolioApiError && error.retryable)
  );
}
