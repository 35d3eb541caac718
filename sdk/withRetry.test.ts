import { describe, expect, it } from "vitest";
import { FolioApiError, FolioNetworkError } from "./errors";
import { backoffDelay, withRetry } from "./withRetry";

/** A virtual clock: sleeping advances time instantly. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe("backoffDelay", () => {
  it("doubles from the base up to the cap, with equal jitter", () => {
    const policy = { budgetMs: 1, baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, policy, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, policy, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
  });
});

describe("withRetry", () => {
  const network = () => new FolioNetworkError("down", false);

  it("retries retryable errors with growing delays until it succeeds", async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 4) throw calls === 2 ? new FolioApiError(503, "unavailable", "x") : network();
        return "ok";
      },
      { budgetMs: 60_000, baseMs: 100, maxMs: 10_000 },
      { ...clock, random: () => 1 },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([100, 200, 400]);
  });

  it("throws final errors at once", async () => {
    const clock = fakeClock();
    let calls = 0;
    const error = await withRetry(async () => {
      calls++;
      throw new FolioApiError(400, "invalid_input", "bad");
    }, { budgetMs: 60_000 }, clock).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400 });
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("gives up with the last retryable error once the budget is spent", async () => {
    const clock = fakeClock();
    let calls = 0;
    const error = await withRetry(async () => {
      calls++;
      throw network();
    }, { budgetMs: 1000, baseMs: 100, maxMs: 400 }, { ...clock, random: () => 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FolioNetworkError);
    // 100 + 200 + 400 + 300 (clamped to the remaining budget) = 1000 ms of waiting.
    expect(clock.sleeps).toEqual([100, 200, 400, 300]);
    expect(calls).toBe(5);
  });

  it("makes exactly one attempt with a zero budget", async () => {
    let calls = 0;
    await withRetry(async () => {
      calls++;
      throw network();
    }, { budgetMs: 0 }).catch(() => {});
    expect(calls).toBe(1);
  });

  it("honours Retry-After when it asks for longer than the backoff", async () => {
    const clock = fakeClock();
    let calls = 0;
    await withRetry(async () => {
      if (calls++ === 0) throw new FolioApiError(429, "rate_limited", "slow down", null, { retryAfterMs: 5000 });
    }, { budgetMs: 60_000, baseMs: 100 }, clock);
    expect(clock.sleeps).toEqual([5000]);
  });

  it("stops when the signal aborts", async () => {
    const controller = new AbortController();
    const pending = withRetry(async () => {
      throw network();
    }, { budgetMs: 60_000, baseMs: 10_000 }, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new Error("cancelled"));
    expect(await pending).toMatchObject({ message: "cancelled" });
  });
});
