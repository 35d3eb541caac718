import { beforeAll, describe, expect, it } from "vitest";
import { loadKatex, MAX_LATEX_LENGTH, renderMath } from "./renderMath";

describe("renderMath before KaTeX has loaded (its own chunk)", () => {
  it("answers pending, and renders once loaded", async () => {
    expect(renderMath("x^2", false)).toEqual({ pending: true });
    await loadKatex();
    expect(renderMath("x^2", false).html).toContain('class="katex"');
  });
});

describe("renderMath", () => {
  beforeAll(loadKatex);

  it("renders valid LaTeX to KaTeX HTML", () => {
    const result = renderMath("x^2 + \\frac{1}{2}", false);
    expect(result.error).toBeUndefined();
    expect(result.html).toContain('class="katex"');
  });

  it("reports parse errors as readable text", () => {
    const result = renderMath("\\frac{1}{", true);
    expect(result.html).toBeUndefined();
    expect(result.error).toMatch(/^Cannot render formula: /);
  });

  it("does not trust links or HTML extensions", () => {
    const result = renderMath("\\href{javascript:alert(1)}{x}", false);
    expect(result.html ?? "").not.toMatch(/href="?javascript/);
    expect(result.html ?? "").not.toContain("<a ");
  });

  it("stops runaway macro expansion", () => {
    const bomb = "\\def\\a{\\b\\b}\\def\\b{\\c\\c}\\def\\c{\\d\\d}\\def\\d{\\e\\e}\\def\\e{\\f\\f}\\def\\f{xx}" + "\\a".repeat(100);
    const result = renderMath(bomb, false);
    expect(result.error).toMatch(/expansion/i);
  });

  it("refuses sources over the length limit", () => {
    expect(renderMath("x".repeat(MAX_LATEX_LENGTH + 1), false).error).toMatch(/too long/);
  });
});
