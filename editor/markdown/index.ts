/**
 * Folio Markdown (docs/markdown.md): CommonMark + GFM tables, task lists and strikethrough, `$…$` /
 * `$$…$$` math and `folio-*` fenced blocks, with parse and serialize that round-trip.
 */
export { parseMarkdown } from "./parseMarkdown";
export { serializeMarkdown } from "./serializeMarkdown";
