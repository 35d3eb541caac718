/**
 * Paste handling. HTML on the clipboard goes through the schema's `parseDOM` rules (ProseMirror's
 * default), which keep only what the schema knows: that is the sanitizer. Plain text that looks like
 * Markdown is parsed with the Folio Markdown codec instead of being pasted as literal text; inside a
 * code block, text stays text.
 */
import { Slice } from "prosemirror-model";
import { Plugin } from "prosemirror-state";
import { parseMarkdown } from "../markdown";

// Line-level Markdown syntax, or inline syntax that plain prose rarely contains.
const MARKDOWN_HINTS = [
  /^#{1,6}\s/m,
  /^\s*([-*+]|\d+[.)])\s+\S/m,
  /^\s*>\s/m,
  /^(```|~~~)/m,
  /^\s*\|.*\|\s*$/m,
  /^\$\$/m,
  /\*\*[^*\n]+\*\*|__[^_\n]+__|~~[^~\n]+~~/,
  /\[[^\]\n]+\]\([^)\s]+\)/,
  /`[^`\n]+`/,
  /(^|\s)\$[^$\s][^$\n]*\$/,
];

/** Whether pasted plain `text` should be read as Markdown. */
export function looksLikeMarkdown(text: string): boolean {
  return MARKDOWN_HINTS.some((hint) => hint.test(text));
}

/** The slice to insert for pasted Markdown: open at both ends so single lines flow into the paragraph. */
export function markdownSlice(text: string): Slice {
  const doc = parseMarkdown(text);
  return Slice.maxOpen(doc.content);
}

/** The paste plugin (Markdown text → Folio nodes). */
export function pasteMarkdownPlugin(): Plugin {
  return new Plugin({
    props: {
      handlePaste(view, event) {
        const data = event.clipboardData;
        if (!data || data.types.includes("text/html") || data.types.includes("Files")) return false;
        const text = data.getData("text/plain");
        if (!text || view.state.selection.$from.parent.type.spec.code || !looksLikeMarkdown(text)) return false;
        view.dispatch(view.state.tr.replaceSelection(markdownSlice(text)).scrollIntoView().setMeta("paste", true).setMeta("uiEvent", "paste"));
        return true;
      },
    },
  });
}
