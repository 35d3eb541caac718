/**
 * A Markdown panel: text inside the grid. The Markdown goes through Folio's own codec into the
 * report schema and out through the schema's `toDOM` (so links obey the schema's URL policy and no
 * raw HTML survives), and math is typeset with KaTeX under the editor's limits (trust off).
 */
import { DOMSerializer } from "prosemirror-model";
import { useEffect, useRef } from "react";
import { parseMarkdown } from "../../../editor/markdown";
import { schema } from "../../../editor/schema";
import { typesetMath } from "../../../editor/views/renderMath";

/** Renders `markdown` safely; see the module comment. */
export function MarkdownPanel({ markdown }: { markdown: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fragment = DOMSerializer.fromSchema(schema).serializeFragment(parseMarkdown(markdown).content, { document });
    el.replaceChildren(fragment);
    return typesetMath(el);
  }, [markdown]);
  if (!markdown.trim()) return <p className="panel-message">Empty Markdown panel: Edit to write.</p>;
  return <div ref={ref} className="panel-markdown report-body" data-testid="markdown-panel" />;
}
