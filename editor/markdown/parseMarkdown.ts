/**
 * Folio Markdown → ProseMirror. markdown-it produces a flat token stream where `*_open` / `*_close`
 * pairs delimit containers; this module walks it with a cursor, building block nodes recursively and
 * inline content with a running mark set. Anything markdown-it emits that the schema has no place for
 * is dropped, and container content the schema would reject is completed with `createAndFill`, so
 * any input yields a valid document.
 */
import type { Token } from "markdown-it";
import { type Mark, type Node, type NodeType } from "prosemirror-model";
import { cleanLanguage, isCalloutKind, isSafeImageSrc, schema } from "../schema";
import { FOLIO_FENCE } from "./folioFences";
import { createFolioMarkdownIt } from "./folioMarkdownIt";
import type { MentionMeta } from "./mentionPlugin";
import { panelGridFromFence } from "./panelsFence";

const md = createFolioMarkdownIt();
const TASK = /^\[([ xX])\](?=\s|$)/;

/** A cursor over a token list. */
interface Cursor {
  tokens: Token[];
  pos: number;
}

/** `type` with `content`, completed with whatever the schema requires (an item's first paragraph). */
function fill(type: NodeType, attrs: Record<string, unknown> | null, content: Node[]): Node {
  return type.createAndFill(attrs, content) ?? type.createAndFill(attrs)!;
}

/** Parses blocks until a token of type `closeType` (consumed) or the end. */
function parseBlocks(cursor: Cursor, closeType: string | null): Node[] {
  const out: Node[] = [];
  while (cursor.pos < cursor.tokens.length) {
    const token = cursor.tokens[cursor.pos++];
    if (token.type === closeType) break;
    const node = parseBlock(token, cursor);
    if (node) out.push(node);
  }
  return out;
}

function inlineOf(cursor: Cursor, closeType: string): Token[] {
  const children: Token[] = [];
  while (cursor.pos < cursor.tokens.length) {
    const token = cursor.tokens[cursor.pos++];
    if (token.type === closeType) break;
    if (token.type === "inline") children.push(...(token.children ?? []));
  }
  return children;
}

function parseBlock(token: Token, cursor: Cursor): Node | null {
  switch (token.type) {
    case "paragraph_open":
      return schema.nodes.paragraph.create(null, parseInline(inlineOf(cursor, "paragraph_close")));
    case "heading_open": {
      const level = Math.min(Number(token.tag.slice(1)), 3);
      const content = parseInline(inlineOf(cursor, "heading_close")).map((n) =>
        n.type === schema.nodes.hard_break ? schema.text(" ", n.marks) : n,
      );
      return schema.nodes.heading.create({ level }, content);
    }
    case "blockquote_open":
      return fill(schema.nodes.blockquote, null, parseBlocks(cursor, "blockquote_close"));
    case "bullet_list_open":
      return parseList(cursor, "bullet_list_close", schema.nodes.bullet_list, null);
    case "ordered_list_open": {
      const start = Number(token.attrGet("start") ?? 1);
      return parseList(cursor, "ordered_list_close", schema.nodes.ordered_list, { start: Number.isInteger(start) ? start : 1 });
    }
    case "fence":
      return parseFence(token);
    case "code_block":
      return codeBlock("", token.content);
    case "math_block":
      return schema.nodes.math_block.create({ latex: token.content });
    case "hr":
      return schema.nodes.horizontal_rule.create();
    case "table_open":
      return parseTable(cursor);
    default:
      return null;
  }
}

function codeBlock(language: string, content: string): Node {
  const text = content.endsWith("\n") ? content.slice(0, -1) : content;
  return schema.nodes.code_block.create({ language: cleanLanguage(language) }, text ? schema.text(text) : null);
}

function parseFence(token: Token): Node {
  const [name = "", ...args] = token.info.trim().split(/\s+/);
  if (token.markup.startsWith("`")) {
    if (name === FOLIO_FENCE.toc) return schema.nodes.toc.create();
    if (name === FOLIO_FENCE.callout) {
      const kind = isCalloutKind(args[0]) ? args[0] : "info";
      return fill(schema.nodes.callout, { kind }, parseBlocks({ tokens: md.parse(token.content, {}), pos: 0 }, null));
    }
    if (name === FOLIO_FENCE.panels) {
      const grid = panelGridFromFence(token.content);
      if (grid) return grid;
    }
    if (name === FOLIO_FENCE.table) {
      const table = tableFromJson(token.content);
      if (table) return table;
    }
  }
  return codeBlock(name, token.content);
}

/** A table from a `folio-table` fence, or null when the JSON is not a valid table of the schema. */
function tableFromJson(json: string): Node | null {
  try {
    // nodeFromJSON runs every attribute's `validate` (unsafe link hrefs, image srcs included), and
    // check() verifies content and marks.
    const node = schema.nodeFromJSON(JSON.parse(json));
    node.check();
    let safe = node.type === schema.nodes.table;
    node.descendants((child) => {
      if (child.type === schema.nodes.image && !isSafeImageSrc(child.attrs.src)) safe = false;
    });
    return safe ? node : null;
  } catch {
    return null;
  }
}

