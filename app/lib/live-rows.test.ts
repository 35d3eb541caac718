import { describe, expect, it } from "vitest";
import { compareRows, mergeLiveRows } from "./live-rows";
import type { RunRow } from "./runs";

const row = (id: string, createdAt: string, values: Record<string, unknown> = {}, state: RunRow["state"] = "running"): RunRow => ({
  id, name: id, displayName: null, state, createdAt, heartbeatAt: createdAt, finishedAt: null, lastStep: null, exitCode: null,
  summary: {}, tags: [], group: null, jobType: null, values,
});

describe("mergeLiveRows", () => {
  const a = row("a", "2026-01-03T00:00:00Z");
  const b = row("b", "2026-01-02T00:00:00Z");
  const c = row("c", "2026-01-01T00:00:00Z");

  it("replaces changed rows in place and drops the ones that stopped matching", () => {
    const crashed = { ...b, state: "crashed" as const };
    const m = mergeLiveRows([a, b, c], ["b", "c"], [crashed], []);
    expect(m.rows.map((r) => [r.id, r.state])).toEqual([["a", "running"], ["b", "crashed"]]);
    expect(m.removed).toBe(1);
  });

  it("puts new runs first by default (newest first)", () => {
    const d = row("d", "2026-01-04T00:00:00Z");
    expect(mergeLiveRows([a, b], ["d"], [d], []).rows.map((r) => r.id)).toEqual(["d", "a", "b"]);
  });

  it("places new runs where the sort puts them, missing values last", () => {
    const rows = [row("x", "2026-01-01T00:00:00Z", { "summary.loss": 0.1 }), row("y", "2026-01-01T00:00:00Z", { "summary.loss": 0.5 }), row("z", "2026-01-01T00:00:00Z")];
    const sort = [{ field: "summary.loss", order: "asc" as const }];
    const m = mergeLiveRows(rows, ["n"], [row("n", "2026-01-05T00:00:00Z", { "summary.loss": 0.3 })], sort);
    expect(m.rows.map((r) => r.id)).toEqual(["x", "n", "y", "z"]);
    expect(compareRows(rows[2], rows[0], sort)).toBeGreaterThan(0);
  });

  it("leaves a new run that sorts past a partly loaded list to paging", () => {
    const old = row("old", "2025-01-01T00:00:00Z");
    expect(mergeLiveRows([a, b], ["old"], [old], [], false)).toMatchObject({ added: 0, rows: [a, b] });
    expect(mergeLiveRows([a, b], ["old"], [old], [], true).rows.map((r) => r.id)).toEqual(["a", "b", "old"]);
  });
});
