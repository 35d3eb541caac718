import { describe, expect, it } from "vitest";
import { RunSet } from "../../../editor/panels/panelSpec";
import { runSetKey, runSetQuery, runSetUntil } from "./run-set-query";

const base = RunSet.parse({ id: "rs1", name: "Sweep", projects: ["alice/mnist"], filter: { field: "config.lr", op: "<", value: 0.01 }, search: " adam ", sort: [{ field: "summary.loss", order: "asc" }], limit: 20 });

describe("runSetQuery", () => {
  it("turns a live run set into its run query", () => {
    expect(runSetQuery(base)).toEqual({
      projects: ["alice/mnist"],
      limit: 20,
      filter: { field: "config.lr", op: "<", value: 0.01 },
      search: "adam",
      sort: [{ field: "summary.loss", order: "asc" }],
    });
    expect(runSetUntil(base)).toBeUndefined();
  });

  it("asks a frozen set for exactly its pinned runs, and pins their steps", () => {
    const frozen = { ...base, frozen: { at: "2026-11-24T00:00:00.000Z", runs: [{ id: "a", step: 10 }, { id: "b", step: -1 }] } };
    expect(runSetQuery(frozen)).toEqual({
      projects: ["alice/mnist"],
      limit: 2,
      filter: { field: "id", op: "in", value: ["a", "b"] },
      sort: [{ field: "summary.loss", order: "asc" }],
    });
    expect(runSetUntil(frozen)).toEqual({ a: 10, b: -1 });
  });

  it("keys run sets by the runs they select, not by names or overrides", () => {
    expect(runSetKey({ ...base, name: "Other", overrides: { a: { hidden: true } } })).toBe(runSetKey(base));
    expect(runSetKey({ ...base, limit: 21 })).not.toBe(runSetKey(base));
  });
});
