/**
 * The Folio document schema (placeholder: paragraphs and headings only). The full schema of
 * issue 4 replaces this file and keeps its export: `schema`.
 */
import { Schema } from "prosemirror-model";

/** The one ProseMirror schema every editor, the collab-server and the Markdown codec share. */
export const schema = new Schema({
  nodes: {
    doc: { content: "block+" },
    paragraph: { group: "block", content: "inline*", parseDOM: [{ tag: "p" }], toDOM: () => ["p", 0] },
    heading: {
      group: "block",
      content: "inline*",
      attrs: { level: { default: 1 } },
      parseDOM: [1, 2, 3].map((level) => ({ tag: `h${level}`, attrs: { level } })),
      toDOM: (node) => [`h${node.attrs.level}`, 0],
    },
    text: { group: "inline" },
  },
  marks: {},
});
