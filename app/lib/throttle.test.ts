import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createThrottle } from "./throttle";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function deferredRuns() {
  const pending: (() => void)[] = [];
  const run = vi.fn(() => new Promise<void>((resolve) => pending.push(resolve)));
  return { run, finishAll: () => pending.splice(0).forEach((r) => r()) };
}

describe("createThrottle", () => {
  it("turns a burst into one run now and one after the interval", async () => {
    const { run, finishAll } = deferredRuns();
    const t = createThrottle(run, 1000);
    for (let i = 0; i < 50; i++) t.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) t.request();
    finishAll();
    await vi.advanceTimersByTimeAsync(999);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    finishAll();
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("never overlaps a slow run", async () => {
    const { run, finishAll } = deferredRuns();
    const t = createThrottle(run, 100);
    t.request();
    await vi.advanceTimersByTimeAsync(0);
    t.request();
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(1);
    finishAll();
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("drops queued runs when cancelled and survives a failing run", async () => {
    const run = vi.fn().mockRejectedValueOnce(new Error("boom")).mockResolvedValue(undefined);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const t = createThrottle(run, 100);
    t.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toHaveBeenCalledTimes(1);
    t.request();
    t.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(1);
    t.request();
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(2);
    errors.mockRestore();
  });
});
