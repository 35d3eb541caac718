import { EditorState, TextSelection } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { doc, p } from "../test/builders";
import { insertMention, mentionKey, mentionPlugin } from "./mentionPlugin";

function stateWith(text: string): EditorState {
  const d = doc(p(text));
  const state = EditorState.create({ doc: d, plugins: [mentionPlugin(() => Promise.resolve([]))] });
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, 1 + text.length)));
}

describe("mentionPlugin", () => {
  it("opens after @ and letters at a word start", () => {
    expect(mentionKey.getState(stateWith("hi @bo"))).toMatchObject({ open: true, query: "bo", from: 4 });
    expect(mentionKey.getState(stateWith("@b"))?.open).toBe(true);
  });

  it("stays closed inside a word or without letters", () => {
    expect(mentionKey.getState(stateWith("mail@bo"))?.open).toBe(false);
    expect(mentionKey.getState(stateWith("hi @"))?.open).toBe(false);
    expect(mentionKey.getState(stateWith("hi @bo "))?.open).toBe(false);
  });

  it("keeps only results for the current query", () => {
    let state = stateWith("@bo");
    state = state.apply(state.tr.setMeta(mentionKey, { type: "results", query: "b", results: [{ id: "u1", name: "Bob" }] }));
    expect(mentionKey.getState(state)?.results).toEqual([]);
    state = state.apply(state.tr.setMeta(mentionKey, { type: "results", query: "bo", results: [{ id: "u1", name: "Bob" }] }));
    expect(mentionKey.getState(state)?.results).toEqual([{ id: "u1", name: "Bob" }]);
  });

  it("keeps earlier results only while they match a longer query", () => {
    let state = stateWith("@b");
    const results = [{ id: "u1", name: "Bea Smith" }, { id: "u2", name: "Ann Bob" }];
    state = state.apply(state.tr.setMeta(mentionKey, { type: "results", query: "b", results }));
    state = state.apply(state.tr.insertText("o"));
    expect(mentionKey.getState(state)).toMatchObject({ open: true, query: "bo", results: [{ id: "u2", name: "Ann Bob" }] });
  });

  it("replaces @query with a mention node with a random mid", () => {
    const state = stateWith("hi @bo");
    const next = state.apply(insertMention(state, 4, { id: "u1", name: "Bob" }));
    const para = next.doc.firstChild!;
    expect(para.childCount).toBe(3);
    expect(para.child(1).type.name).toBe("mention");
    expect(para.child(1).attrs).toMatchObject({ id: "u1", label: "Bob" });
    expect(para.child(1).attrs.mid).toMatch(/^[a-z0-9]{12}$/);
    expect(para.textContent).toBe("hi @Bob ");
  });
});
