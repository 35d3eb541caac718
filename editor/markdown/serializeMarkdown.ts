/**
 * ProseMirror → Folio Markdown (docs/markdown.md). Blocks are separated by a blank line; container
 * nodes (list items, blockquotes) indent or prefix the lines of their children. The writer never
 * throws: content Markdown cannot express (an empty paragraph, a table GFM cannot hold) is either
 * dropped (empty paragraphs) or written in a lossless Folio fence (tables).
 */
import type { Node } from "prosemirror-model";
import { cleanLanguage, isCalloutKind, schema } from "../schema";
import { FOLIO_FENCE, isFolioInfo } from "./folioFences";
import { panelsFenceBody } from "./panelsFence";
import { parseMarkdown } from "./parseMarkdown";
import { serializeInline } from "./serializeInline";

/** Prefixes the first line of `text` with `first` and every other non-empty line with `rest`. */
function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split("\n")
    .map((line, i) => {
      const prefix = i === 0 ? first : rest;
      return line === "" ? prefix.trimEnd() : prefix + line;
    })
    .join("\n");
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const ch of text) {
    run = ch === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** A fenced block whose fence is longer than any run of its character inside `body`. */
function fenced(char: "`" | "~", info: string, body: string): string {
  const fence = char.repeat(Math.max(3, longestRun(body, char) + 1));
  return body === "" ? `${fence}${info}\n${fence}` : `${fence}${info}\n${body}\n${fence}`;
}

/** Remembers the last list marker among siblings: adjacent lists need different markers. */
interface SiblingState {
  bullet: string | null;
  delimiter: string | null;
}

/**
 * Whether `list` may follow a paragraph on the next line (a tight nested list) rather than after a
 * blank line: CommonMark lets a list interrupt a paragraph only if its first item is not empty and,
 * for an ordered list, starts at 1.
 */
function canInterruptParagraph(list: Node): boolean {
  const isList = list.type === schema.nodes.bullet_list || list.type === schema.nodes.task_list;
  const isOrdered = list.type === schema.nodes.ordered_list && list.attrs.start === 1;
  const first = list.firstChild?.firstChild;
  return (isList || isOrdered) && (list.type === schema.nodes.task_list || (first !== null && first !== undefined && first.content.size > 0));
}

/** The blocks of `parent`, separated by blank lines; `inItem`: inside a list item (tight sublists). */
function serializeBlocks(parent: Node, inItem = false): string {
  let out = "";
  let previous: Node | null = null;
  const siblings: SiblingState = { bullet: null, delimiter: null };
  parent.forEach((child) => {
    if (child.type === schema.nodes.paragraph && child.content.size === 0) return;
    const isBulletFamily = child.type === schema.nodes.bullet_list || child.type === schema.nodes.task_list;
    const isOrdered = child.type === schema.nodes.ordered_list;
    const bullet = siblings.bullet === "-" ? "*" : "-";
    const delimiter = siblings.delimiter === "." ? ")" : ".";
    const tight = inItem && previous?.type === schema.nodes.paragraph && canInterruptParagraph(child);
    if (previous) out += tight ? "\n" : "\n\n";
    out += serializeBlock(child, bullet, delimiter);
    siblings.bullet = isBulletFamily ? bullet : null;
    siblings.delimiter = isOrdered ? delimiter : null;
    previous = child;
  });
  return out;
}

function serializeItem(item: Node, marker: string, task: string): string {
  const indent = " ".repeat(marker.length);
  let body: string;
  if (task) {
    const first = item.firstChild!;
    const rest = item.copy(item.content.cut(first.nodeSize));
    body = [(task + serializeInline(first)).trimEnd(), serializeBlocks(rest, true)].filter(Boolean).join(first.content.size > 0 && rest.firstChild && canInterruptParagraph(rest.firstChild) ? "\n" : "\n\n");
  } else {
    body = serializeBlocks(item, true);
    // "- ---" would read as a thematic break, not an item holding one.
    if (item.firstChild?.type === schema.nodes.horizontal_rule || body.startsWith("---")) body = body.replace(/^---/, "___");
  }
  return body === "" ? marker.trimEnd() : prefixLines(body, marker, indent);
}

function serializeBlock(node: Node, bullet: string, delimiter: string): string {
  switch (node.type.name) {
    case "paragraph":
      return serializeInline(node);
    case "heading": {
      const text = serializeInline(node, { inHeading: true }).replace(/\n/g, " ");
      return "#".repeat(node.attrs.level as number) + (text ? ` ${text}` : "");
    }
    case "blockquote":
      return prefixLines(serializeBlocks(node), "> ", "> ");
    case "bullet_list":
      return mapChildren(node, (item) => serializeItem(item, `${bullet} `, "")).join("\n");
    case "task_list":
      return mapChildren(node, (item) => serializeItem(item, `${bullet} `, item.attrs.checked ? "[x] " : "[ ] ")).join("\n");
    case "ordered_list": {
      const start = node.attrs.start as number;
      return mapChildren(node, (item, i) => serializeItem(item, `${start + i}${delimiter} `, "")).join("\n");
    }
    case "code_block": {
      const language = cleanLanguage(node.attrs.language);
      return fenced(isFolioInfo(language) ? "~" : "`", language, node.textContent);
    }
    case "horizontal_rule":
      return "---";
    case "math_block": {
      const latex = node.attrs.latex as string;
      return latex === "" ? "$$\n$$" : `$$\n${latex}\n$$`;
    }
    case "toc":
      return fenced("`", FOLIO_FENCE.toc, "");
    case "callout": {
      const kind = isCalloutKind(node.attrs.kind) ? node.attrs.kind : "info";
      return fenced("`", `${FOLIO_FENCE.callout} ${kind}`, serializeBlocks(node));
    }
    case "table":
      return serializeTable(node);
    case "panel_grid":
      return fenced("`", FOLIO_FENCE.panels, panelsFenceBody(node));
    default:
      // A node this codec does not know yet (a newer editor's): keep its block content if any.
      return node.isTextblock ? serializeInline(node) : serializeBlocks(node);
  }
}

function mapChildren<T>(node: Node, f: (child: Node, index: number) => T): T[] {
  const out: T[] = [];
  node.forEach((child, _offset, index) => out.push(f(child, index)));
  return out;
}

const ALIGN_RULE: Record<string, string> = { left: ":--", center: ":-:", right: "--:" };

/** A GFM pipe table, or null when the table's shape cannot be one. */
function gfmTable(table: Node): string | null {
  const rows = mapChildren(table, (row) => mapChildren(row, (cell) => cell));
  const header = rows[0];
  if (!header?.length) return null;
  const line = (cells: Node[]) =>
    `| ${cells.map((cell) => (cell.childCount === 1 ? serializeInline(cell.firstChild!, { inTable: true }) : "")).join(" | ")} |`;
  const lines = rows.map(line);
  // A hard break cannot live in a GFM cell.
  if (lines.some((l) => l.includes("\n"))) return null;
  const rule = `| ${header.map((cell) => ALIGN_RULE[cell.attrs.align as string] ?? "---").join(" | ")} |`;
  return [lines[0], rule, ...lines.slice(1)].join("\n");
}

/**
 * A table as GFM when GFM reads it back identically; otherwise (merged cells, header cells outside
 * the first row, several paragraphs in a cell, column widths…) as a `folio-table` fence holding the
 * table's ProseMirror JSON.
 */
function serializeTable(table: Node): string {
  const gfm = gfmTable(table);
  if (gfm !== null) {
    const back = parseMarkdown(gfm);
    if (back.childCount === 1 && back.firstChild!.eq(table)) return gfm;
  }
  return fenced("`", FOLIO_FENCE.table, JSON.stringify(table.toJSON()));
}

/** Serializes a document of `schema` as Folio Markdown (docs/markdown.md); never throws. */
export function serializeMarkdown(doc: Node): string {
  const body = serializeBlocks(doc);
  return body === "" ? "" : `${body}\n`;
}
