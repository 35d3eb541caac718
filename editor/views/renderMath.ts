/**
 * KaTeX rendering with Folio's limits, shared by the math node views. KaTeX runs with
 * `throwOnError: false` and `trust: false` (no \href, \url, \includegraphics, \htmlClass…), a macro
 * expansion limit against "billion laughs" macros and a maximum source length. A formula KaTeX
 * cannot parse yields a readable message (never KaTeX's error HTML, which embeds the source).
 *
 * KaTeX is its own chunk, loaded the first time a formula is shown (`loadKatex`): a quarter of the
 * editor's JavaScript that a report without math never needs. Until it is, `renderMath` answers
 * `pending` and the callers show the source and paint again once it has loaded.
 */
import type { KatexOptions } from "katex";
import { lazyDefault } from "../lazyDefault";

const katexModule = lazyDefault(() => import("katex"));

/** Loads KaTeX (once); resolves when `renderMath` renders. */
export const loadKatex = (): Promise<void> => katexModule.load();

/** Longest LaTeX source rendered; longer formulas show an error instead (KaTeX is synchronous). */
export const MAX_LATEX_LENGTH = 10_000;

/** Macro expansion limit (KaTeX's default is 1000; bounded explicitly so it never grows). */
export const MAX_EXPAND = 1000;

/** The outcome of rendering: trusted KaTeX HTML, a plain-text error message, or KaTeX still loading (`loadKatex`). */
export type MathRender = { html: string; error?: undefined; pending?: undefined } | { html?: undefined; error: string; pending?: undefined } | { html?: undefined; error?: undefined; pending: true };

/** The KaTeX options Folio renders with. */
export function katexOptions(displayMode: boolean): KatexOptions {
  return { displayMode, throwOnError: false, trust: false, maxExpand: MAX_EXPAND, maxSize: 50, strict: "ignore", output: "htmlAndMathml" };
}

/** Renders `latex` (display style when `displayMode`), never throwing. */
export function renderMath(latex: string, displayMode: boolean): MathRender {
  if (latex.length > MAX_LATEX_LENGTH) {
    return { error: `Formula too long: ${latex.length} characters (limit ${MAX_LATEX_LENGTH}).` };
  }
  const katex = katexModule.current();
  if (!katex) {
    void loadKatex();
    return { pending: true };
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

/**
 * Typesets the math of Markdown the schema serialized under `root` (`[data-math-inline]`,
 * `[data-math-block]`), at once or once KaTeX has loaded, then calls `after`. Returns a function
 * that cancels a typeset still waiting for KaTeX (the element was rendered again).
 */
export function typesetMath(root: HTMLElement, after: () => void = () => undefined): () => void {
  const math = root.querySelectorAll<HTMLElement>("[data-math-inline], [data-math-block]");
  const run = () => {
    math.forEach((m) => {
      const out = renderMath(m.getAttribute("data-latex") ?? "", m.hasAttribute("data-math-block"));
      // renderMath returns KaTeX's own HTML (trust off, sizes capped): the one HTML inserted.
      if (out.html !== undefined) m.innerHTML = out.html;
    });
    after();
  };
  if (math.length === 0 || katexModule.current()) {
    run();
    return () => undefined;
  }
  let live = true;
  void loadKatex().then(() => live && run());
  return () => void (live = false);
}
