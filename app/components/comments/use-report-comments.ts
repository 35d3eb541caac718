/**
 * The comments of one report in the browser: the thread list (loaded once, then kept current by
 * the report's event stream, whose `thread` events carry the whole thread), the sidebar's open,
 * active-thread and new-thread state, and the hooks the editor calls (the selection toolbar's
 * Comment button, clicks on highlighted passages, anchor ranges). `?thread=<id>` (the link in
 * mention notifications) opens the sidebar on that thread and scrolls the document to its passage.
 */
import { useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { FolioEditor, FolioEditorOptions } from "../../../editor/createFolioEditor";
import { anchorFromSelection, commentAnchorRange, setActiveThread, setCommentThreads, type AnchorRange, type NewAnchor } from "../../../editor/plugins/commentAnchors";
import { commentsClient, type Thread } from "~/lib/comments-client";

/** What the page passes in. */
export interface ReportCommentsOptions {
  reportId: string;
  canComment: boolean;
  /** The signed-in user (own comments can be edited; "Mine" and "Mentioning me" filters). */
  me: { id: string } | null;
  /** A share link's token (the shared page): comments are read through it. */
  share?: string;
  /**
   * Whether the document has synced with the server: until it has, an anchor that does not resolve
   * may just not have arrived yet, so no thread is called detached.
   */
  synced: boolean;
}

/** Replaces or appends `thread`. */
function upsert(list: Thread[] | null, thread: Thread): Thread[] {
  if (!list) return [thread];
  const i = list.findIndex((t) => t.id === thread.id);
  return i < 0 ? [...list, thread] : list.map((t, j) => (j === i ? thread : t));
}

/** Scrolls the editor so `range` is in view. */
function scrollToRange(editor: FolioEditor, range: AnchorRange): void {
  const { node } = editor.view.domAtPos(range.from);
  const el = node instanceof Element ? node : node.parentElement;
  el?.scrollIntoView({ block: "center", behavior: "smooth" });
}

/** The report's comments state (see the module comment). */
export function useReportComments({ reportId, canComment, me, share, synced }: ReportCommentsOptions) {
  const client = useMemo(() => commentsClient(reportId, share), [reportId, share]);
  const [params] = useSearchParams();
  const linked = params.get("thread");
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(linked !== null);
  const [active, setActive] = useState<string | null>(linked);
  const [draft, setDraft] = useState<NewAnchor | null>(null);
  const [ranges, setRanges] = useState<ReadonlyMap<string, AnchorRange | null>>(new Map());
  const [editor, setEditor] = useState<FolioEditor | null>(null);
  // Sticky: once synced, the document is known (later disconnects keep the last known state).
  const [documentKnown, setDocumentKnown] = useState(false);
  useEffect(() => {
    if (synced) setDocumentKnown(true);
  }, [synced]);

  const load = useCallback(() => {
    setError(null);
    client.list().then(setThreads, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [client]);

  // The list, then live: a reconnected stream reloads it, as events may have been missed meanwhile.
  useEffect(() => {
    load();
    const source = new EventSource(client.eventsUrl);
    let ready = 0;
    source.addEventListener("ready", () => {
      if (ready++ > 0) load();
    });
    source.addEventListener("thread", (e) => {
      try {
        const thread = JSON.parse((e as MessageEvent<string>).data) as Thread;
        setThreads((list) => upsert(list, thread));
      } catch (err) {
        console.error("[comments] bad thread event", { reportId, error: String(err) });
      }
    });
    source.addEventListener("revoked", () => source.close());
    return () => source.close();
  }, [client, load, reportId]);

  // The editor draws the anchors of every thread it is given.
  useEffect(() => {
    if (!editor || !threads) return;
    setCommentThreads(
      editor.view,
      threads.map((t) => ({ id: t.id, anchor: t.anchor, resolved: t.resolved !== null })),
    );
  }, [editor, threads]);

  // The active thread is marked, and the document scrolls to it once its passage is known.
  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    if (!editor) return;
    setActiveThread(editor.view, active);
    if (!active || scrolledFor.current === active) return;
    const range = commentAnchorRange(editor.view.state, active);
    if (range) {
      scrolledFor.current = active;
      scrollToRange(editor, range);
    }
  }, [editor, active, ranges]);

  // The editor is made once per document; these hooks read the latest state through refs.
  const canCommentRef = useRef(canComment);
  canCommentRef.current = canComment;
  const editorOptions = useMemo<NonNullable<FolioEditorOptions["comments"]>>(
    () => ({
      anchors: {
        onActivate: (id) => {
          // Clicked in the document: the passage is in view already, no scrolling.
          scrolledFor.current = id;
          setActive(id);
          setOpen(true);
        },
        onRangesChange: setRanges,
      },
      request: {
        canComment: () => canCommentRef.current,
        onComment: (view) => {
          const anchor = anchorFromSelection(view.state);
          if (!anchor) return;
          setDraft(anchor);
          setOpen(true);
        },
      },
    }),
    [],
  );

  const activate = useCallback(
    (id: string | null) => {
      setActive(id);
      scrolledFor.current = null;
    },
    [],
  );

  return {
    client,
    threads,
    error,
    reload: load,
    open,
    setOpen,
    active,
    activate,
    draft,
    setDraft,
    ranges,
    /** Whether `id`'s passage is gone (its anchor no longer resolves to any text). */
    isDetached: (id: string) => documentKnown && ranges.has(id) && ranges.get(id) === null,
    canComment,
    me,
    upsert: (thread: Thread) => setThreads((list) => upsert(list, thread)),
    /** For ReportEditor: the editor's comment hooks, and where it hands over the editor. */
    editorOptions,
    onEditor: setEditor,
  };
}

/** The hook's result. */
export type ReportComments = ReturnType<typeof useReportComments>;
