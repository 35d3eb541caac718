/**
 * markdown-it rules for Folio math: `$…$` (and `$$…$$` inside a line) become `math_inline` tokens,
 * a block opened by a line starting with `$$` and closed by the next line starting with `$$` becomes
 * a `math_block` token. The LaTeX source is kept verbatim in `token.content`; a `\$` inside inline
 * math does not close it. A dollar sign in ordinary text is written `\$`.
 */
import type { MarkdownIt, StateBlock, StateInline } from "markdown-it";

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

/** Index of the next `delimiter` in `src` at or after `from` not escaped by a backslash, or -1. */
function findClosing(src: string, from: number, max: number, delimiter: string): number {
  for (let pos = src.indexOf(delimiter, from); pos !== -1 && pos + delimiter.length <= max; pos = src.indexOf(delimiter, pos + 1)) {
    let backslashes = 0;
    while (pos - backslashes - 1 >= from && src.charCodeAt(pos - backslashes - 1) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return pos;
  }
  return -1;
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== DOLLAR) return false;
  const delimiter = src.charCodeAt(pos + 1) === DOLLAR ? "$$" : "$";
  const close = findClosing(src, pos + delimiter.length, posMax, delimiter);
  if (close === -1) return false;
  if (!silent) {
    const token = state.push("math_inline", "math", 0);
    const latex = src.slice(pos + delimiter.length, close);
    token.content = latex.trim() === "" ? "" : latex;
    token.markup = delimiter;
  }
  state.pos = close + delimiter.length;
  return true;
}

function startsWithDollars(state: StateBlock, line: number): boolean {
  const start = state.bMarks[line] + state.tShift[line];
  return state.src.charCodeAt(start) === DOLLAR && state.src.charCodeAt(start + 1) === DOLLAR;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4 || !startsWithDollars(state, startLine)) return false;
  const first = state.src.slice(state.bMarks[startLine] + state.tShift[startLine] + 2, state.eMarks[startLine]);
  if (silent) return true;

  let latex: string;
  let nextLine = startLine + 1;
  const oneLine = /^(.*?)\$\$\s*$/.exec(first);
  if (oneLine) {
    latex = oneLine[1].trim();
  } else {
    let closed = false;
    for (; nextLine < endLine; nextLine++) {
      const empty = state.bMarks[nextLine] + state.tShift[nextLine] >= state.eMarks[nextLine];
      if (!empty && state.sCount[nextLine] < state.blkIndent) break;
      if (!empty && startsWithDollars(state, nextLine) && state.sCount[nextLine] - state.blkIndent < 4) {
        closed = true;
        break;
      }
    }
    const body = state.getLines(startLine + 1, nextLine, state.sCount[startLine], true);
    latex = (first.trim() ? first.trim() + "\n" : "") + body;
    if (latex.endsWith("\n")) latex = latex.slice(0, -1);
    if (closed) nextLine++;
  }
  state.line = nextLine;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = latex;
  token.markup = "$$";
  token.map = [startLine, nextLine];
  return true;
}

/** Adds Folio's `$…$` and `$$…$$` math rules to a markdown-it instance. */
export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.after("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
}
