/**
 * Mentions in comment bodies: `@[Name](user:<id>)` (docs/sharing.md). Helpers to find them in a
 * body, to write one, and to find the `@query` being typed at the caret.
 */

/** A mention as written in a body. */
const MENTION = /@\[([^\]\n]{1,200})\]\(user:([A-Za-z0-9_-]{1,100})\)/g;

/** A piece of a body: plain text or a mention. */
export type BodyPart = { text: string } | { mention: { name: string; id: string } };

/** Splits `body` into text and mentions, in order. */
export function splitMentions(body: string): BodyPart[] {
  const parts: BodyPart[] = [];
  let last = 0;
  for (const m of body.matchAll(MENTION)) {
    if (m.index > last) parts.push({ text: body.slice(last, m.index) });
    parts.push({ mention: { name: m[1], id: m[2] } });
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/** The Markdown for mentioning `user` (brackets in names cannot break out of the label). */
export function mentionMarkdown(user: { id: string; name: string }): string {
  return `@[${user.name.replace(/[[\]\n]/g, " ")}](user:${user.id})`;
}

/** Whether `body` mentions user `id`. */
export function mentions(body: string, id: string): boolean {
  return splitMentions(body).some((p) => "mention" in p && p.mention.id === id);
}

/** The `@query` being typed just before `caret` in `text`, or null. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|[\s(])@([^\s@[\]()]{0,40})$/.exec(text.slice(0, caret));
  if (!m) return null;
  return { start: caret - m[2].length - 1, query: m[2] };
}

type User = { id: string; name: string };

/** `body` as a comment box shows it: mentions as `@Name`, and the people they name. */
export function draftFromBody(body: string): { text: string; picked: User[] } {
  const picked: User[] = [];
  const text = splitMentions(body)
    .map((p) => ("text" in p ? p.text : (picked.push(p.mention), `@${p.mention.name}`)))
    .join("");
  return { text, picked };
}

/** A comment box's text with every `@Name` of a `picked` person written as a mention (longest names first). */
export function bodyFromDraft(text: string, picked: readonly User[]): string {
  const byLength = [...new Map(picked.map((u) => [u.name, u])).values()].sort((a, b) => b.name.length - a.name.length);
  if (!byLength.length) return text;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`@(${byLength.map((u) => escape(u.name)).join("|")})(?![\\w-])`, "g");
  return text.replace(pattern, (_m, name: string) => mentionMarkdown(byLength.find((u) => u.name === name)!));
}
