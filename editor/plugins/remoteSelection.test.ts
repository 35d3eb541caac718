import { AllSelection, EditorState, TextSelection, type Transaction } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { ySyncPluginKey } from "y-prosemirror";
import { schema } from "../schema";
import { doc, p } from "../test/builders";
import { remoteSelectionPlugin } from "./remoteSelection";

/** What y-prosemirror dispatches for a remote change: the whole content replaced, the selection's type restored. */
function remoteChange(state: EditorState, content: ReturnType<typeof doc>): Transaction {
  const tr = state.tr.replaceWith(0, state.doc.content.size, content.content);
  if (state.selection instanceof AllSelection) tr.setSelection(new AllSelection(tr.doc));
  return tr.setMeta(ySyncPluginKey, { isChangeOrigin: true });
}

describe("remote selection", () => {
  it("puts the cursor at the start when a remote change fills an empty document the reader had not selected", () => {
    const empty = EditorState.create({ schema, doc: schema.nodes.doc.create(), plugins: [remoteSelectionPlugin()] });
    expect(empty.selection).toBeInstanceOf(AllSelection);
    const after = empty.applyTransaction(remoteChange(empty, doc(p("Results"), p("more")))).state;
    expect(after.selection).toBeInstanceOf(TextSelection);
    expect(after.selection.empty).toBe(true);
    expect(after.selection.from).toBe(1);
    // Typing now inserts at the cursor instead of replacing the document.
    const typed = after.apply(after.tr.insertText("x"));
    expect(typed.doc.textContent).toBe("xResultsmore");
  });

  it("keeps a select-all the reader made across remote changes", () => {
    const state = EditorState.create({ schema, doc: doc(p("a")), plugins: [remoteSelectionPlugin()] });
    const all = state.apply(state.tr.setSelection(new AllSelection(state.doc)));
    const after = all.applyTransaction(remoteChange(all, doc(p("a"), p("b")))).state;
    expect(after.selection).toBeInstanceOf(AllSelection);
    // Once the reader moves on, a later remote change finds no select-all of theirs.
    const moved = after.apply(after.tr.setSelection(TextSelection.create(after.doc, 1)));
    expect(moved.applyTransaction(remoteChange(moved, doc(p("c")))).state.selection).toBeInstanceOf(TextSelection);
  });

  it("leaves local changes alone", () => {
    const empty = EditorState.create({ schema, doc: schema.nodes.doc.create(), plugins: [remoteSelectionPlugin()] });
    const tr = empty.tr.replaceWith(0, 0, doc(p("x")).content);
    expect(tr.selection).toBeInstanceOf(AllSelection);
    expect(empty.applyTransaction(tr).state.selection).toBeInstanceOf(AllSelection);
  });
});
