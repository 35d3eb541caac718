/**
 * URL policy shared by the schema's `parseDOM` rules, the editor's commands and the Markdown codec.
 * Links may point at http(s), mailto or relative targets; images only at http(s) or relative ones.
 * Anything carrying another scheme (javascript:, data:, vbscript:, file: …) is refused, which is
 * what keeps pasted HTML and imported Markdown from smuggling script URLs into a report.
 */

// Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:"), so
// they are stripped before the scheme is read.
const IGNORED = /[\u0000-\u0020\u007f-\u009f]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** The scheme of `url` in lower case ("" for a relative URL), read the way a browser would. */
function schemeOf(url: string): string {
  const match = SCHEME.exec(url.replace(IGNORED, ""));
  return match ? match[1].toLowerCase() : "";
}

/** Whether `href` is acceptable as a link target (http, https, mailto or relative). */
export function isSafeLinkHref(href: unknown): href is string {
  if (typeof href !== "string" || href.length > 4096) return false;
  return ["", "http", "https", "mailto"].includes(schemeOf(href));
}

/** Whether `src` is acceptable as an image source (http, https or relative). */
export function isSafeImageSrc(src: unknown): src is string {
  if (typeof src !== "string" || src.length === 0 || src.length > 4096) return false;
  return ["", "http", "https"].includes(schemeOf(src));
}
