/**
 * Inline content → Folio Markdown. ProseMirror keeps a flat run of text nodes, each with a set of
 * marks; Markdown needs properly nested delimiters. The writer keeps a stack of open marks: at each
 * node it closes the open marks the node no longer has (innermost first), then opens the missing
 * ones, the longest-running first so they nest outside. `code` is never on the stack: a code span is
 * written whole, since nothing can nest inside it.
 *
 * CommonMark only accepts `*`/`~~` delimiters next to non-space characters, so whitespace at the edge
 * of an emphasised range is moved outside it, and whitespace at the start or end of a line is written
 * as a character reference (`&#32;`) so it is not stripped.
 */
import type { Mark, Node } from "prosemirror-model";
import { schema } from "../schema";
import { mentionMarkdown } from "./mentionPlugin";

/** Where inline content is written: table cells must also escape `|` inside code spans. */
export interface InlineContext {
  inTable?: boolean;
  /** ATX headings drop trailing `#`s, so every `#` is escaped there. */
  inHeading?: boolean;
}

const FLANKED = new Set(["strong", "em", "strikethrough"]);
const DELIMITER: Record<string, string> = { strong: "__", em: "*", strikethrough: "~~" };
const WORD = /[\p{L}\p{N}]/u;

interface Piece {
  node: Node;
  text: string;
  marks: readonly Mark[];
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const ALNUM = /[\p{L}\p{N}]/u;
const ENTITY_AHEAD = /^&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/**
 * Whether the character at `i` of `text` must be backslash-escaped. Only characters that could mean
 * something where they stand are escaped, so exports stay readable (`train_loss`, `a < b`, `C:\dir`):
 * the piece's edges count as "could be next to anything".
 */
function needsEscape(text: string, i: number, context: InlineContext & { lineStart?: boolean }): boolean {
  const ch = text[i];
  const prev = text[i - 1];
  const next = text[i + 1];
  switch (ch) {
    case "`":
    case "*":
    case "[":
    case "]":
    case "$":
    case "|":
      return true;
    case "\\":
      return next === undefined || ASCII_PUNCTUATION.test(next);
    case "_":
      // An underscore between two letters or digits can neither open nor close emphasis.
      return !(prev !== undefined && next !== undefined && ALNUM.test(prev) && ALNUM.test(next));
    case "~":
      return prev === undefined || next === undefined || prev === "~" || next === "~";
    case "<":
      return next === undefined || /[A-Za-z/!?]/.test(next);
    case "#":
      return Boolean(context.inHeading) || (Boolean(context.lineStart) && i === 0);
    case "&":
      return ENTITY_AHEAD.test(text.slice(i));
    case "!":
      // "!" right before a link's "[" would make it an image.
      return next === undefined;
    default:
      return false;
  }
}

/** Escapes text so Markdown reads it back literally. `lineStart`: it begins a Markdown line. */
export function escapeText(text: string, lineStart = false, context: InlineContext = {}): string {
  const clean = text.replace(/\r\n?|\n/g, " ");
  let out = "";
  for (let i = 0; i < clean.length; i++) out += needsEscape(clean, i, { ...context, lineStart }) ? `\\${clean[i]}` : clean[i];
  if (lineStart) out = out.replace(/^[-+>=]/, "\\$&").replace(/^(\d{1,9})([.)])/, "$1\\$2");
  return out;
}

