/**
 * The markdown-it configuration behind Folio Markdown: CommonMark, GFM tables and strikethrough,
 * Folio math; no raw HTML, no linkify, no typographer. Link destinations are kept exactly as
 * written (no percent-encoding) so they round-trip, and only http(s), mailto and relative URLs
 * become links (editor/schema/safeUrl.ts).
 */
import markdownIt, { type MarkdownIt } from "markdown-it";
import { isSafeLinkHref } from "../schema";
import { mathPlugin } from "./mathPlugin";
import { mentionPlugin } from "./mentionPlugin";

/** Builds the markdown-it parser for Folio Markdown. */
export function createFolioMarkdownIt(): MarkdownIt {
  // maxNesting: CommonMark's preset stops at 20 levels and drops deeper content; reports with deep
  // lists must not lose text on export.
  const md = markdownIt("commonmark", { html: false, linkify: false, typographer: false, maxNesting: 200 });
  md.enable(["table", "strikethrough"]);
  md.use(mathPlugin);
  md.use(mentionPlugin);
  md.normalizeLink = (url) => url;
  md.normalizeLinkText = (url) => url;
  md.validateLink = (url) => isSafeLinkHref(url);
  return md;
}
