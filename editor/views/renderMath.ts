/**
 * KaTeX rendering with Folio's limits, shared by the math node views. KaTeX runs with
 * `throwOnError: false` and `trust: false` (no \href, \url, \includegraphics, \htmlClass…), a macro
 * expansion limit against "billion laughs" macros and a maximum source length. A formula KaTeX
 * cannot parse yields a readable message (never KaTeX's error HTML, which embeds the source).
 */
import katex, { type KatexOptions } from "katex";

/** Longest LaTeX source rendered; longer formulas show an error instead (KaTeX is synchronous). */
export const MAX_LATEX_LENGTH = 10_000;

/** Macro expansion limit (KaTeX's default is 1000; bounded explicitly so it never grows). */
export const MAX_EXPAND = 1000;

/** The outcome of rendering: trusted KaTeX HTML, or a plain-text error message. */
export type MathRender = { html: string; error?: undefined } | { html?: undefined; error: string };

/** The KaTeX options Folio renders with. */
export function katexOptions(displayMode: boolean): KatexOptions {
  return { displayMode, throwOnError: false, trust: false, maxExpand: MAX_EXPAND, maxSize: 50, strict: "ignore", output: "htmlAndMathml" };
}

/** Renders `latex` (display style when `displayMode`), never throwing. */
export function renderMath(latex: string, displayMode: boolean): MathRender {
  if (latex.length > MAX_LATEX_LENGTH) {
    return { error: `Formula too long: ${latex.length} characters (limit ${MAX_LATEX_LENGTH}).` };
  }
  try {
    const html = katex.renderToString(latex, katexOptions(displayMode));
    if (!html.includes("katex-error")) return { html };
    // throwOnError: false turned a parse error into an error span; ask again for the message.
    katex.renderToString(latex, { ...katexOptions(displayMode), throwOnError: true });
    return { html };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: message.replace(/^KaTeX parse error: /, "Cannot render formula: ") };
  }
}
