import { describe, expect, it } from "vitest";
import { blockquote, code, doc, em, h1, h3, hr, li, math, mathBlock, ol, p, pre, strong, task, tasks, ul } from "../test/builders";
import { stateOf, typeWithRules } from "../test/commandTest";
import { folioInputRuleList } from "./folioInputRules";

/** Types `text` into `before` and returns the resulting document as JSON. */
function typed(before: Parameters<typeof stateOf>[0], text: string) {
  return typeWithRules(stateOf(before), text, folioInputRuleList).doc.toJSON();
}

describe("Markdown input rules", () => {
  it.each([
    ["# ", doc(h1())],
    ["### T", doc(h3("T"))],
    ["- a", doc(ul(li(p("a"))))],
    ["* a", doc(ul(li(p("a"))))],
    ["1. a", doc(ol()(li(p("a"))))],
    ["7. a", doc(ol({ start: 7 })(li(p("a"))))],
    ["[ ] a", doc(tasks(task(false)(p("a"))))],
    ["[x] a", doc(tasks(task(true)(p("a"))))],
    ["- [x] a", doc(tasks(task(true)(p("a"))))],
    ["> a", doc(blockquote(p("a")))],
    ["```js x", doc(pre("js")("x"))],
    ["--- b", doc(hr(), p(" b"))],
    ["$$ ", doc(mathBlock(""))],
    ["so $x^2$ ok", doc(p("so ", math("x^2"), " ok"))],
    ["**b** *i* `c`", doc(p(strong("b"), " ", em("i"), " ", code("c")))],
  ])("%j", (text, after) => {
    expect(typed(doc(p("<a>")), text)).toEqual(after.toJSON());
  });

  it("leave prices and escaped dollars alone", () => {
    expect(typed(doc(p("<a>")), "costs $5 or $ 6$")).toEqual(doc(p("costs $5 or $ 6$")).toJSON());
    expect(typed(doc(p("<a>")), "a $$x$")).toEqual(doc(p("a $$x$")).toJSON());
  });

  it("do not fire inside code blocks", () => {
    expect(typed(doc(pre()("<a>")), "# $x$")).toEqual(doc(pre()("# $x$")).toJSON());
  });
});
