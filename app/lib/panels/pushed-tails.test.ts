import { describe, expect, it } from "vitest";
import { TAIL_STEPS } from "./line-live";
import { PushedTails } from "./pushed-tails";

const pushed = (run: string, key: string, since: number, step: number[]) => ({ run, key, since, step, y: step.map((s) => s / 10) });
const lines = (t: PushedTails, runs: string[], keys: string[], from: number) => {
  const a = t.answer({ runs, keys, from });
  return a && { to: a.to, series: a.answer.series!.map((s) => ({ line: `${s.run}/${s.key}`, step: s.step, x: s.x, y: s.y })) };
};

describe("PushedTails", () => {
  it("answers an ask from the points pushed after a step it holds, following message after message", () => {
    const t = new PushedTails();
    t.add([pushed("r1", "loss", 9, [10, 11]), pushed("r2", "loss", 9, [])]);
    t.add([pushed("r1", "loss", 11, [12]), pushed("r2", "loss", 9, [10])]);
    expect(lines(t, ["r1", "r2"], ["loss"], 10)).toEqual({
      to: 10 + TAIL_STEPS - 1,
      series: [
        { line: "r1/loss", step: [10, 11, 12], x: [10, 11, 12], y: [1, 1.1, 1.2] },
        { line: "r2/loss", step: [10], x: [10], y: [1] },
      ],
    });
    // From a later step: only what follows it.
    expect(lines(t, ["r1", "r2"], ["loss"], 12)?.series).toEqual([{ line: "r1/loss", step: [12], x: [12], y: [1.2] }]);
    // Nothing new after what the panel holds: an answer with no points, not a request.
    expect(lines(t, ["r1"], ["loss"], 13)).toEqual({ to: 13 + TAIL_STEPS - 1, series: [] });
  });

  it("answers nothing when a point before the pushed ones may be missing, or a line was never pushed", () => {
    const t = new PushedTails();
    t.add([pushed("r1", "loss", 9, [10, 11])]);
    // The panel holds up to step 5: steps 6–9 were never pushed.
    expect(lines(t, ["r1"], ["loss"], 6)).toBeNull();
    expect(lines(t, ["r1"], ["acc"], 10)).toBeNull();
    expect(lines(t, ["r1", "r9"], ["loss"], 10)).toBeNull();
    expect(lines(t, ["r1"], ["loss"], 10)).not.toBeNull();
  });

  it("starts a line over when a message does not follow what it holds, and forgets all on clear", () => {
    const t = new PushedTails();
    t.add([pushed("r1", "loss", 9, [10, 11])]);
    // The server started over (a reconnection, a run too far ahead): a gap after step 11.
    t.add([pushed("r1", "loss", 20, [21])]);
    expect(lines(t, ["r1"], ["loss"], 12)).toBeNull();
    expect(lines(t, ["r1"], ["loss"], 21)?.series).toEqual([{ line: "r1/loss", step: [21], x: [21], y: [2.1] }]);
    t.clear();
    expect(lines(t, ["r1"], ["loss"], 21)).toBeNull();
  });

  it("skips ill-formed series and keeps NaN and ±Infinity as the API writes them", () => {
    const t = new PushedTails();
    t.add([null, { run: "r1" }, { run: "r1", key: "loss", since: 0, step: [1, 2], y: [1] }, { run: "r2", key: "loss", since: 0, step: [1, 2], y: ["NaN", "-Infinity"] }]);
    expect(lines(t, ["r1"], ["loss"], 1)).toBeNull();
    expect(lines(t, ["r2"], ["loss"], 1)?.series[0].y).toEqual(["NaN", "-Infinity"]);
  });

  it("reads a feed event's points only when its metric is shown, without parsing the others", () => {
    const t = new PushedTails();
    const event = (key: string, series: unknown[]) => `${JSON.stringify(key)}\n${JSON.stringify({ project: "a/b", series })}`;
    const shown = new Set(["loss"]);
    expect(t.addEvent(event("loss", [pushed("r1", "loss", 9, [10])]), (k) => shown.has(k))).toBe(true);
    // Not shown: skipped before its points are parsed (these are not even JSON).
    expect(t.addEvent(`${JSON.stringify("acc")}\n{not json`, (k) => shown.has(k))).toBe(false);
    expect(lines(t, ["r1"], ["loss"], 10)?.series).toEqual([{ line: "r1/loss", step: [10], x: [10], y: [1] }]);
    expect(lines(t, ["r1"], ["acc"], 10)).toBeNull();
    // Series of another metric inside an event are not taken as this one's.
    t.addEvent(event("loss", [pushed("r2", "acc", 0, [1])]), () => true);
    expect(lines(t, ["r2"], ["acc"], 1)).toBeNull();
    expect(t.addEvent("no newline", () => true)).toBe(false);
  });
});
