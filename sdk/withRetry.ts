/**
 * Retrying transient failures with exponential backoff and jitter, within a time budget.
 *
 * Delays use "equal jitter": attempt n waits between half and all of min(maxMs, baseMs·2ⁿ), so
 * clients that failed together do not come back together, yet never retry in a tight loop. A
 * server's `Retry-After` is honoured when it asks for longer.
 */
import { FolioApiError, isRetryable } from "./errors";

/** How long and how fast to retry. */
export interface RetryPolicy {
  /** Stop retrying once this many milliseconds have passed since the first attempt. */
  budgetMs: number;
  /** First delay, in milliseconds (default 250). */
  baseMs?: number;
  /** Longest delay, in milliseconds (default 10 000). */
  maxMs?: number;
}

/** Injection points for tests, and a way to watch or stop the retries. */
export interface RetryHooks {
  signal?: AbortSignal;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called before each wait with the error that caused it. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** The delay before retry number `attempt` (0-based), with equal jitter. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = policy.baseMs ?? 250;
  const max = policy.maxMs ?? 10_000;
  const cap = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return cap / 2 + random() * (cap / 2);
}

/**
 * Calls `fn` until it succeeds, throws a non-retryable error, or the budget is spent; then
 * throws the last error (check `isRetryable` on it to know whether the budget ran out).
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const now = hooks.now ?? Date.now;
  const sleep = hooks.sleep ?? abortableSleep;
  const start = now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (hooks.signal?.aborted) throw hooks.signal.reason;
      if (!isRetryable(error)) throw error;
      const remaining = policy.budgetMs - (now() - start);
      if (remaining <= 0) throw error;
      let delay = backoffDelay(attempt, policy, hooks.random);
      if (error instanceof FolioApiError && error.retryAfterMs !== null) {
        delay = Math.max(delay, error.retryAfterMs);
      }
      delay = Math.min(delay, remaining);
      hooks.onRetry?.(error, attempt, delay);
      await sleep(delay, hooks.signal);
    }
  }
}

/** `setTimeout` as a promise that rejects with the signal's reason when aborted. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
