import { describe, expect, it } from "vitest";
import { ServiceError } from "../services/ServiceError";
import { checkFilterSize, isNativeFilter, parseRunFilter } from "./RunFilter";

const errorPath = (input: unknown) => {
  try {
    parseRunFilter(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ServiceError);
    return (e as ServiceError).path;
  }
  throw new Error("expected a 400");
};

describe("parseRunFilter", () => {
  it("parses trees with typed leaves", () => {
    const tree = parseRunFilter({ and: [{ field: "config.model.lr", op: "<", value: 0.1 }, { not: { field: "createdAt", op: "withinLast", value: "2h" } }] });
    expect(tree).toEqual({
      and: [
        { field: { kind: "json", root: "config", path: ["model", "lr"], name: "config.model.lr" }, op: "<", value: 0.1 },
        { not: { field: { kind: "time", column: "createdAt", name: "createdAt" }, op: "withinLast", value: 7200 } },
      ],
    });
  });

  it.each([
    ["30s", 30], ["15m", 900], ["7d", 604_800], ["2w", 1_209_600], [90, 90], ["1.5h", 5400],
  ])("withinLast %j = %d s", (value, seconds) => {
    expect(parseRunFilter({ field: "createdAt", op: "withinLast", value })).toMatchObject({ value: seconds });
  });

  it("normalises dates to ISO strings", () => {
    expect(parseRunFilter({ field: "createdAt", op: ">", value: "2026-01-02T03:04:05+01:00" })).toMatchObject({ value: "2026-01-02T02:04:05.000Z" });
  });

  it.each([
    [{ and: [{ field: "name", op: "=", value: "a" }, { field: "name", op: "~", value: "a" }] }, "filter.and.1.op"],
    [{ or: [{ and: [{ field: "config.x", op: "<", value: null }] }] }, "filter.or.0.and.0.value"],
    [{ field: "state", op: "withinLast", value: "1h" }, "filter.op"],
    [{ field: "createdAt", op: ">", value: "yesterday" }, "filter.value"],
    [{ field: "config..x", op: "exists", value: true }, "filter.field"],
    [{ field: "nope", op: "exists", value: true }, "filter.field"],
    [{ field: "name", op: "regex", value: "x".repeat(600) }, "filter.value"],
    [{ field: "name", op: "in", value: Array(1001).fill("a") }, "filter.value"],
    [{ not: [] }, "filter.not"],
    [[], "filter"],
  ])("%j → 400 at %s", (input, path) => {
    expect(errorPath(input)).toBe(path);
  });

  it("bounds depth", () => {
    let deep: unknown = { field: "name", op: "=", value: "x" };
    for (let i = 0; i < 40; i++) deep = { not: deep };
    expect(errorPath(deep)).toMatch(/^filter(\.not)+$/);
  });

  it("bounds the number of nodes and of list values", () => {
    const leaves = (n: number, value: unknown = "x") => Array.from({ length: n }, () => ({ field: "name", op: Array.isArray(value) ? "in" : "=", value }));
    expect(errorPath({ or: leaves(2500) })).toMatch(/^filter\.or\.\d+$/);
    expect(errorPath({ or: leaves(11, Array(1000).fill("v")) })).toBe("filter.or.10.value");
    expect(() => checkFilterSize(parseRunFilter({ or: leaves(10, Array(1000).fill("v")) }))).not.toThrow();
  });

  it("tells native nodes from Mongo documents", () => {
    expect(isNativeFilter({ field: "name", op: "=", value: 1 })).toBe(true);
    expect(isNativeFilter({ and: [] })).toBe(true);
    expect(isNativeFilter({ $and: [] })).toBe(false);
    expect(isNativeFilter({ "config.lr": { $gt: 1 } })).toBe(false);
  });
});
