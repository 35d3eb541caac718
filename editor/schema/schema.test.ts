import type { DOMOutputSpec, Mark, MarkSpec, Node, NodeSpec, TagParseRule } from "prosemirror-model";
import { describe, expect, it } from "vitest";
import { isSafeImageSrc, isSafeLinkHref, schema } from "./index";

/** A stand-in for the few Element members the schema's getAttrs read (no DOM in unit tests). */
function element(attrs: Record<string, string>, style: Record<string, string> = {}): HTMLElement {
  return {
    getAttribute: (name: string) => attrs[name] ?? null,
    style,
    querySelector: () => null,
    textContent: attrs.textContent ?? "",
  } as unknown as HTMLElement;
}

function tagRule(spec: NodeSpec | MarkSpec, tag: string): TagParseRule {
  return (spec.parseDOM ?? []).find((r) => "tag" in r && r.tag === tag) as TagParseRule;
}

describe("URL policy", () => {
  it.each([
    ["https://example.com", true, true],
    ["http://x.y/a?b#c", true, true],
    ["/relative/path", true, true],
    ["#anchor", true, true],
    ["mailto:a@b.c", true, false],
    ["javascript:alert(1)", false, false],
    [" JavaScript:alert(1)", false, false],
    ["java\tscript:alert(1)", false, false],
    ["data:image/png;base64,AA", false, false],
    ["vbscript:x", false, false],
    ["file:///etc/passwd", false, false],
  ])("%s: link %s, image %s", (url, link, image) => {
    expect(isSafeLinkHref(url)).toBe(link);
    expect(isSafeImageSrc(url)).toBe(image);
  });
});

describe("schema", () => {
  it("has the node and mark names other modules rely on", () => {
    expect(Object.keys(schema.nodes).sort()).toEqual(
      [
        "blockquote", "bullet_list", "callout", "code_block", "doc", "hard_break", "heading", "horizontal_rule", "image",
        "list_item", "math_block", "math_inline", "mention", "ordered_list", "panel", "panel_grid", "paragraph", "table", "table_cell", "table_header",
        "table_row", "task_item", "task_list", "text", "toc",
      ].sort(),
    );
    expect(Object.keys(schema.marks)).toEqual(["link", "strong", "em", "strikethrough", "code"]);
    expect(schema.topNodeType.contentMatch.defaultType).toBe(schema.nodes.paragraph);
  });

  it("puts Folio blocks, panel_grid included, in the folio_block group", () => {
    for (const name of ["callout", "toc", "math_block", "panel_grid"]) expect(schema.nodes[name].isInGroup("folio_block")).toBe(true);
  });

  it("keeps panel attributes as strings and panels only inside grids", () => {
    const panel = schema.nodes.panel.create({ id: "p1", title: "Loss" });
    expect(() => schema.nodes.panel.create({ layout: { x: 0 } })).toThrow();
    expect(() => schema.nodes.panel_grid.create({ runSets: [] })).toThrow();
    expect(() => schema.nodes.doc.createChecked(null, panel)).toThrow();
    const grid = schema.nodes.panel_grid.createChecked({ id: "g1" }, [panel]);
    expect(grid.type.spec.isolating).toBe(true);
    expect(grid.type.spec.selectable).toBe(false);
  });

  it("rejects invalid attributes when nodes and marks are created (also from JSON)", () => {
    expect(() => schema.marks.link.create({ href: "javascript:alert(1)" })).toThrow();
    expect(() => schema.nodes.heading.create({ level: 4 })).toThrow();
    expect(() => schema.nodes.callout.create({ kind: "<script>" })).toThrow();
    expect(() => schema.nodes.table_cell.create({ align: "justify" })).toThrow();
    expect(() => schema.nodes.ordered_list.create({ start: -1 })).toThrow();
    expect(() =>
      schema.nodeFromJSON({ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "data:x" } }] }] }),
    ).toThrow();
  });

  it("drops unsafe links and images from pasted HTML", () => {
    const link = tagRule(schema.marks.link.spec, "a[href]");
    expect(link.getAttrs!(element({ href: "javascript:alert(1)" }))).toBe(false);
    expect(link.getAttrs!(element({ href: "https://a.b", title: "t" }))).toEqual({ href: "https://a.b", title: "t" });
    const img = tagRule(schema.nodes.image.spec, "img[src]");
    expect(img.getAttrs!(element({ src: "data:image/png;base64,AA" }))).toBe(false);
    expect(img.getAttrs!(element({ src: "/a.png", alt: "A" }))).toEqual({ src: "/a.png", alt: "A", title: "" });
  });

  it("reads callout kinds, task states, list starts and cell alignment from HTML", () => {
    expect(tagRule(schema.nodes.callout.spec, "div[data-callout]").getAttrs!(element({ "data-callout": "evil" }))).toEqual({ kind: "info" });
    expect(tagRule(schema.nodes.task_item.spec, "li[data-task-item]").getAttrs!(element({ "data-checked": "true" }))).toEqual({ checked: true });
    expect(tagRule(schema.nodes.ordered_list.spec, "ol").getAttrs!(element({ start: "1e99" }))).toEqual({ start: 1 });
    expect(tagRule(schema.nodes.table_cell.spec, "td").getAttrs!(element({ colspan: "2" }, { textAlign: "right" }))).toEqual({
      colspan: 2, rowspan: 1, colwidth: null, align: "right",
    });
  });

  it("renders every node and mark to DOM specs (no DOM needed)", () => {
    const render = (n: Node | Mark) => (n.type.spec.toDOM as (n: Node | Mark, inline: boolean) => DOMOutputSpec)(n, true);
    expect(render(schema.nodes.code_block.create({ language: "js" }))).toEqual(["pre", { "data-language": "js" }, ["code", { class: "language-js" }, 0]]);
    expect(render(schema.nodes.code_block.create({ language: '"><x' }))).toEqual(["pre", {}, ["code", {}, 0]]);
    expect(render(schema.nodes.math_inline.create({ latex: "x<y" }))).toEqual(["span", { "data-math-inline": "", "data-latex": "x<y" }, "x<y"]);
    expect(render(schema.nodes.table_header.create({ align: "center" }))).toEqual(["th", { style: "text-align: center" }, 0]);
    expect(render(schema.marks.link.create({ href: "/x" }))).toEqual(["a", { href: "/x", rel: "noopener noreferrer nofollow" }, 0]);
    for (const type of [...Object.values(schema.nodes), ...Object.values(schema.marks)]) {
      if (type.name === "doc" || type.name === "text") continue;
      expect(type.spec.parseDOM?.length, type.name).toBeGreaterThan(0);
      expect(type.spec.toDOM, type.name).toBeTypeOf("function");
    }
  });
});
