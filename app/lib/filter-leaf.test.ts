import { describe, expect, it } from "vitest";
import { describeLeaf, flatFilter, formatLeafValue, fromFlat, opsFor, parseLeafValue } from "./filter-leaf";

describe("filter leaves", () => {
  it("types values by field kind and operator", () => {
    expect(parseLeafValue("config.lr", "<", "0.01")).toBe(0.01);
    expect(parseLeafValue("config.optimizer", "=", "adam")).toBe("adam");
    expect(parseLeafValue("config.flag", "=", "true")).toBe(true);
    expect(parseLeafValue("config.version", "=", '"10"')).toBe("10");
    expect(parseLeafValue("config.opt", "in", "adam, sgd ,0.5")).toEqual(["adam", "sgd", 0.5]);
    expect(parseLeafValue("state", "in", "running,crashed")).toEqual(["running", "crashed"]);
    expect(parseLeafValue("lastStep", ">", "100")).toBe(100);
    expect(parseLeafValue("createdAt", "withinLast", " 7d ")).toBe("7d");
    expect(parseLeafValue("host", "exists", "false")).toBe(false);
  });

  it("formats values back so editing a leaf keeps its type", () => {
    for (const [field, op, text] of [["config.version", "=", '"10"'], ["config.lr", "<", "0.01"], ["config.opt", "in", "adam, 0.5"]]) {
      const value = parseLeafValue(field, op, text);
      expect(parseLeafValue(field, op, formatLeafValue({ field, op, value }))).toEqual(value);
    }
  });

  it("describes leaves for chips and offers operators by kind", () => {
    expect(describeLeaf({ field: "config.lr", op: "<", value: 0.01 })).toBe("config.lr < 0.01");
    expect(describeLeaf({ field: "host", op: "exists", value: false })).toBe("host is missing");
    expect(opsFor("createdAt")).toContain("withinLast");
    expect(opsFor("lastStep")).not.toContain("contains");
  });

  it("flattens one level of and/or and refuses deeper trees", () => {
    const leaf = { field: "state", op: "=", value: "running" };
    expect(flatFilter({ or: [leaf, leaf] })).toEqual({ join: "or", leaves: [leaf, leaf] });
    expect(flatFilter({ and: [leaf, { or: [leaf] }] })).toBeNull();
    expect(flatFilter({ not: leaf })).toBeNull();
    expect(fromFlat("and", [leaf])).toEqual(leaf);
    expect(fromFlat("or", [])).toBeNull();
  });
});
