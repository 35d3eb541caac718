import { describe, expect, it } from "vitest";
import type { ApiSeries } from "../metric-series";
import { TAIL_STEPS } from "./line-live";
import type { LineAnswer } from "./line-traces";
import { TailBatcher } from "./tail-batcher";

const s = (run: string, key: string): ApiSeries => ({ run, key, exact: true, pointCount: 1, step: [5], x: [5], y: [1] });

describe("TailBatcher", () => {
  it("sends the asks of one window as one query over their union and hands each its own lines", async () => {
    const bodies: Record<string, unknown>[] = [];
    const batcher = new TailBatcher(async (body) => {
      bodies.push(body);
      const runs = body.runs as string[];
      const keys = body.keys as string[];
      return { x: "step", xRange: null, series: runs.flatMap((r) => keys.map((k) => s(r, k))) } satisfies LineAnswer;
    }, 5);
    const [a, b] = await Promise.all([
      batcher.request({ runs: ["r1", "r2"], keys: ["loss"], from: 10 }),
      batcher.request({ runs: ["r2", "r3"], keys: ["acc"], from: 7 }),
    ]);
    expect(bodies).toEqual([{ runs: ["r1", "r2", "r3"], keys: ["loss", "acc"], x: "step", xRange: [7, 7 + TAIL_STEPS - 1], points: TAIL_STEPS, omitStepX: true }]);
    expect(a.answer.series!.map((x) => `${x.run}/${x.key}`)).toEqual(["r1/loss", "r2/loss"]);
    expect(b.answer.series!.map((x) => `${x.run}/${x.key}`)).toEqual(["r2/acc", "r3/acc"]);
    expect([a.from, a.to]).toEqual([7, 7 + TAIL_STEPS - 1]);
  });

  it("splits asks whose union would read too many series, and fails every ask of a failed query", async () => {
    let calls = 0;
    const batcher = new TailBatcher(async () => {
      calls++;
      throw new Error("down");
    }, 5);
    const many = (p: string) => Array.from({ length: 40 }, (_, i) => `${p}${i}`);
    const results = await Promise.allSettled([
      batcher.request({ runs: many("a"), keys: many("k"), from: 0 }),
      batcher.request({ runs: many("b"), keys: many("j"), from: 0 }),
    ]);
    expect(calls).toBe(2);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });

  it("answers from what the page holds when it can, in the same window, and asks only for the rest", async () => {
    const bodies: Record<string, unknown>[] = [];
    const batcher = new TailBatcher(
      async (body) => {
        bodies.push(body);
        return { x: "step", xRange: null, series: (body.runs as string[]).map((r) => s(r, "acc")) } satisfies LineAnswer;
      },
      5,
      (ask) => (ask.keys.includes("loss") ? { answer: { x: "step", xRange: null, series: [s("held", "loss")] }, from: ask.from, to: ask.from + 1 } : null),
    );
    let heldFirst = false;
    const held = batcher.request({ runs: ["r1"], keys: ["loss"], from: 3 }).then((a) => {
      heldFirst = true;
      return a;
    });
    // Not before the window closes: the panels of one tick draw together.
    await Promise.resolve();
    expect(heldFirst).toBe(false);
    const [a, b] = await Promise.all([held, batcher.request({ runs: ["r2"], keys: ["acc"], from: 3 })]);
    expect(a.answer.series!.map((x) => x.run)).toEqual(["held"]);
    expect(b.answer.series!.map((x) => `${x.run}/${x.key}`)).toEqual(["r2/acc"]);
    expect(bodies.map((body) => body.runs)).toEqual([["r2"]]);
  });
});
