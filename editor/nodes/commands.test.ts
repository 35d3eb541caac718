import { describe, expect, it } from "vitest";
import { blockquote, callout, doc, em, h1, h2, hr, li, link, math, mathBlock, ol, p, pre, strike, strong, table, task, tasks, td, th, toc, tr, ul, code } from "../test/builders";
import { expectCommand, expectRefused, stateOf } from "../test/commandTest";
import { insertHorizontalRule, insertTable, insertToc, setCodeBlock, wrapInBlockquote, wrapInCallout } from "./blocks";
import { toggleHeading } from "./heading";
import { linkAt, removeLink, requestLink, setLink } from "./link";
import { liftItem, sinkItem, splitItem, toggleTaskChecked, wrapInBulletList, wrapInOrderedList, wrapInTaskList } from "./lists";
import { toggleCode, toggleEm, toggleStrikethrough, toggleStrong } from "./markCommands";
import { insertMathBlock, insertMathInline } from "./math";

describe("mark commands", () => {
  it("toggle strong, em, code and strikethrough on the selection", () => {
    expectCommand(toggleStrong, doc(p("a<a>bc<b>d")), doc(p("a", strong("bc"), "d")));
    expectCommand(toggleEm, doc(p("<a>ab<b>")), doc(p(em("ab"))));
    expectCommand(toggleCode, doc(p("x<a>y<b>")), doc(p("x", code("y"))));
    expectCommand(toggleStrikethrough, doc(p(strike("<a>ab<b>"))), doc(p("ab")));
  });

  it("do not apply inside a code block", () => {
    expectRefused(toggleStrong, doc(pre()("a<a>b<b>")));
  });
});

describe("link commands", () => {
  it("link the selection", () => {
    expectCommand(setLink("https://folio.dev"), doc(p("see <a>docs<b>.")), doc(p("see ", link("https://folio.dev")("docs"), ".")));
  });

  it("retarget the link under an empty cursor", () => {
    expectCommand(setLink("/runs/2"), doc(p(link("/runs/1")("ru<a>n"), " x")), doc(p(link("/runs/2")("run"), " x")));
  });

  it("refuse unsafe URLs", () => {
    expectRefused(setLink("javascript:alert(1)"), doc(p("<a>x<b>")));
    expectRefused(setLink(" jav\tascript:alert(1)"), doc(p("<a>x<b>")));
    expectRefused(setLink("data:text/html,hi"), doc(p("<a>x<b>")));
  });

  it("refuse an empty selection outside a link", () => {
    expectRefused(setLink("/x"), doc(p("a<a>b")));
  });

  it("remove a link", () => {
    expectCommand(removeLink, doc(p("a ", link("/x")("l<a>ink"))), doc(p("a link")));
  });

  it("find the link range under the cursor", () => {
    const before = doc(p("a ", link("/x", "T")("li<a>nk"), " b"));
    expect(linkAt(stateOf(before))).toEqual({ href: "/x", title: "T", from: 3, to: 7 });
  });

  it("Mod-K asks the host for a URL with the current link", () => {
    const requests: unknown[] = [];
    expectCommand(requestLink((r) => requests.push(r)), doc(p(link("/x")("a<a>b"))), doc(p(link("/x")("ab"))));
    expect(requests).toEqual([{ current: { href: "/x", title: "", from: 1, to: 3 }, from: 2, to: 2 }]);
    expectRefused(requestLink(() => undefined), doc(p("a<a>b")));
  });
});

describe("heading commands", () => {
  it("turn a paragraph into a heading and back", () => {
    expectCommand(toggleHeading(2), doc(p("T<a>itle")), doc(h2("Title")));
    expectCommand(toggleHeading(2), doc(h2("T<a>itle")), doc(p("Title")));
    expectCommand(toggleHeading(1), doc(h2("T<a>itle")), doc(h1("Title")));
  });
});

describe("list commands", () => {
  it("wrap paragraphs in lists", () => {
    expectCommand(wrapInBulletList, doc(p("<a>a"), p("b<b>")), doc(ul(li(p("a")), li(p("b")))));
    expectCommand(wrapInOrderedList, doc(p("<a>a")), doc(ol()(li(p("a")))));
    expectCommand(wrapInTaskList, doc(p("<a>a")), doc(tasks(task(false)(p("a")))));
  });

  it("Enter splits a list item; a new task starts unchecked", () => {
    expectCommand(splitItem, doc(ul(li(p("ab<a>cd")))), doc(ul(li(p("ab")), li(p("<a>cd")))));
    expectCommand(splitItem, doc(tasks(task(true)(p("done<a>")))), doc(tasks(task(true)(p("done")), task(false)(p("<a>")))));
  });

  it("Enter in an empty last item leaves the list", () => {
    expectCommand(splitItem, doc(ul(li(p("a")), li(p("<a>")))), doc(ul(li(p("a"))), p("<a>")));
  });

  it("Tab nests an item, Shift-Tab lifts it", () => {
    expectCommand(sinkItem, doc(ul(li(p("a")), li(p("b<a>")))), doc(ul(li(p("a"), ul(li(p("b<a>")))))));
    expectCommand(liftItem, doc(ul(li(p("a"), ul(li(p("b<a>")))))), doc(ul(li(p("a")), li(p("b<a>")))));
    expectCommand(sinkItem, doc(tasks(task()(p("a")), task()(p("b<a>")))), doc(tasks(task()(p("a"), tasks(task()(p("b<a>")))))));
  });

  it("Tab outside a list does nothing", () => {
    expectRefused(sinkItem, doc(p("a<a>")));
  });

  it("Mod-Enter toggles the task under the cursor", () => {
    expectCommand(toggleTaskChecked, doc(tasks(task(false)(p("a<a>")))), doc(tasks(task(true)(p("a")))));
    expectCommand(toggleTaskChecked, doc(tasks(task(true)(p("a<a>")))), doc(tasks(task(false)(p("a")))));
    expectRefused(toggleTaskChecked, doc(ul(li(p("a<a>")))));
  });
});

describe("block commands", () => {
  it("wrap in a blockquote or a callout, make a code block", () => {
    expectCommand(wrapInBlockquote, doc(p("a<a>")), doc(blockquote(p("a"))));
    expectCommand(wrapInCallout("warning"), doc(p("a<a>")), doc(callout("warning")(p("a"))));
    expectCommand(setCodeBlock("python"), doc(p("x = 1<a>")), doc(pre("python")("x = 1")));
  });

  it("insert atom blocks in place of an empty paragraph, or after the current block", () => {
    expectCommand(insertToc, doc(p("a"), p("<a>")), doc(p("a"), toc()));
    expectCommand(insertHorizontalRule, doc(p("a<a>b")), doc(p("ab"), hr()));
    expectCommand(insertMathBlock, doc(p("<a>")), doc(mathBlock("")));
  });

  it("insert a table with a header row", () => {
    expectCommand(
      insertTable(2, 2),
      doc(p("<a>")),
      doc(table(tr(th()(p()), th()(p())), tr(td()(p()), td()(p())))),
    );
  });

  it("insert blocks inside list items", () => {
    expectCommand(insertToc, doc(ul(li(p("a<a>")))), doc(ul(li(p("a"), toc()))));
  });
});

describe("math commands", () => {
  it("turn the selection into inline math", () => {
    expectCommand(insertMathInline, doc(p("so <a>x^2<b> holds")), doc(p("so ", math("x^2"), " holds")));
  });

  it("do not insert math into a code block", () => {
    expectRefused(insertMathInline, doc(pre()("a<a>")));
  });
});
