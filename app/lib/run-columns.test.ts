import { describe, expect, it } from "vitest";
import { columnLabel, columnValue, defaultColumns, fieldKind, isNumericField } from "./run-columns";

describe("run columns", () => {
  it("picks varying config keys and the most common metrics, headline metrics first", () => {
    const cols = defaultColumns({
      config: [
        { field: "config.lr", examples: ["0.1", "0.01"] },
        { field: "config.batch_size", examples: ["32"] },
      ],
      summary: [
        { field: "summary.zeta", count: 5 },
        { field: "summary.val/loss", count: 5 },
        { field: "summary.rare", count: 1 },
      ],
    });
    expect(cols).toEqual(["state", "createdAt", "duration", "lastStep", "config.lr", "summary.val/loss", "summary.zeta", "summary.rare"]);
  });

  it("reads nested config paths and never walks prototypes", () => {
    const run = { id: "a", state: "running", createdAt: "", finishedAt: null, heartbeatAt: "", lastStep: 1, tags: [], group: null, jobType: null, config: { model: { depth: 10 } }, summary: { loss: 0.5 } };
    expect(columnValue(run, "config.model.depth")).toBe(10);
    expect(columnValue(run, "summary.loss")).toBe(0.5);
    expect(columnValue(run, "config.__proto__.polluted")).toBeUndefined();
    expect(columnValue(run, "config.constructor")).toBeUndefined();
  });

  it("labels and kinds", () => {
    expect(columnLabel("config.model.depth")).toBe("model.depth");
    expect(columnLabel("createdAt")).toBe("Created");
    expect(fieldKind("user")).toBe("user");
    expect(fieldKind("config.x")).toBe("json");
    expect(isNumericField("summary.loss")).toBe(true);
    expect(isNumericField("state")).toBe(false);
  });
});
