import { Slice } from "prosemirror-model";
import { EditorState, TextSelection, type Transaction } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode, ySyncPlugin, ySyncPluginKey } from "y-prosemirror";
import * as Y from "yjs";
import { schema } from "../schema";
import { anchorFromSelection, commentAnchorRange, commentAnchorsKey, commentAnchorsPlugin, type AnchoredThread } from "./commentAnchors";

const SENTENCE = "The rate is high.";

/** A state over a fresh Y.Doc holding two paragraphs, like an editor after its first sync. */
function setup() {
  const ydoc = new Y.Doc();
  const fragment = ydoc.getXmlFragment("default");
  const json = {
    type: "doc",
    content: [
      { type: "paragraph", content: [{ type: "text", text: `Intro. ${SENTENCE} End.` }] },
      { type: "paragraph", content: [{ type: "text", text: "Second." }] },
    ],
  };
  prosemirrorJSONToYXmlFragment(schema, json, fragment);
  const { doc, mapping } = initProseMirrorDoc(fragment, schema);
  const state = EditorState.create({ schema, doc, plugins: [ySyncPlugin(fragment, { mapping }), commentAnchorsPlugin()] });
  return { ydoc, fragment, state };
}

/** What y-prosemirror dispatches after a remote Yjs change: the whole document, as an origin change. */
function fromYjs(state: EditorState, fragment: Y.XmlFragment): Transaction {
  const next = yXmlFragmentToProseMirrorRootNode(fragment, schema);
  return state.tr.replace(0, state.doc.content.size, new Slice(next.content, 0, 0)).setMeta(ySyncPluginKey, { isChangeOrigin: true });
}

const textOf = (state: EditorState, id: string) => {
  const r = commentAnchorRange(state, id);
  return r ? state.doc.textBetween(r.from, r.to) : null;
};

describe("comment anchors", () => {
  it("anchors a selection and highlights it, following remote edits and detaching when the text goes", () => {
    const { fragment, state: start } = setup();
    const from = 1 + "Intro. ".length;
    const selected = start.apply(start.tr.setSelection(TextSelection.create(start.doc, from, from + SENTENCE.length)));
    const anchor = anchorFromSelection(selected)!;
    expect(anchor.quote).toBe(SENTENCE);

    const threads: AnchoredThread[] = [{ id: "t1", anchor, resolved: false }, { id: "t2", anchor: null, resolved: false }];
    let state = selected.apply(selected.tr.setMeta(commentAnchorsKey, { threads, active: "t1" }));
    expect(textOf(state, "t1")).toBe(SENTENCE);
    const decos = commentAnchorsKey.getState(state)!.decorations.find();
    expect(decos).toHaveLength(1);
    expect((decos[0] as unknown as { type: { attrs: { class: string } } }).type.attrs.class).toBe("comment-anchor is-active");

    // Someone else types before the sentence: the anchor still covers it.
    const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, "Note: ");
    state = state.apply(fromYjs(state, fragment));
    expect(textOf(state, "t1")).toBe(SENTENCE);

    // A local edit before it maps the range too.
    state = state.apply(state.tr.insertText("Hi ", 1));
    expect(textOf(state, "t1")).toBe(SENTENCE);

    // Resolved threads are not drawn.
    const resolved = state.apply(state.tr.setMeta(commentAnchorsKey, { threads: [{ ...threads[0], resolved: true }] }));
    expect(commentAnchorsKey.getState(resolved)!.decorations.find()).toHaveLength(0);

    // The sentence is deleted remotely: the thread is detached.
    text.delete("Note: Intro. ".length, SENTENCE.length);
    state = state.apply(fromYjs(state, fragment));
    expect(commentAnchorRange(state, "t1")).toBeNull();
    expect(commentAnchorsKey.getState(state)!.ranges.get("t1")).toBeNull();
    expect(commentAnchorsKey.getState(state)!.decorations.find()).toHaveLength(0);
  });

  it("makes no anchor for an empty selection", () => {
    const { state } = setup();
    expect(anchorFromSelection(state)).toBeNull();
  });
});
