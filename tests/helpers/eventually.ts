/** Polling with a deadline, for tests that wait on something they cannot subscribe to (no sleeps). */

/**
 * Reads `read()` until `check` passes; throws with the last value after `ms`, and with what
 * `explain` says of the state then (what a failure in CI needs to be understood).
 */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 10_000, explain?: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + ms;
  let last = await read();
  while (!check(last)) {
    if (Date.now() > deadline) {
      const why = explain ? `; ${await explain().catch((e: unknown) => `(explain failed: ${String(e)})`)}` : "";
      throw new Error(`condition not met within ${ms} ms; last value: ${JSON.stringify(last)}${why}`);
    }
    await new Promise((r) => setTimeout(r, 25));
    last = await read();
  }
  return last;
}
