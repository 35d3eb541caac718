import { describe, expect, it } from "vitest";
import { andFilters, DEFAULT_VIEW, groupFilter, viewFromSearchParams, viewRunQuery, viewToSearchParams, type RunView } from "./run-view";

describe("run view URLs", () => {
  it("round-trips every part of a view", () => {
    const view: RunView = {
      filter: { and: [{ field: "config.lr", op: "<", value: 0.01 }, { field: "tags", op: "=", value: "a,b & c" }] },
      search: "resnet wide",
      sort: [{ field: "summary.loss", order: "asc" }, { field: "createdAt", order: "desc" }],
      groupBy: "config.optimizer",
      columns: ["state", "config.lr", "summary.val/acc"],
      pinned: ["summary.val/acc"],
      hidden: ["abc123", "x_y-z"],
      colors: { abc123: "#ff0000" },
      aggregate: "stderr",
    };
    const text = viewToSearchParams(view).toString();
    expect(viewFromSearchParams(new URLSearchParams(text))).toEqual(view);
  });

  it("omits defaults and ignores malformed display parameters", () => {
    expect(viewToSearchParams(DEFAULT_VIEW).toString()).toBe("");
    const v = viewFromSearchParams(new URLSearchParams("colors=%7B%22a%22%3A%22red%22%7D&hide=ok,%3Cscript%3E&agg=median&cols=nope"));
    expect(v).toMatchObject({ colors: {}, hidden: ["ok"], aggregate: "mean", columns: null });
  });

  it("keeps a filter that is not JSON as text to report", () => {
    expect(viewFromSearchParams(new URLSearchParams("filter=%7Bbad"))).toMatchObject({ filter: null, invalidFilter: "{bad" });
  });

  it("builds the run query, adding extra conditions with and", () => {
    const view = { ...DEFAULT_VIEW, filter: { field: "state", op: "=", value: "running" }, search: " x ", sort: [{ field: "name", order: "asc" as const }] };
    expect(viewRunQuery(view, "t/p", { filter: groupFilter("config.opt", "adam"), limit: 50 })).toEqual({
      project: "t/p",
      filter: { and: [{ field: "state", op: "=", value: "running" }, { field: "config.opt", op: "=", value: "adam" }] },
      search: "x",
      sort: [{ field: "name", order: "asc" }],
      limit: 50,
    });
    expect(andFilters(null, { and: [] })).toBeNull();
    expect(groupFilter("config.opt", null)).toEqual({ field: "config.opt", op: "exists", value: false });
  });
});
