import { describe, expect, it } from "vitest";
import { decodeMetricValue, encodeJsonValue, encodeMetrics } from "./encodeMetrics";

describe("encodeMetrics", () => {
  it("spells non-finite numbers as the API's strings", () => {
    expect(encodeMetrics({ a: 1.5, b: NaN, c: Infinity, d: -Infinity, e: -0 })).toEqual({ a: 1.5, b: "NaN", c: "Infinity", d: "-Infinity", e: -0 });
    expect(["NaN", "Infinity", "-Infinity", 2].map((v) => decodeMetricValue(v as never))).toEqual([NaN, Infinity, -Infinity, 2]);
  });

  it("throws a TypeError naming the key of a non-number", () => {
    expect(() => encodeMetrics({ ok: 1, acc: "0.5" as never })).toThrow(new TypeError('metric "acc" must be a number, got the string "0.5"'));
    expect(() => encodeMetrics({ t: null as never })).toThrow(/metric "t" must be a number, got null/);
    expect(() => encodeMetrics({ b: true as never })).toThrow(/metric "b" must be a number, got boolean true/);
    expect(() => encodeMetrics({ n: 1n as never })).toThrow(/metric "n" must be a number, got bigint 1/);
    expect(() => encodeMetrics({ [""]: 1 })).toThrow(/must be 1–256 characters/);
    expect(() => encodeMetrics({ ["k".repeat(257)]: 1 })).toThrow(TypeError);
    expect(() => encodeMetrics([1] as never)).toThrow(/expects an object/);
  });

  it("encodes nested JSON values for config and summary", () => {
    expect(encodeJsonValue({ a: [NaN, 1], b: { c: -Infinity }, d: "x", e: null })).toEqual({ a: ["NaN", 1], b: { c: "-Infinity" }, d: "x", e: null });
  });
});
