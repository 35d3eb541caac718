import { describe, expect, it } from "vitest";
import { ProgressBar } from "./ProgressBar";

const output = (isTTY: boolean) => {
  const out = { text: "", isTTY, columns: 80, write: (s: string) => ((out.text += s), true) };
  return out;
};

describe("ProgressBar", () => {
  it("redraws one line on a terminal, at most every 100 ms", () => {
    let now = 0;
    const out = output(true);
    const bar = new ProgressBar(out, { label: "up", now: () => now });
    bar.update(0.5, "half");
    bar.update(0.6, "skipped");
    now = 150;
    bar.update(0.75, "three quarters");
    bar.done(1, "all");
    expect(out.text.split("\r\x1b[K").filter(Boolean)).toEqual([
      "up [############............]  50%  half  0.0s",
      "up [##################......]  75%  three quarters  0.1s",
      "up [########################] 100%  all  0.1s\n",
    ]);
  });

  it("prints plain lines at the interval elsewhere", () => {
    let now = 0;
    const out = output(false);
    const bar = new ProgressBar(out, { label: "up", intervalMs: 1000, now: () => now });
    bar.update(0.1, "a");
    now = 500;
    bar.update(0.2, "b");
    now = 1200;
    bar.update(null, "c");
    bar.done(1, "d");
    expect(out.text).toBe("up  10%  a  0.0s\nup  c  1.2s\nup 100%  d  1.2s\n");
  });
});
