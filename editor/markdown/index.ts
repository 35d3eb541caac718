/**
 * Folio Markdown (placeholder: paragraphs and `#` headings only). The full codec of issue 4
 * replaces this file and keeps its exports: `parseMarkdown` and `serializeMarkdown`.
 */
import type { Node } from "prosemirror-model";
import { schema } from "../schema";

/** Parses Folio Markdown into a document of `schema`. */
export function parseMarkdown(markdown: string): Node {
  const blocks = markdown.split(/\n{2,}/).map((b) => b.trim()).filter(Boolean);
  const nodes = blocks.map((block) => {
    const heading = /^(#{1,3}) (.*)$/s.exec(block);
    const text = heading ? heading[2] : block;
    const content = text ? [schema.text(text)] : [];
    return heading ? schema.node("heading", { level: heading[1].length }, content) : schema.node("paragraph", null, content);
  });
  return schema.node("doc", null, nodes.length ? nodes : [schema.node("paragraph")]);
}

/** Serializes a document of `schema` as Folio Markdown. */
export function serializeMarkdown(doc: Node): string {
  const out: string[] = [];
  doc.forEach((block) => {
    out.push(block.type.name === "heading" ? `${"#".repeat(block.attrs.level as number)} ${block.textContent}` : block.textContent);
  });
  return out.join("\n\n") + "\n";
}
