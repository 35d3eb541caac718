/**
 * Mounts the Folio editor (editor/createFolioEditor.ts) on a report's shared fragment, browser
 * only. Mod-K and the toolbar's link button ask for a URL in a small dialog; the editor applies it
 * with its own URL policy (javascript: and friends never become links).
 *
 * Panel grids are drawn by the app through a PanelHost (components/panels/panel-host.tsx); their
 * side sheets (panel editor, run sets) live here, and every change they save is one editor
 * transaction, so it travels to collaborators like any other edit.
 */
import { useEffect, useRef, useState } from "react";
import type { EditorView } from "prosemirror-view";
import { createFolioEditor, type FolioEditor, type FolioEditorOptions } from "../../editor/createFolioEditor";
import { TextSelection } from "prosemirror-state";
import { removeLink, setLink } from "../../editor/nodes/link";
import { findPanelGrid, setRunSets, updatePanel } from "../../editor/nodes/panelGrid";
import type { CollabDoc } from "~/hooks/use-collab-doc";
import { useScrollToMention } from "~/hooks/use-scroll-to-mention";
import { callApi } from "~/lib/api-client";
import { PanelEditorSheet } from "./panels/panel-editor-sheet";
import { createPanelHost } from "./panels/panel-host";
import { createPanelLive, type PanelLive } from "./panels/prefetch-panels";
import { LiveToggle } from "./panels/live-toggle";
import { RunSetSheet } from "./panels/run-set-sheet";

interface LinkAsk {
  from: number;
  to: number;
  href: string;
}

/** Which side sheet is open. */
type Sheet = { kind: "panel"; gridId: string; panelId: string } | { kind: "runSets"; gridId: string; focus?: string } | null;

/**
 * The editor of one report; `project` ("team/project") is where new panel grids look for runs.
 * `comments` are the editor's comment hooks (components/comments/use-report-comments.ts), which
 * receives the editor through `onEditor`.
 */
export function ReportEditor({ collab, readOnly, project, comments, onEditor, panels }: {
  collab: CollabDoc;
  readOnly: boolean;
  project: string;
  comments?: FolioEditorOptions["comments"];
  onEditor?: (editor: FolioEditor | null) => void;
  /** The page's panel hub and cache, when the page started its panels' queries (prefetch-panels.ts). */
  panels?: PanelLive | null;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<FolioEditor | null>(null);
  const [ask, setAsk] = useState<LinkAsk | null>(null);
  const [sheet, setSheet] = useState<Sheet>(null);
  const [live] = useState(() => panels ?? createPanelLive(null));
  useEffect(() => () => live.hub.close(), [live]);
  // The live toggle shows once the document has a panel grid (top level, where the slash menu puts them).
  const [hasPanels, setHasPanels] = useState(false);
  useEffect(() => {
    const check = () => setHasPanels(collab.fragment.toArray().some((n) => "nodeName" in n && n.nodeName === "panel_grid"));
    check();
    collab.fragment.observe(check);
    return () => collab.fragment.unobserve(check);
  }, [collab]);
  const readOnlyRef = useRef(readOnly);
  readOnlyRef.current = readOnly;
  useScrollToMention(collab);

  useEffect(() => {
    const panelHost = createPanelHost({
      defaultProject: project,
      hub: live.hub,
      cache: live.cache,
      figures: live.figures ?? null,
      onEditPanel: (gridId, panelId) => !readOnlyRef.current && setSheet({ kind: "panel", gridId, panelId }),
      onEditRunSets: (gridId, focus) => !readOnlyRef.current && setSheet({ kind: "runSets", gridId, focus }),
    });
    const e = createFolioEditor({
      element: host.current!,
      fragment: collab.fragment,
      awareness: collab.provider.awareness,
      readOnly,
      panelHost,
      // `@` autocomplete: people who can open this report (the provider's room is the report id).
      onMentionSearch: (q) =>
        callApi<{ users: { id: string; name: string }[] }>("GET", `reports/${encodeURIComponent(collab.provider.roomname)}/mentionable?q=${encodeURIComponent(q)}`).then((r) => r.users),
      onLinkRequest: ({ current, from, to }) => setAsk({ from: current?.from ?? from, to: current?.to ?? to, href: current?.href ?? "" }),
      comments,
    });
    editor.current = e;
    onEditor?.(e);
    return () => {
      onEditor?.(null);
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

  const view = editor.current?.view;
  const grid = sheet && view ? findPanelGrid(view.state.doc, sheet.gridId)?.grid ?? null : null;
  const closeSheet = () => {
    setSheet(null);
    editor.current?.view.focus();
  };
  const run = (command: (state: EditorView["state"], dispatch?: EditorView["dispatch"]) => boolean) => {
    const v = editor.current?.view;
    if (v) command(v.state, v.dispatch);
  };

  return (
    <>
      {hasPanels ? (
        <div className="report-panels-bar">
          <LiveToggle hub={live.hub} />
        </div>
      ) : null}
      <div ref={host} className="report-body" data-testid="report-editor" />
      {sheet?.kind === "panel" && grid ? (
        (() => {
          const panel = grid.panels.find((p) => p.id === sheet.panelId);
          if (!panel) return null;
          return (
            <PanelEditorSheet
              key={`${sheet.gridId}/${sheet.panelId}`}
              gridId={sheet.gridId}
              panel={panel}
              runSets={grid.runSets}
              hub={live.hub}
              cache={live.cache}
              onClose={closeSheet}
              onEditRunSets={() => setSheet({ kind: "runSets", gridId: sheet.gridId, focus: panel.runSet ?? undefined })}
              onSave={(next) => {
                run(updatePanel(sheet.gridId, next.id, { title: next.title, type: next.type, runSet: next.runSet, config: next.config }));
                closeSheet();
              }}
            />
          );
        })()
      ) : null}
      {sheet?.kind === "runSets" && grid ? (
        <RunSetSheet
          key={sheet.gridId}
          runSets={grid.runSets}
          panels={grid.panels}
          focus={sheet.focus}
          defaultProject={project}
          cache={live.cache}
          onClose={closeSheet}
          onSave={(runSets) => {
            run(setRunSets(sheet.gridId, runSets));
            closeSheet();
          }}
        />
      ) : null}
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
