/**
 * A comment's body, rendered safely: bodies are untrusted. The Markdown goes through Folio's own
 * codec into the report schema and out through the schema's `toDOM` (no raw HTML survives; links
 * obey the schema's URL policy), math is typeset by KaTeX with trust off (editor/views/renderMath),
 * images are shown as their alt text (a comment must not make readers load arbitrary URLs), and
 * mentions `@[Name](user:<id>)` become text chips. Mentions are swapped for private-use placeholders
 * before parsing, so Markdown never sees (or mangles) them, and put back as DOM nodes afterwards.
 */
import { DOMSerializer } from "prosemirror-model";
import { useEffect, useRef } from "react";
import { parseMarkdown } from "../../../editor/markdown";
import { schema } from "../../../editor/schema";
import { typesetMath } from "../../../editor/views/renderMath";
import { splitMentions } from "~/lib/mentions";

const OPEN = "\uE000";
const CLOSE = "\uE001";
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** Replaces placeholders in the text nodes under `root` with mention chips. */
function restoreMentions(root: HTMLElement, names: string[]): void {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.nodeValue?.includes(OPEN)) texts.push(n as Text);
  for (const text of texts) {
    const value = text.nodeValue ?? "";
    const out: Node[] = [];
    let last = 0;
    for (const m of value.matchAll(PLACEHOLDER)) {
      if (m.index > last) out.push(doc.createTextNode(value.slice(last, m.index)));
      const chip = doc.createElement("span");
      chip.className = "mention-chip";
      chip.textContent = `@${names[Number(m[1])] ?? "someone"}`;
      out.push(chip);
      last = m.index + m[0].length;
    }
    if (last < value.length) out.push(doc.createTextNode(value.slice(last)));
    text.replaceWith(...out);
  }
}

/** Renders `body` (see the module comment). */
export function CommentBody({ body }: { body: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const names: string[] = [];
    // Placeholders stand in for mentions; stray placeholder characters typed by someone are dropped.
    const source = splitMentions(body.replace(/[\uE000\uE001]/g, ""))
      .map((p) => ("text" in p ? p.text : `${OPEN}${names.push(p.mention.name) - 1}${CLOSE}`))
      .join("");
    const fragment = DOMSerializer.fromSchema(schema).serializeFragment(parseMarkdown(source).content, { document });
    el.replaceChildren(fragment);
    el.querySelectorAll("img").forEach((img) => img.replaceWith(document.createTextNode(img.getAttribute("alt") || "[image]")));
    el.querySelectorAll("a").forEach((a) => {
      a.target = "_blank";
      a.rel = "noopener noreferrer nofollow";
    });
    // Mentions after the math: a formula's text may hold a mention's placeholder.
    return typesetMath(el, () => restoreMentions(el, names));
  }, [body]);
  return <div ref={ref} className="comment-body report-body" data-testid="comment-body" />;
}
