import { describe, expect, it } from "vitest";
import { hasBackReference, sqlState } from "./readOnlyQuery";

describe("hasBackReference", () => {
  it.each([
    ["^(a*)\\1$", true],
    ["(x)\\9", true],
    ["\\k<name>", true],
    ["\\\\1", false],
    ["^a\\d+\\.\\w$", false],
    ["(a+)+$", false],
  ])("%s → %s", (pattern, expected) => {
    expect(hasBackReference(pattern)).toBe(expected);
  });
});

describe("sqlState", () => {
  it("finds the SQLSTATE on the error or its causes", () => {
    expect(sqlState({ code: "57014" })).toBe("57014");
    expect(sqlState({ message: "wrapped", cause: { code: "2201B" } })).toBe("2201B");
    expect(sqlState({ code: "ECONNRESET" })).toBeUndefined();
    expect(sqlState(undefined)).toBeUndefined();
  });
});