/** A link destination, in `<…>` form when it has characters the bare form cannot hold. */
export function linkDestination(url: string): string {
  const clean = url.replace(/[\r\n]/g, "").replace(/&(?=#\d+;|#x[0-9a-f]+;|[a-z][a-z0-9]*;)/gi, "\\&");
  if (/^[^\s<>()\\\u0000-\u001f]+$/.test(url)) return clean;
  return `<${clean.replace(/[\\<>]/g, "\\$&")}>`;
}

/** A link or image title in double quotes, or "" for none. */
export function linkTitle(title: string): string {
  if (!title) return "";
  const body = title
    .replace(/\s*\n\s*/g, " ")
    .replace(/[\\"]/g, "\\$&")
    .replace(/&(?=#\d+;|#x[0-9a-f]+;|[a-z][a-z0-9]*;)/gi, "\\&");
  return ` "${body}"`;
}

/** A code span holding `text` verbatim (backtick fence longer than any run inside it). */
export function codeSpan(text: string, context: InlineContext = {}): string {
  let body = text.replace(/\n/g, " ");
  if (context.inTable) body = body.replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || (/^ .* $/s.test(body) && body.trim() !== "") ? " " : "";
  return fence + pad + body + pad + fence;
}

/** `$latex$`; LaTeX that Markdown cannot carry as-is (a bare `$`, a trailing `\`) is adjusted. */
export function inlineMath(latex: string): string {
  if (latex.trim() === "") return "$ $";
  let out = "";
  let backslashes = 0;
  for (const ch of latex.replace(/\n/g, " ")) {
    if (ch === "$" && backslashes % 2 === 0) out += "\\";
    out += ch;
    backslashes = ch === "\\" ? backslashes + 1 : 0;
  }
  return `$${out}${backslashes % 2 === 1 ? " " : ""}$`;
}

function isCode(marks: readonly Mark[]): boolean {
  return schema.marks.code.isInSet(marks) !== undefined;
}

/**
 * Whether a piece is blank: whitespace or a hard break. CommonMark does not let `*`, `__` or `~~`
 * open before or close after one (a hard break ends the line, and a delimiter at the start of the
 * next is preceded by a line ending), so a blank piece never sits at the edge of an emphasised range.
 */
function isBlank(piece: Piece): boolean {
  if (piece.node.type.name === "hard_break") return true;
  return piece.node.isText && !isCode(piece.node.marks) && !/\S/.test(piece.text);
}

/**
 * Splits edge whitespace off emphasised text, then takes from every blank piece (see isBlank) the
 * emphasis marks a neighbour lacks, until none is left at an edge (a run of blanks loses them from
 * the outside in).
 */
function toPieces(parent: Node): Piece[] {
  const pieces: Piece[] = [];
  parent.forEach((node) => {
    if (!node.isText || isCode(node.marks)) {
      pieces.push({ node, text: node.text ?? "", marks: node.marks });
      return;
    }
    const [, lead, middle, trail] = /^(\s*)(.*?)(\s*)$/s.exec(node.text!)!;
    for (const text of middle ? [lead, middle, trail] : [node.text!]) if (text) pieces.push({ node, text, marks: node.marks });
  });
  for (let changed = true; changed; ) {
    changed = false;
    pieces.forEach((piece, i) => {
      if (!isBlank(piece)) return;
      const prev = pieces[i - 1]?.marks ?? [];
      const next = pieces[i + 1]?.marks ?? [];
      const marks = piece.marks.filter((m) => !FLANKED.has(m.type.name) || (m.isInSet(prev) && m.isInSet(next)));
      if (marks.length === piece.marks.length) return;
      piece.marks = marks;
      changed = true;
    });
  }
  return pieces;
}

/** An open mark and the delimiter chosen for it. */
interface Open {
  mark: Mark;
  delimiter: string;
}

/**
 * The delimiter for `mark`. Strong is `__` so that it never merges with an adjacent `*` of emphasis
 * into one delimiter run when crossing ranges split a mark; `__` cannot open or close inside a word,
 * though, so intraword strong falls back to `**`.
 */
function delimiterFor(mark: Mark, before: string, after: string): string {
  if (mark.type.name === "link") return "[";
  if (mark.type.name === "strong" && (WORD.test(before) || WORD.test(after))) return "**";
  return DELIMITER[mark.type.name] ?? "";
}

function closeDelimiter(open: Open): string {
  const { mark, delimiter } = open;
  if (mark.type.name !== "link") return delimiter;
  return `](${linkDestination(mark.attrs.href as string)}${linkTitle(mark.attrs.title as string)})`;
}

/** The first character a piece writes (for the intraword test). */
function firstChar(piece: Piece | undefined): string {
  if (!piece) return "";
  return piece.node.isText && !isCode(piece.node.marks) ? piece.text.charAt(0) : "`";
}

function pieceContent(piece: Piece, lineStart: boolean, context: InlineContext): string {
  const { node } = piece;
  if (node.isText) return isCode(node.marks) ? codeSpan(piece.text, context) : escapeText(piece.text, lineStart, context);
  switch (node.type.name) {
    case "hard_break":
      return "\\\n";
    case "math_inline":
      return inlineMath(node.attrs.latex as string);
    case "mention":
      return mentionMarkdown(node.attrs.id as string, node.attrs.label as string);
    case "image": {
      const { src, alt, title } = node.attrs as { src: string; alt: string; title: string };
      return `![${escapeText(alt)}](${linkDestination(src)}${linkTitle(title)})`;
    }
    default:
      return escapeText(node.textContent, lineStart);
  }
}

/** A whitespace character as a character reference, which Markdown neither strips nor flanks on. */
function entity(ch: string): string {
  return ch === "\t" ? "&#9;" : "&#32;";
}

/**
 * Appends the closing delimiter of `mark`. When two marks' ranges cross, one is closed and reopened
 * mid-range, possibly next to a space, where `*` and `~~` would not count as delimiters: that space
 * is written as a character reference.
 */
function close(out: string, open: Open): string {
  const protectedOut = FLANKED.has(open.mark.type.name) ? out.replace(/[ \t]$/, entity) : out;
  return protectedOut + closeDelimiter(open);
}

/** Protects whitespace at either end of a Markdown line, which parsers strip. */
function protectLineEdges(line: string): string {
  return line.replace(/^[ \t]/, entity).replace(/[ \t]$/, entity);
}

/** Writes the inline content of `parent` as Folio Markdown (hard breaks become `\` + newline). */
export function serializeInline(parent: Node, context: InlineContext = {}): string {
  const pieces = toPieces(parent);
  const stack: Open[] = [];
  let out = "";
  pieces.forEach((piece, i) => {
    const marks = piece.marks.filter((m) => m.type !== schema.marks.code);
    let keep = 0;
    while (keep < stack.length && stack[keep].mark.isInSet(marks)) keep++;
    while (stack.length > keep) out = close(out, stack.pop()!);
    const extent = (mark: Mark) => {
      let j = i;
      while (j < pieces.length && mark.isInSet(pieces[j].marks)) j++;
      return j - i;
    };
    const toOpen = marks.filter((m) => !stack.some((o) => o.mark.eq(m))).sort((a, b) => extent(b) - extent(a));
    for (const mark of toOpen) {
      const delimiter = delimiterFor(mark, out.slice(-1), firstChar(pieces[i + extent(mark)]));
      out += delimiter;
      stack.push({ mark, delimiter });
    }
    let content = pieceContent(piece, out === "" || out.endsWith("\n"), context);
    // A mark reopened where crossing ranges forced a split may start on a space (see close()).
    if (toOpen.some((m) => FLANKED.has(m.type.name))) content = content.replace(/^[ \t]/, entity);
    out += content;
  });
  while (stack.length) out = close(out, stack.pop()!);
  return out.split("\n").map(protectLineEdges).join("\n");
}
