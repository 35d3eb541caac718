/**
 * A request throttle for live updates: however many times `request()` is called, `run` has at most
 * one call in flight, at most one queued behind it, and starts no more than once per
 * `minIntervalMs`. A burst of feed events thus costs one refetch now and one a second later,
 * never a storm. Not module state: each chart set makes its own and cancels it on unmount.
 */

/** A throttled runner; see the module comment. */
export interface Throttle {
  /** Asks for a run; coalesces with any already queued. */
  request(): void;
  /** Drops the queued run (an in-flight one finishes on its own). */
  cancel(): void;
}

/** Wraps `run` (which reports its own errors) in a `Throttle`. */
export function createThrottle(run: () => Promise<void>, minIntervalMs: number, now: () => number = Date.now): Throttle {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let queued = false;
  let cancelled = false;

  const fire = () => {
    timer = undefined;
    if (cancelled) return;
    queued = false;
    inFlight = true;
    last = now();
    run()
      .catch((error: unknown) => console.error("[folio] throttled request failed", error))
      .finally(() => {
        inFlight = false;
        if (queued) schedule();
      });
  };
  const schedule = () => {
    if (timer !== undefined || cancelled) return;
    timer = setTimeout(fire, Math.max(0, last + minIntervalMs - now()));
  };
  return {
    request() {
      cancelled = false;
      queued = true;
      if (!inFlight) schedule();
    },
    cancel() {
      cancelled = true;
      queued = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
