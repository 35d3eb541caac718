import { describe, expect, it } from "vitest";
import { generateRunId } from "./generateRunId";

describe("generateRunId", () => {
  it("makes 8 characters of [a-z0-9], different each time", () => {
    const ids = Array.from({ length: 1000 }, () => generateRunId());
    expect(ids.every((id) => /^[a-z0-9]{8}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(1000);
    expect(generateRunId(20)).toMatch(/^[a-z0-9]{20}$/);
  });
});
