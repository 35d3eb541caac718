import { EditorState, TextSelection } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { doc, h2, li, p, strong, ul } from "../test/builders";
import { looksLikeMarkdown, markdownSlice } from "./pasteMarkdown";

describe("paste of Markdown text", () => {
  it("recognizes Markdown and leaves prose alone", () => {
    expect(looksLikeMarkdown("## Results\n\nfine")).toBe(true);
    expect(looksLikeMarkdown("- a\n- b")).toBe(true);
    expect(looksLikeMarkdown("see **this**")).toBe(true);
    expect(looksLikeMarkdown("It costs 5 dollars - really.")).toBe(false);
    expect(looksLikeMarkdown("Just a sentence.")).toBe(false);
  });

  it("inserts inline Markdown into the current paragraph", () => {
    const before = doc(p("x<a>y"));
    const state = EditorState.create({ doc: before, selection: TextSelection.create(before, before.tag.a) });
    const after = state.apply(state.tr.replaceSelection(markdownSlice("a **b**")));
    expect(after.doc.toJSON()).toEqual(doc(p("xa ", strong("b"), "y")).toJSON());
  });

  it("inserts blocks", () => {
    const before = doc(p("<a>"));
    const state = EditorState.create({ doc: before, selection: TextSelection.create(before, before.tag.a) });
    const after = state.apply(state.tr.replaceSelection(markdownSlice("## T\n\n- a\n- b")));
    expect(after.doc.toJSON()).toEqual(doc(h2("T"), ul(li(p("a")), li(p("b")))).toJSON());
  });
});
