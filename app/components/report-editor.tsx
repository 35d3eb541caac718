/**
 * Mounts the Folio editor (editor/createFolioEditor.ts) on a report's shared fragment, browser
 * only. Mod-K and the toolbar's link button ask for a URL in a small dialog; the editor applies it
 * with its own URL policy (javascript: and friends never become links).
 */
import { useEffect, useRef, useState } from "react";
import { createFolioEditor, type FolioEditor } from "../../editor/createFolioEditor";
import { TextSelection } from "prosemirror-state";
import { removeLink, setLink } from "../../editor/nodes/link";
import type { CollabDoc } from "~/hooks/use-collab-doc";

interface LinkAsk {
  from: number;
  to: number;
  href: string;
}

/** The editor of one report. */
export function ReportEditor({ collab, readOnly }: { collab: CollabDoc; readOnly: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<FolioEditor | null>(null);
  const [ask, setAsk] = useState<LinkAsk | null>(null);

  useEffect(() => {
    const e = createFolioEditor({
      element: host.current!,
      fragment: collab.fragment,
      awareness: collab.provider.awareness,
      readOnly,
      onLinkRequest: ({ current, from, to }) => setAsk({ from: current?.from ?? from, to: current?.to ?? to, href: current?.href ?? "" }),
    });
    editor.current = e;
    return () => {
      e.destroy();
      editor.current = null;
    };
    // A new editor per document; read-only changes go through setReadOnly below.
  }, [collab]);

  useEffect(() => editor.current?.setReadOnly(readOnly), [readOnly]);

  const [linkError, setLinkError] = useState<string | null>(null);
  const applyLink = (href: string) => {
    const view = editor.current?.view;
    if (!view || !ask) return setAsk(null);
    // Back to the text the link was asked for (positions clamped: others may have edited meanwhile).
    const size = view.state.doc.content.size;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, Math.min(ask.from, size), Math.min(ask.to, size))));
    if (href.trim() && !setLink(href)(view.state, view.dispatch)) return setLinkError("Use an http(s), mailto or relative link.");
    if (!href.trim()) removeLink(view.state, view.dispatch);
    setLinkError(null);
    setAsk(null);
    view.focus();
  };

  return (
    <>
      <div ref={host} className="report-body" data-testid="report-editor" />
      {ask ? (
        <form
          className="link-dialog"
          role="dialog"
          aria-label="Link"
          onSubmit={(e) => {
            e.preventDefault();
            applyLink(new FormData(e.currentTarget).get("href")?.toString() ?? "");
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              setAsk(null);
              editor.current?.view.focus();
            }
          }}
        >
          <label htmlFor="link-href">Link to</label>
          <input id="link-href" name="href" className="input input-sm" defaultValue={ask.href} placeholder="https://…" autoFocus />
          <button type="submit" className="btn btn-sm btn-primary">Apply</button>
          {ask.href ? <button type="button" className="btn btn-sm" onClick={() => applyLink("")}>Remove</button> : null}
          {linkError ? <p className="form-error" role="alert">{linkError}</p> : null}
        </form>
      ) : null}
    </>
  );
}
