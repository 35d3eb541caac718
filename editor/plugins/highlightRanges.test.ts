import { EditorState } from "prosemirror-state";
import { beforeAll, describe, expect, it } from "vitest";
import { doc, p, pre } from "../test/builders";
import { codeHighlightKey, codeHighlightPlugin } from "./codeHighlightPlugin";
import { highlightRanges, loadHighlighter } from "./highlightRanges";

beforeAll(loadHighlighter);

describe("highlightRanges", () => {
  it("maps highlight.js spans back onto the source text", () => {
    const code = 'const s = "<a & b>"; // hi';
    const ranges = highlightRanges(code, "javascript");
    const slice = (className: string) => ranges.filter((r) => r.className === className).map((r) => code.slice(r.from, r.to));
    expect(slice("hljs-keyword")).toEqual(["const"]);
    expect(slice("hljs-string")).toEqual(['"<a & b>"']);
    expect(slice("hljs-comment")).toEqual(["// hi"]);
  });

  it("leaves unknown languages plain", () => {
    expect(highlightRanges("x = 1", "no-such-language")).toEqual([]);
    expect(highlightRanges("x = 1", "")).toEqual([]);
  });
});

describe("codeHighlightPlugin", () => {
  it("decorates code blocks and re-highlights them as they change", () => {
    const before = doc(p("a"), pre("python")("<a>x"));
    let state = EditorState.create({ doc: before, plugins: [codeHighlightPlugin()] });
    expect(codeHighlightKey.getState(state)!.find()).toHaveLength(0);
    state = state.apply(state.tr.insertText("def f(): return 1", before.tag.a, before.tag.a + 1));
    const classes = codeHighlightKey.getState(state)!.find().map((d) => (d as unknown as { type: { attrs: { class: string } } }).type.attrs.class);
    expect(classes).toContain("hljs-keyword");
  });
});
