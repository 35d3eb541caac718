import { EditorState, TextSelection } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { callout, doc, h2, p, toc } from "../test/builders";
import { expectCommand } from "../test/commandTest";
import { filterSlashMenuItems, slashMenuItems } from "./slashMenuItems";
import { runSlashItem, slashMenuKey, slashMenuPlugin, visibleItems } from "./slashMenuPlugin";

const item = (id: string) => slashMenuItems.find((i) => i.id === id)!;

function typeInto(text: string) {
  let state = EditorState.create({ doc: doc(p("x ")), plugins: [slashMenuPlugin()] });
  state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 3)));
  for (const ch of text) state = state.apply(state.tr.insertText(ch));
  return state;
}

describe("slash menu", () => {
  it("opens on / after a space and filters by the query", () => {
    const state = typeInto("/cal");
    const menu = slashMenuKey.getState(state)!;
    expect(menu).toMatchObject({ open: true, from: 3, query: "cal" });
    expect(visibleItems(menu).map((i) => i.id)).toEqual(["callout_info", "callout_warning", "callout_success", "callout_danger"]);
  });

  it("stays closed inside a word and closes on a space", () => {
    expect(slashMenuKey.getState(typeInto("a/b"))!.open).toBe(false);
    expect(slashMenuKey.getState(typeInto("/h1 "))!.open).toBe(false);
  });

  it("stays closed after Escape until the / is typed again", () => {
    let state = typeInto("/ta");
    state = state.apply(state.tr.setMeta(slashMenuKey, { type: "dismiss" }));
    state = state.apply(state.tr.insertText("b"));
    expect(slashMenuKey.getState(state)!.open).toBe(false);
  });

  it("moves the highlight with the arrow keys, wrapping", () => {
    let state = typeInto("/h");
    state = state.apply(state.tr.setMeta(slashMenuKey, { type: "move", delta: -1 }));
    const menu = slashMenuKey.getState(state)!;
    expect(menu.selected).toBe(visibleItems(menu).length - 1);
  });

  it("finds items by keyword", () => {
    expect(filterSlashMenuItems("todo").map((i) => i.id)).toEqual(["task_list"]);
    expect(filterSlashMenuItems("latex").map((i) => i.id)).toEqual(["math_block", "math_inline"]);
  });

  it("replaces the /query with the chosen block", () => {
    const before = doc(p("/h2<a>"));
    expectCommand(runSlashItem(item("heading2"), 1), before, doc(h2()));
    expectCommand(runSlashItem(item("toc"), 1), doc(p("/toc<a>")), doc(toc()));
    expectCommand(runSlashItem(item("callout_warning"), 3), doc(p("a /w<a>")), doc(callout("warning")(p("a "))));
  });
});
