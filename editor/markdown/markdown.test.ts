import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  blockquote, br, callout, code, doc, em, h1, h2, h3, hr, img, li, link, math, mathBlock, mention, ol, p, pre, strike, strong,
  table, task, tasks, td, th, toc, tr, ul,
} from "../test/builders";
import { parseMarkdown, serializeMarkdown } from "./index";

/** Each document, its exact Folio Markdown, and back. */
const examples: [string, ReturnType<typeof doc>, string][] = [
  ["paragraph", doc(p("Hello world")), "Hello world\n"],
  ["headings", doc(h1("A"), h2("B"), h3("C")), "# A\n\n## B\n\n### C\n"],
  ["empty heading", doc(h2()), "##\n"],
  ["marks", doc(p(strong("b"), " ", em("i"), " ", strike("s"), " ", code("c"))), "__b__ *i* ~~s~~ `c`\n"],
  ["nested marks", doc(p(strong("a ", em("b")), " c")), "__a *b*__ c\n"],
  ["intraword strong", doc(p("un", strong("believ"), "able")), "un**believ**able\n"],
  ["link with title", doc(p(link("https://a.b/c?d=1&e=2", "T")("x"))), '[x](https://a.b/c?d=1&e=2 "T")\n'],
  ["link with spaces", doc(p(link("/a b(c)")("x"))), "[x](</a b(c)>)\n"],
  ["image", doc(p(img("/i.png", "alt", "t"))), '![alt](/i.png "t")\n'],
  ["hard break", doc(p("a", br(), "b")), "a\\\nb\n"],
  ["mention", doc(p("hi ", mention("u1", "Bob"), " and more")), "hi @[Bob](user:u1) and more\n"],
  ["mention with brackets in its name", doc(p(mention("u1", "A [b] \\ c"))), "@[A \\[b\\] \\\\ c](user:u1)\n"],
  ["inline math", doc(p("x ", math("a^2"), " y")), "x $a^2$ y\n"],
  ["math block", doc(mathBlock("\\int_0^1 x\n= 1/2")), "$$\n\\int_0^1 x\n= 1/2\n$$\n"],
  ["code block", doc(pre("ts")("let a = `x`;")), "```ts\nlet a = `x`;\n```\n"],
  ["code block with fences inside", doc(pre()("```\nx\n```")), "````\n```\nx\n```\n````\n"],
  ["code block with a folio- language", doc(pre("folio-toc")("x")), "~~~folio-toc\nx\n~~~\n"],
  ["blockquote", doc(blockquote(p("a"), p("b"))), "> a\n>\n> b\n"],
  ["bullet list", doc(ul(li(p("a")), li(p("b"), ul(li(p("c")))))), "- a\n- b\n  - c\n"],
  ["ordered list", doc(ol({ start: 3 })(li(p("a")), li(p("b")))), "3. a\n4. b\n"],
  ["adjacent lists", doc(ul(li(p("a"))), ul(li(p("b"))), ol()(li(p("c"))), ol()(li(p("d")))), "- a\n\n* b\n\n1. c\n\n1) d\n"],
  ["task list", doc(tasks(task(false)(p("todo")), task(true)(p("done")))), "- [ ] todo\n- [x] done\n"],
  ["empty task", doc(tasks(task()(p()))), "- [ ]\n"],
  ["horizontal rule", doc(p("a"), hr(), p("b")), "a\n\n---\n\nb\n"],
  ["hr first in an item", doc(ul(li(p("a")), li(p(), hr()))), "- a\n- ___\n"],
  ["toc", doc(toc(), p("a")), "```folio-toc\n```\n\na\n"],
  ["callout", doc(callout("warning")(p("Careful ", strong("now")))), "```folio-callout warning\nCareful __now__\n```\n"],
  ["callout holding code", doc(callout("danger")(pre("js")("x"))), "````folio-callout danger\n```js\nx\n```\n````\n"],
  [
    "GFM table",
    doc(table(tr(th("left")(p("a")), th(null)(p("b")), th("right")(p("c"))), tr(td("left")(p("1")), td(null)(p("2 | 3")), td("right")(p(code("x|y")))))),
    "| a | b | c |\n| :-- | --- | --: |\n| 1 | 2 \\| 3 | `x\\|y` |\n",
  ],
  ["escaped text", doc(p("*a* _b_ [c](d) `e` $f$ <gg> #h i|j ~k \\l &amp; 2*3")), "\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` \\$f\\$ \\<gg> #h i\\|j ~k \\l \\&amp; 2\\*3\n"],
  ["readable escapes", doc(p("train_loss < 0.3 at ~5 min, issue #42, C:\\runs\\ok, a~~b")), "train_loss < 0.3 at ~5 min, issue #42, C:\\runs\\ok, a\\~\\~b\n"],
  ["heading hashes", doc(h2("C# #1 #")), "## C\\# \\#1 \\#\n"],
  ["line-start escapes", doc(p("1. a"), p("- b"), p("+ c"), p("> d"), p("=="), p("# e"), p("a", br(), "# f")), "1\\. a\n\n\\- b\n\n\\+ c\n\n\\> d\n\n\\==\n\n\\# e\n\na\\\n\\# f\n"],
  ["edge spaces", doc(p(" a "), p("x", br(), "  y")), "&#32;a&#32;\n\nx\\\n&#32; y\n"],
  ["bang before link", doc(p("wow!", link("/x")("y"))), "wow\\![y](/x)\n"],
];

