/**
 * markdown-it rule for Folio mentions: `@[Name](user:<id>)` becomes a `mention` token whose `meta`
 * holds `{ id, label }`. Inside the label a backslash escapes the next ASCII punctuation character
 * (the serializer escapes `\`, `[` and `]`); the label cannot span lines. The id follows the server's
 * id alphabet (editor/schema USER_ID); anything else is ordinary text.
 */
import type { MarkdownIt, StateInline } from "markdown-it";

const AT = 0x40;
const ID = /^\(user:([a-z0-9]{1,64})\)/;
const PUNCTUATION = /[!-/:-@[-`{-~]/;

/** The `mention` token's meta. */
export interface MentionMeta {
  id: string;
  label: string;
}

function mention(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== AT || src[pos + 1] !== "[") return false;
  let label = "";
  let i = pos + 2;
  for (; i < posMax; i++) {
    const ch = src[i];
    if (ch === "\n") return false;
    if (ch === "]") break;
    if (ch === "\\" && i + 1 < posMax && PUNCTUATION.test(src[i + 1])) {
      label += src[++i];
      continue;
    }
    label += ch;
  }
  if (i >= posMax) return false;
  const id = ID.exec(src.slice(i + 1, posMax));
  if (!id) return false;
  if (!silent) {
    const token = state.push("mention", "span", 0);
    token.meta = { id: id[1], label } satisfies MentionMeta;
    token.markup = "@";
  }
  state.pos = i + 1 + id[0].length;
  return true;
}

/** Adds the `@[Name](user:<id>)` rule to a markdown-it instance. */
export function mentionPlugin(md: MarkdownIt): void {
  md.inline.ruler.before("link", "mention", mention);
}

/** `@[label](user:id)` with the label escaped for mentionPlugin. */
export function mentionMarkdown(id: string, label: string): string {
  return `@[${label.replace(/[\r\n]+/g, " ").replace(/[\\[\]]/g, "\\$&")}](user:${id})`;
}
