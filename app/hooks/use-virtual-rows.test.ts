import { describe, expect, it } from "vitest";
import { windowFor } from "./use-virtual-rows";

describe("windowFor", () => {
  it("renders the viewport plus overscan and pads the rest", () => {
    expect(windowFor(0, 400, 10_000, 40, 5)).toEqual({ start: 0, end: 15, padTop: 0, padBottom: (10_000 - 15) * 40 });
    const w = windowFor(40_000, 400, 10_000, 40, 5);
    expect(w).toEqual({ start: 995, end: 1015, padTop: 995 * 40, padBottom: (10_000 - 1015) * 40 });
    expect(w.padTop + (w.end - w.start) * 40 + w.padBottom).toBe(10_000 * 40);
  });

  it("stays inside short lists", () => {
    expect(windowFor(900, 400, 3, 40, 5)).toEqual({ start: 0, end: 3, padTop: 0, padBottom: 0 });
    expect(windowFor(0, 400, 0, 40, 5)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });
});