describe("Folio Markdown examples", () => {
  it.each(examples)("%s: serializes exactly and parses back", (_name, document, markdown) => {
    expect(serializeMarkdown(document)).toBe(markdown);
    expect(parseMarkdown(markdown).toJSON()).toEqual(document.toJSON());
  });
});

describe("parseMarkdown", () => {
  it("reads common Markdown spellings", () => {
    const md = "Title\n=====\n\n#### Deep\n\n* a\n* b\n\n1) x\n\npara\n\n    indented\n\n***\n\n**b** and _i_\n";
    expect(parseMarkdown(md).toJSON()).toEqual(
      doc(h1("Title"), h3("Deep"), ul(li(p("a")), li(p("b"))), ol()(li(p("x"))), p("para"), pre()("indented"), hr(), p(strong("b"), " and ", em("i"))).toJSON(),
    );
  });

  it("leaves unsafe link and image URLs as literal text", () => {
    const md = "[click](javascript:alert(1)) ![pic](data:image/png;base64,AAAA) [ok](mailto:a@b.c)";
    expect(parseMarkdown(md).toJSON()).toEqual(doc(p("[click](javascript:alert(1)) ![pic](data:image/png;base64,AAAA) ", link("mailto:a@b.c")("ok"))).toJSON());
  });

  it("keeps raw HTML as text", () => {
    expect(parseMarkdown("<script>alert(1)</script>\n\na <em>x</em>").toJSON()).toEqual(
      doc(p("<script>alert(1)</script>"), p("a <em>x</em>")).toJSON(),
    );
  });

  it("reads a list as a task list only when every item has a checkbox", () => {
    expect(parseMarkdown("- [ ] a\n- b\n").toJSON()).toEqual(doc(ul(li(p("[ ] a")), li(p("b")))).toJSON());
    expect(parseMarkdown("- [X] a\n").toJSON()).toEqual(doc(tasks(task(true)(p("a")))).toJSON());
  });

  it("reads an unknown callout kind as info and an unknown folio fence as a code block", () => {
    expect(parseMarkdown("```folio-callout nope\nx\n```\n\n```folio-charts\n{}\n```").toJSON()).toEqual(
      doc(callout("info")(p("x")), pre("folio-charts")("{}")).toJSON(),
    );
  });

  it("rejects a folio-table fence whose JSON is not a safe table", () => {
    const evil = JSON.stringify({
      type: "table",
      content: [{ type: "table_row", content: [{ type: "table_cell", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] }] }],
    });
    const parsed = parseMarkdown("```folio-table\n" + evil + "\n```");
    expect(parsed.firstChild!.type.name).toBe("code_block");
  });

  it("completes list items that do not start with a paragraph", () => {
    expect(parseMarkdown("- # a\n- ```\n  x\n  ```\n").toJSON()).toEqual(
      doc(ul(li(p(), h1("a")), li(p(), pre()("x")))).toJSON(),
    );
  });

  it("never throws and always yields a valid document", () => {
    const alphabet = fc.constantFrom(..."ab #*_-+>[]()!`~$|\\:1.\n\n   <x>&;".split(""));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join("")), (markdown) => {
        const parsed = parseMarkdown(markdown);
        parsed.check();
        const again = serializeMarkdown(parsed);
        parseMarkdown(again).check();
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});

describe("serializeMarkdown", () => {
  it("writes tables GFM cannot hold as a lossless folio-table fence", () => {
    const merged = doc(table(tr(th()(p("a")), td()(p("b"))), tr(td()(p("c")), th()(p("d")))));
    const markdown = serializeMarkdown(merged);
    expect(markdown.startsWith("```folio-table\n{")).toBe(true);
    expect(parseMarkdown(markdown).toJSON()).toEqual(merged.toJSON());
  });

  it("omits empty paragraphs, which Markdown cannot express", () => {
    expect(serializeMarkdown(doc(p("a"), p(), p("b")))).toBe("a\n\nb\n");
    expect(serializeMarkdown(doc(p()))).toBe("");
    expect(parseMarkdown("").toJSON()).toEqual(doc(p()).toJSON());
  });

  it("moves spaces at the edge of emphasis outside it", () => {
    expect(serializeMarkdown(doc(p("a", em(" b "), "c")))).toBe("a *b* c\n");
  });

  it("moves hard breaks at the edge of emphasis outside it, so the result reads back as written", () => {
    // A delimiter cannot close after a hard break (the next line starts with it) nor open before one.
    const cases: [ReturnType<typeof doc>, string][] = [
      [doc(p("a", strong(br(), "b", br()), "c")), "a\\\n__b__\\\nc\n"],
      [doc(p("x", strike(br(), br()), "y")), "x\\\n\\\ny\n"],
      [doc(p(strong(em("i", br()), "s"))), "__*i*\\\ns__\n"],
      // A found counterexample: breaks inside links inside emphasis took three rounds to settle.
      [doc(p(strong(em(img("/a.png")), link("/x")(em(strike(br())))), link("/y")(strong(strike(br()))), strike(br()), "z")), "__*![](/a.png)*__[\\\n](/x)[\\\n](/y)\\\nz\n"],
    ];
    for (const [d, markdown] of cases) {
      expect(serializeMarkdown(d)).toBe(markdown);
      expect(serializeMarkdown(parseMarkdown(markdown))).toBe(markdown);
    }
  });
});
