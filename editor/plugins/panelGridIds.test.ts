import { EditorState } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { doc, p, panelGrid } from "../test/builders";
import { panelGridIdsPlugin } from "./panelGridIds";

const ids = (state: EditorState) => {
  const out: string[] = [];
  state.doc.descendants((node) => {
    if (node.type.name === "panel_grid") out.push(node.attrs.id as string);
  });
  return out;
};

describe("panel grid ids", () => {
  it("gives a pasted copy of a grid a fresh id and keeps the original's", () => {
    const state = EditorState.create({ doc: doc(panelGrid("g1")(), p("x")), plugins: [panelGridIdsPlugin()] });
    const copy = state.doc.slice(0, state.doc.firstChild!.nodeSize);
    const after = state.apply(state.tr.replace(state.doc.content.size, state.doc.content.size, copy));
    const [first, second] = ids(after);
    expect(first).toBe("g1");
    expect(second).toMatch(/^[a-z0-9]{8}$/);
  });

  it("names a grid inserted without an id, and leaves other transactions alone", () => {
    const state = EditorState.create({ doc: doc(p("x")), plugins: [panelGridIdsPlugin()] });
    const inserted = state.apply(state.tr.insert(0, panelGrid("")().node));
    expect(ids(inserted)[0]).toMatch(/^[a-z0-9]{8}$/);
    const typed = inserted.apply(inserted.tr.insertText("y", inserted.doc.content.size - 1));
    expect(ids(typed)).toEqual(ids(inserted));
  });
});
