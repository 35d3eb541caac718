/**
 * A small tagged-document builder over the real schema, for tests: `doc(p("a<a>b"))` builds the
 * document and records `<a>` as a position in `doc.tag`. Strings are text (tags stripped), node
 * builders nest, and mark builders (`em`, `strong`, `link({ href })`…) wrap their children.
 */
import type { Attrs, Mark, Node } from "prosemirror-model";
import { schema } from "../schema";

/** A node built by a builder, with the positions of its tags relative to its content start. */
export interface Tagged {
  node: Node;
  tag: Record<string, number>;
}

/** A run of marked content, produced by a mark builder. */
interface MarkedRun {
  flat: Flat;
}

type Child = string | Tagged | MarkedRun;

interface Flat {
  nodes: Node[];
  tag: Record<string, number>;
  size: number;
}

function flatten(children: Child[], marks: readonly Mark[]): Flat {
  const nodes: Node[] = [];
  const tag: Record<string, number> = {};
  let pos = 0;
  const add = (node: Node) => {
    nodes.push(node);
    pos += node.nodeSize;
  };
  for (const child of children) {
    if (typeof child === "string") {
      // Tags are single letters (`<a>`), so HTML-like text such as "<em>" stays text.
      const re = /<([a-z])>/g;
      let last = 0;
      for (let m = re.exec(child); m; m = re.exec(child)) {
        if (m.index > last) add(schema.text(child.slice(last, m.index), marks));
        tag[m[1]] = pos;
        last = re.lastIndex;
      }
      if (last < child.length) add(schema.text(child.slice(last), marks));
    } else if ("flat" in child) {
      for (const [name, at] of Object.entries(child.flat.tag)) tag[name] = pos + at;
      for (const node of child.flat.nodes) add(node.mark(marks.reduce((set, m) => m.addToSet(set), node.marks)));
    } else {
      const inner = child.node.isLeaf ? 0 : 1;
      for (const [name, at] of Object.entries(child.tag)) tag[name] = pos + inner + at;
      add(child.node.isInline ? child.node.mark(marks.reduce((set, m) => m.addToSet(set), child.node.marks)) : child.node);
    }
  }
  return { nodes, tag, size: pos };
}

/** A builder for nodes of `type` with fixed `attrs`. */
export function node(type: string, attrs: Attrs | null = null) {
  return (...children: Child[]): Tagged => {
    const flat = flatten(children, []);
    const built = schema.nodes[type].createChecked(attrs, flat.nodes);
    return { node: built, tag: flat.tag };
  };
}

/** A builder applying the mark `type` (with `attrs`) to its children. */
export function mark(type: string, attrs: Attrs | null = null) {
  return (...children: Child[]): MarkedRun => ({ flat: flatten(children, [schema.marks[type].create(attrs)]) });
}

/** A document with its tags: `doc.tag.a` is the position of `<a>`. */
export function doc(...children: Child[]): Node & { tag: Record<string, number> } {
  const flat = flatten(children, []);
  const built = schema.nodes.doc.createChecked(null, flat.nodes) as Node & { tag: Record<string, number> };
  built.tag = flat.tag;
  return built;
}

// Builders for every node and mark of the schema, named as in HTML where there is a match.
/** Builders of block nodes. */
export const p = node("paragraph");
export const h1 = node("heading", { level: 1 });
export const h2 = node("heading", { level: 2 });
export const h3 = node("heading", { level: 3 });
export const blockquote = node("blockquote");
export const ul = node("bullet_list");
export const ol = (attrs: Attrs = { start: 1 }) => node("ordered_list", attrs);
export const li = node("list_item");
export const tasks = node("task_list");
export const task = (checked = false) => node("task_item", { checked });
export const pre = (language = "") => node("code_block", { language });
export const hr = node("horizontal_rule");
export const toc = node("toc");
export const callout = (kind = "info") => node("callout", { kind });
export const mathBlock = (latex: string) => node("math_block", { latex })();
export const math = (latex: string) => node("math_inline", { latex })();
export const img = (src: string, alt = "", title = "") => node("image", { src, alt, title })();
export const br = () => node("hard_break")();
export const mention = (id: string, label: string, mid = "") => node("mention", { id, label, mid })();
export const table = node("table");
export const tr = node("table_row");
export const th = (align: string | null = null) => node("table_header", { align });
export const td = (align: string | null = null) => node("table_cell", { align });
/** A panel_grid with `id` and run sets (RunSet[] JSON-encoded canonically by the caller). */
export const panelGrid = (id: string, runSets = "[]") => node("panel_grid", { id, runSets });
/** A panel with the given attributes (see editor/schema/panelNodes.ts). */
export const panel = (attrs: Attrs) => node("panel", attrs)();
export const em = mark("em");
export const strong = mark("strong");
export const strike = mark("strikethrough");
export const code = mark("code");
export const link = (href: string, title = "") => mark("link", { href, title });
