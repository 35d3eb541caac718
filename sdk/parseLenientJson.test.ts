import { describe, expect, it } from "vitest";
import { parseLenientJson } from "./parseLenientJson";

describe("parseLenientJson", () => {
  it("parses plain JSON unchanged", () => {
    expect(parseLenientJson('{"a":"NaN","b":1}')).toEqual({ a: "NaN", b: 1 });
  });
  it("quotes bare NaN/Infinity tokens but not text inside strings", () => {
    expect(parseLenientJson('{"NaN": NaN, "s": "Infinity \\" NaN", "l": [Infinity, -Infinity]}')).toEqual({
      NaN: "NaN",
      s: 'Infinity " NaN',
      l: ["Infinity", "-Infinity"],
    });
  });
  it("still rejects invalid JSON", () => {
    expect(() => parseLenientJson("{NaN")).toThrow(SyntaxError);
    expect(() => parseLenientJson("{oops")).toThrow(SyntaxError);
  });
});
