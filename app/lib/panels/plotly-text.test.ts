import { describe, expect, it } from "vitest";
import { plotlyText, plotlyValue } from "./plotly-text";

describe("plotlyText", () => {
  it("turns markup into entities, ampersands first", () => {
    expect(plotlyText(`<a href="javascript:alert(1)">x</a>`)).toBe(`&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;`);
    expect(plotlyText("a&lt;b")).toBe("a&amp;lt;b");
    expect(plotlyText("<br>")).toBe("&lt;br&gt;");
  });

  it("neutralizes hover template placeholders", () => {
    expect(plotlyText("%{y}")).toBe("&#37;{y}");
    expect(plotlyText("100% done")).toBe("100% done");
    expect(plotlyText("%{fullData.name}%{x}")).toBe("&#37;{fullData.name}&#37;{x}");
  });

  it("neutralizes MathJax's dollar trigger", () => {
    expect(plotlyText("$x^2$")).toBe("&#36;x^2&#36;");
    expect(plotlyText("$")).toBe("&#36;");
    expect(plotlyText("cost $5")).toBe("cost &#36;5");
  });

  it("leaves ordinary names alone", () => {
    expect(plotlyText("val/loss")).toBe("val/loss");
    expect(plotlyText("brave-fox-3 lr=0.01")).toBe("brave-fox-3 lr=0.01");
    expect(plotlyText("")).toBe("");
  });

  it("escapes values of any type", () => {
    expect(plotlyValue(null)).toBe("");
    expect(plotlyValue(0.1)).toBe("0.1");
    expect(plotlyValue(true)).toBe("true");
    expect(plotlyValue({ a: "<b>" })).toBe(`{"a":"&lt;b&gt;"}`);
  });
});
