import { describe, expect, it } from "vitest";
import { ServiceError } from "../services/ServiceError";
import { fromMongo, mongoField } from "./fromMongo";
import { parseRunFilter } from "./RunFilter";

/** vitest reads `$name` in a title as a placeholder. */
const title = (v: unknown) => JSON.stringify(v).replace(/\$/g, "＄");

describe("fromMongo", () => {
  it.each([
    ["config.lr.value", "config.lr"],
    ["config.model.value.depth", "config.model.depth"],
    ["config.value", "config.value"],
    ["summary_metrics.loss", "summary.loss"],
    ["display_name", "displayName"],
    ["name", "id"],
    ["created_at", "createdAt"],
    ["state", "state"],
  ])("maps the field %s → %s", (from, to) => {
    expect(mongoField(from)).toBe(to);
  });

  it.each([
    [{ "config.lr": 0.1 }, { field: "config.lr", op: "=", value: 0.1 }],
    [{ $and: [{ state: "finished" }, { "summary_metrics.acc": { $gte: 0.9 } }] },
      { and: [{ field: "state", op: "=", value: "finished" }, { field: "summary.acc", op: ">=", value: 0.9 }] }],
    [{ $or: [{ tags: { $in: ["a", "b"] } }, { host: { $exists: false } }] },
      { or: [{ field: "tags", op: "in", value: ["a", "b"] }, { field: "host", op: "exists", value: false }] }],
    [{ $nor: [{ state: "running" }] }, { not: { or: [{ field: "state", op: "=", value: "running" }] } }],
    [{ display_name: { $regex: "^a", $options: "i" } }, { field: "displayName", op: "regex", value: "(?i)^a" }],
    [{ "config.lr": { $gt: 0.01, $lt: 0.1 } }, { and: [{ field: "config.lr", op: ">", value: 0.01 }, { field: "config.lr", op: "<", value: 0.1 }] }],
    [{ state: { $not: { $in: ["failed", "crashed"] } } }, { not: { field: "state", op: "in", value: ["failed", "crashed"] } }],
    [{ state: "finished", jobType: { $ne: "eval" } }, { and: [{ field: "state", op: "=", value: "finished" }, { field: "jobType", op: "!=", value: "eval" }] }],
  ].map(([m, n]) => [title(m), m, n]))("%s translates like its native form", (_title, mongo, native) => {
    // Regex leaves remember where they came from; the rest must be identical.
    const strip = (tree: unknown) => JSON.parse(JSON.stringify(tree, (k, v) => (k === "path" && typeof v === "string" ? undefined : v)));
    expect(strip(fromMongo(mongo))).toEqual(strip(parseRunFilter(native)));
  });

  it.each([
    [{ $and: [{ state: "x" }, { "config.lr": { $foo: 1 } }] }, "filter.$and.1.config.lr.$foo"],
    [{ $and: [] }, "filter.$and"],
    [{ $where: "sleep(1)" }, "filter.$where"],
    [{ "config.lr": { $gt: [1] } }, "filter.config.lr.$gt"],
    [{ state: { $options: "i" } }, "filter.state.$options"],
    [{ name: { $regex: "a", $options: "x" } }, "filter.name.$options"],
    [{ bogus: 1 }, "filter.bogus"],
    [{ tags: ["a"] }, "filter.tags"],
    [{ $or: Array.from({ length: 2100 }, (_, i) => ({ id: `r${i}` })) }, "filter"],
  ].map(([i, p]) => [title(i).slice(0, 120), p, i]))("%s → 400 at %s", (_title, path, input) => {
    try {
      fromMongo(input);
      throw new Error("expected a 400");
    } catch (e) {
      expect(e).toBeInstanceOf(ServiceError);
      expect((e as ServiceError).path).toBe(path);
    }
  });
});
