import { describe, expect, it } from "vitest";
import { collides, compact, firstFreeSpot, placePanel } from "./gridLayout";

const L = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });

describe("grid layout", () => {
  it("finds the first free spot in reading order", () => {
    expect(firstFreeSpot([], 6, 8)).toEqual(L(0, 0, 6, 8));
    expect(firstFreeSpot([L(0, 0, 6, 8)], 6, 8)).toEqual(L(6, 0, 6, 8));
    expect(firstFreeSpot([L(0, 0, 6, 8), L(6, 0, 6, 4)], 6, 8)).toEqual(L(6, 4, 6, 8));
  });

  it("compacts panels upward without overlaps", () => {
    expect(compact([{ id: "a", layout: L(0, 5, 6, 2) }, { id: "b", layout: L(0, 9, 12, 2) }])).toEqual([
      { id: "a", layout: L(0, 0, 6, 2) },
      { id: "b", layout: L(0, 2, 12, 2) },
    ]);
  });

  it("pushes an overlapped panel down, then compacts (dropping onto a panel swaps them)", () => {
    const before = [
      { id: "a", layout: L(0, 0, 6, 4) },
      { id: "b", layout: L(0, 4, 6, 4) },
    ];
    expect(placePanel(before, "b", L(0, 1, 6, 4))).toEqual([
      { id: "a", layout: L(0, 4, 6, 4) },
      { id: "b", layout: L(0, 0, 6, 4) },
    ]);
  });

  it("cascades pushes and never leaves overlaps when resizing", () => {
    const before = [
      { id: "a", layout: L(0, 0, 6, 4) },
      { id: "b", layout: L(6, 0, 6, 4) },
      { id: "c", layout: L(6, 4, 6, 2) },
    ];
    const after = placePanel(before, "a", L(0, 0, 12, 4));
    expect(after).toEqual([
      { id: "a", layout: L(0, 0, 12, 4) },
      { id: "b", layout: L(6, 4, 6, 4) },
      { id: "c", layout: L(6, 8, 6, 2) },
    ]);
    for (const p of after) for (const q of after) if (p !== q) expect(collides(p.layout, q.layout)).toBe(false);
  });

  it("clamps a target into the 12 columns", () => {
    expect(placePanel([{ id: "a", layout: L(0, 0, 6, 4) }], "a", L(10, 3, 6, 4))).toEqual([{ id: "a", layout: L(6, 0, 6, 4) }]);
  });
});
