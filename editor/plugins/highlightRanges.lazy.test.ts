/** highlight.js is its own chunk: nothing is highlighted until it has loaded, then code is. */
import { expect, it } from "vitest";
import { highlighterLoaded, highlightRanges, isHighlightable, loadHighlighter } from "./highlightRanges";

it("highlights nothing until highlight.js has loaded, then highlights", async () => {
  expect(highlighterLoaded()).toBe(false);
  expect(isHighlightable("javascript")).toBe(false);
  expect(highlightRanges("const x = 1", "javascript")).toEqual([]);
  await loadHighlighter();
  expect(highlighterLoaded()).toBe(true);
  expect(highlightRanges("const x = 1", "javascript").map((r) => r.className)).toContain("hljs-keyword");
});
