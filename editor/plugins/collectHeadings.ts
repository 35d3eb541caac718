/** The outline of a document: its headings in order, for the table-of-contents block. */
import type { Node } from "prosemirror-model";

/** One heading of the outline. `pos` is the heading's position in the document. */
export interface OutlineEntry {
  level: number;
  text: string;
  pos: number;
}

/** The headings of `doc`, top level and nested (in callouts, list items…), in document order. */
export function collectHeadings(doc: Node): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === "heading") {
      entries.push({ level: node.attrs.level as number, text: node.textContent, pos });
      return false;
    }
    return !node.isTextblock;
  });
  return entries;
}
