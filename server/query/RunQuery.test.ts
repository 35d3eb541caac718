import { describe, expect, it } from "vitest";
import { ServiceError } from "../services/ServiceError";
import { DEFAULT_LIMIT, parseRunQuery, runQueryFromSearchParams } from "./RunQuery";

describe("parseRunQuery", () => {
  it("fills defaults", () => {
    expect(parseRunQuery({ project: "p" })).toMatchObject({ projects: ["p"], filter: null, search: null, sort: [], groupBy: null, columns: [], limit: DEFAULT_LIMIT, cursor: null });
  });

  it("reads sort keys as strings or objects", () => {
    const q = parseRunQuery({ project: "p", sort: ["-summary.loss", "+name", { field: "config.lr", order: "desc" }] });
    expect(q.sort.map((s) => [s.field.name, s.order])).toEqual([["summary.loss", "desc"], ["name", "asc"], ["config.lr", "desc"]]);
  });

  it("detects Mongo filters", () => {
    expect(parseRunQuery({ project: "p", filter: { "config.lr.value": { $lt: 1 } } }).filter).toMatchObject({ field: { name: "config.lr" }, op: "<", value: 1 });
  });

  it.each([
    [{}, "project"],
    [{ project: "p", projects: ["q"] }, "projects"],
    [{ projects: [] }, "projects"],
    [{ project: "p", limit: 0 }, "limit"],
    [{ project: "p", sort: "-" }, "sort"],
    [{ project: "p", columns: ["config"] }, "columns.0"],
  ])("%j → 400 at %s", (input, path) => {
    try {
      parseRunQuery(input);
      throw new Error("expected a 400");
    } catch (e) {
      expect(e).toBeInstanceOf(ServiceError);
      expect((e as ServiceError).path).toBe(path);
    }
  });
});

describe("runQueryFromSearchParams", () => {
  it("merges URL parameters under the JSON query", () => {
    expect(runQueryFromSearchParams({ project: "p", limit: "5", query: JSON.stringify({ filter: { state: "running" }, limit: 7 }) }))
      .toEqual({ project: "p", limit: 7, filter: { state: "running" } });
    expect(runQueryFromSearchParams({ project: "p", query: JSON.stringify({ projects: ["a", "b"] }) })).toEqual({ projects: ["a", "b"] });
  });

  it("rejects a query that is not a JSON object", () => {
    expect(() => runQueryFromSearchParams({ query: "[1]" })).toThrow(/query/);
    expect(() => runQueryFromSearchParams({ query: "{" })).toThrow(/not valid JSON/);
  });
});