function parseList(cursor: Cursor, closeType: string, type: NodeType, attrs: Record<string, unknown> | null): Node {
  const start = cursor.pos;
  // First pass: find whether every item opens with a `[ ]` / `[x]` paragraph (a task list).
  let depth = 0;
  let allTasks = true;
  let count = 0;
  for (let i = start; i < cursor.tokens.length; i++) {
    const token = cursor.tokens[i];
    if (depth === 0 && token.type === closeType) break;
    if (token.nesting === 1) depth++;
    if (token.nesting === -1) depth--;
    if (depth === 1 && token.type === "list_item_open") {
      count++;
      const first = cursor.tokens[i + 1];
      const inline = cursor.tokens[i + 2];
      if (first?.type !== "paragraph_open" || inline?.type !== "inline" || !TASK.test(inline.content)) allTasks = false;
    }
  }
  const isTask = type === schema.nodes.bullet_list && allTasks && count > 0;
  const children: Node[] = [];
  while (cursor.pos < cursor.tokens.length) {
    const token = cursor.tokens[cursor.pos++];
    if (token.type === closeType) break;
    if (token.type !== "list_item_open") continue;
    if (isTask) {
      const inline = cursor.tokens[cursor.pos + 1];
      const checked = TASK.exec(inline.content)![1] !== " ";
      stripTaskMarker(inline);
      children.push(fill(schema.nodes.task_item, { checked }, parseBlocks(cursor, "list_item_close")));
    } else {
      children.push(fill(schema.nodes.list_item, null, parseBlocks(cursor, "list_item_close")));
    }
  }
  return isTask ? schema.nodes.task_list.create(null, children) : type.create(attrs, children);
}

/** Removes the `[ ] ` prefix from the first text token of a task item's paragraph. */
function stripTaskMarker(inline: Token): void {
  const first = inline.children?.[0];
  if (first?.type !== "text") return;
  first.content = first.content.slice(3).replace(/^[ \t]/, "");
}

function parseTable(cursor: Cursor): Node {
  const rows: Node[] = [];
  let cells: Node[] = [];
  while (cursor.pos < cursor.tokens.length) {
    const token = cursor.tokens[cursor.pos++];
    if (token.type === "table_close") break;
    if (token.type === "tr_close") {
      rows.push(schema.nodes.table_row.create(null, cells));
      cells = [];
    } else if (token.type === "th_open" || token.type === "td_open") {
      const align = /text-align:\s*(left|center|right)/.exec(String(token.attrGet("style") ?? ""))?.[1] ?? null;
      const type = token.type === "th_open" ? schema.nodes.table_header : schema.nodes.table_cell;
      const content = parseInline(inlineOf(cursor, token.type === "th_open" ? "th_close" : "td_close"));
      cells.push(type.create({ align }, schema.nodes.paragraph.create(null, content)));
    }
  }
  return fill(schema.nodes.table, null, rows);
}

function plainText(tokens: Token[]): string {
  return tokens
    .map((t) => {
      if (t.type === "image") return plainText(t.children ?? []);
      if (t.type === "softbreak" || t.type === "hardbreak") return " ";
      if (t.type === "mention") return `@${(t.meta as unknown as MentionMeta).label}`;
      return t.type === "text" || t.type === "code_inline" || t.type === "math_inline" ? t.content : "";
    })
    .join("");
}

const MARK_OF: Record<string, string> = { em: "em", strong: "strong", s: "strikethrough" };

/** Converts markdown-it inline tokens into inline nodes. */
function parseInline(tokens: Token[]): Node[] {
  const out: Node[] = [];
  let marks: readonly Mark[] = [];
  const text = (value: string, extra: readonly Mark[] = marks) => {
    if (value) out.push(schema.text(value, extra));
  };
  for (const token of tokens) {
    const markName = MARK_OF[token.type.replace(/_(open|close)$/, "")];
    if (markName && token.nesting !== 0) {
      const mark = schema.marks[markName].create();
      marks = token.nesting === 1 ? mark.addToSet(marks) : mark.removeFromSet(marks);
      continue;
    }
    switch (token.type) {
      case "text":
        text(token.content);
        break;
      case "softbreak":
        text(" ");
        break;
      case "hardbreak":
        out.push(schema.nodes.hard_break.create(null, null, marks));
        break;
      case "code_inline":
        text(token.content, schema.marks.code.create().addToSet(marks));
        break;
      case "math_inline":
        out.push(schema.nodes.math_inline.create({ latex: token.content }, null, marks));
        break;
      case "mention": {
        const { id, label } = token.meta as unknown as MentionMeta;
        out.push(schema.nodes.mention.create({ id, label }, null, marks));
        break;
      }
      case "link_open":
        marks = schema.marks.link.create({ href: token.attrGet("href") ?? "", title: token.attrGet("title") ?? "" }).addToSet(marks);
        break;
      case "link_close":
        marks = marks.filter((m) => m.type !== schema.marks.link);
        break;
      case "image": {
        const src = token.attrGet("src") ?? "";
        const alt = plainText(token.children ?? []);
        if (isSafeImageSrc(src)) {
          out.push(schema.nodes.image.create({ src, alt, title: token.attrGet("title") ?? "" }, null, marks));
        } else {
          text(alt);
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** Parses Folio Markdown (docs/markdown.md) into a document of `schema`; never throws. */
export function parseMarkdown(markdown: string): Node {
  const blocks = parseBlocks({ tokens: md.parse(markdown, {}), pos: 0 }, null);
  return fill(schema.nodes.doc, null, blocks);
}
