import { describe, expect, it } from "vitest";
import { formatDuration, formatRelative, formatValue } from "./format";

describe("formatValue", () => {
  it("rounds floats to 4 significant digits and keeps integers", () => {
    expect(formatValue(0.123456)).toBe("0.1235");
    expect(formatValue(2.5)).toBe("2.5");
    expect(formatValue(1000)).toBe("1000");
    expect(formatValue(1234.5678)).toBe("1235");
  });

  it("uses exponents for extremes", () => {
    expect(formatValue(0.00001234)).toBe("1.234e-5");
    expect(formatValue(12345678.9)).toBe("1.235e+7");
    expect(formatValue(0.0001)).toBe("1e-4");
  });

  it("passes non-finite markers and strings through, and shortens objects", () => {
    expect(formatValue("NaN")).toBe("NaN");
    expect(formatValue("<b>x</b>")).toBe("<b>x</b>");
    expect(formatValue(null)).toBe("—");
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue({ a: "x".repeat(300) })).toHaveLength(120);
  });
});

describe("formatDuration", () => {
  it("picks two units", () => {
    expect(formatDuration(45_000)).toBe("45s");
    expect(formatDuration(723_000)).toBe("12m 03s");
    expect(formatDuration(3 * 3600_000 + 12 * 60_000)).toBe("3h 12m");
    expect(formatDuration(52 * 3600_000)).toBe("2d 4h");
  });
});

describe("formatRelative", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  it("counts back from now", () => {
    expect(formatRelative("2026-11-23T11:59:58Z", now)).toBe("just now");
    expect(formatRelative("2026-11-23T11:59:30Z", now)).toBe("30s ago");
    expect(formatRelative("2026-11-23T11:00:00Z", now)).toBe("1h ago");
    expect(formatRelative("2026-09-01T00:00:00Z", now)).toBe("Sep 1, 2026");
  });
});
