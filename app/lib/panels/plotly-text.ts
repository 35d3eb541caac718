/**
 * Untrusted text (run names, metric keys, config values, group names) on its way into a plotly
 * figure. Plotly renders a subset of HTML in titles, legend entries, hover labels, tick labels and
 * annotations (`<b>`, `<a href>`, `<br>`…), substitutes `%{…}` in hover templates, and hands text
 * between `$` signs to MathJax when a page has it. So every such string goes through `plotlyText`:
 * `&`, `<`, `>` become entities, and `%` before `{` and every `$` become numeric entities, which
 * plotly turns back into the plain characters when it draws (so the reader sees the name as typed).
 */

/** `text` made inert for plotly; see the module comment. */
export function plotlyText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/%(?=\{)/g, "&#37;")
    .replace(/\$/g, "&#36;");
}

/** A value of any type as inert plotly text (missing: empty). */
export function plotlyValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  return plotlyText(typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value));
}
