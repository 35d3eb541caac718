/**
 * Browser entry for editor/createFolioEditor.browser.test.ts: two editors on two Y.Docs that relay
 * their updates to each other (as two clients of one room would), exposed on `window.folio`.
 */
import { TextSelection } from "prosemirror-state";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { createFolioEditor } from "../createFolioEditor";
import { serializeMarkdown } from "../markdown";
import { insertImage } from "../nodes/image";

const RELAY = "test-relay";
const docs = [new Y.Doc(), new Y.Doc()];
docs.forEach((doc, i) => {
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== RELAY) Y.applyUpdate(docs[1 - i], update, RELAY);
  });
});
const linkRequests: unknown[] = [];
const editors = docs.map((doc, i) => {
  const awareness = new Awareness(doc);
  awareness.setLocalStateField("user", { name: `User ${i}`, color: i ? "#d33" : "#33d" });
  return createFolioEditor({
    element: document.getElementById(`editor${i}`)!,
    fragment: doc.getXmlFragment("default"),
    awareness,
    onLinkRequest: (request) => linkRequests.push(request),
    onImageRequest: (view) => insertImage("/chart.png", "chart")(view.state, view.dispatch),
  });
});

declare global {
  interface Window {
    folio: { editors: typeof editors; markdown(i: number): string; linkRequests: unknown[]; caretAtEnd(i: number, nodeType?: string): void };
  }
}

/**
 * Focuses editor `i` with the caret at the end of its last text block, or of the first node of
 * type `nodeType`: deterministic, unlike Control+End or a click, whose native caret move can race
 * ProseMirror's focus handling on a busy machine.
 */
function caretAtEnd(i: number, nodeType?: string): void {
  const { view } = editors[i];
  const { doc } = view.state;
  let end: number | null = null;
  if (nodeType) {
    doc.descendants((node, pos) => {
      if (end === null && node.type.name === nodeType) end = pos + node.nodeSize - 1;
      return end === null;
    });
    if (end === null) throw new Error(`no ${nodeType} in editor ${i}`);
  }
  view.focus();
  const selection = end === null ? TextSelection.atEnd(doc) : TextSelection.create(doc, end);
  view.dispatch(view.state.tr.setSelection(selection).scrollIntoView());
}

window.folio = { editors, markdown: (i) => serializeMarkdown(editors[i].view.state.doc), linkRequests, caretAtEnd };
