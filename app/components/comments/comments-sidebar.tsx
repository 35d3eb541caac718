/**
 * The report's comments sidebar: filters (Open, Resolved, Mine, Mentioning me), the new-thread box
 * for a passage chosen with the selection toolbar's Comment button, the threads (in document order,
 * then detached and report-level ones) and a box for a comment on the whole report.
 */
import { useEffect, useState } from "react";
import { useNow } from "~/hooks/use-now";
import type { Thread } from "~/lib/comments-client";
import { mentions } from "~/lib/mentions";
import { CommentComposer } from "./comment-composer";
import { CommentThread } from "./comment-thread";
import type { ReportComments } from "./use-report-comments";

const FILTERS = [
  { id: "open", label: "Open" },
  { id: "resolved", label: "Resolved" },
  { id: "mine", label: "Mine" },
  { id: "mentions", label: "Mentioning me" },
] as const;

type Filter = (typeof FILTERS)[number]["id"];

/** Whether `thread` passes `filter` for user `me`. */
export function threadMatches(thread: Thread, filter: Filter, me: { id: string } | null): boolean {
  switch (filter) {
    case "open":
      return thread.resolved === null;
    case "resolved":
      return thread.resolved !== null;
    case "mine":
      return me !== null && (thread.createdBy?.id === me.id || thread.comments.some((c) => c.author?.id === me.id));
    case "mentions":
      return me !== null && thread.comments.some((c) => !c.deleted && mentions(c.body, me.id));
  }
}

/** The button in the report header that opens and closes the sidebar. */
export function CommentsToggle({ comments }: { comments: ReportComments }) {
  const open = comments.threads?.filter((t) => t.resolved === null).length ?? 0;
  return (
    <button
      type="button"
      className="btn btn-sm"
      aria-pressed={comments.open}
      data-testid="comments-toggle"
      onClick={() => comments.setOpen(!comments.open)}
    >
      Comments{open ? ` (${open})` : ""}
    </button>
  );
}

/** The sidebar (see the module comment); nothing while closed. */
export function CommentsSidebar({ comments }: { comments: ReportComments }) {
  const { threads, error, client, active, draft, ranges, me, canComment } = comments;
  const [filter, setFilter] = useState<Filter>("open");
  const now = useNow(30_000);

  // A linked or clicked thread shows even if the filter would hide it.
  useEffect(() => {
    const t = threads?.find((x) => x.id === active);
    if (t && !threadMatches(t, filter, me)) setFilter(t.resolved ? "resolved" : "open");
    // Only when the active thread changes, not on every filter click.
  }, [active, threads !== null]);

  if (!comments.open) return null;
  const position = (t: Thread) => ranges.get(t.id)?.from ?? Number.MAX_SAFE_INTEGER;
  // The active thread stays in view even when it stops matching (someone resolves it meanwhile).
  const shown = (threads ?? []).filter((t) => t.id === active || threadMatches(t, filter, me)).sort((a, b) => position(a) - position(b));
  const close = () => {
    comments.setOpen(false);
    comments.setDraft(null);
  };

  return (
    <aside
      className="comments-sidebar"
      aria-label="Comments"
      data-testid="comments-sidebar"
      onKeyDown={(e) => {
        if (e.key === "Escape" && !e.defaultPrevented) close();
      }}
    >
      <header className="comments-head">
        <h2>Comments</h2>
        <button type="button" className="btn btn-sm" aria-label="Close comments" onClick={close}>✕</button>
      </header>
      <div className="comments-filters" role="tablist" aria-label="Show">
        {FILTERS.map((f) => (
          <button
            key={f.id}
            type="button"
            role="tab"
            aria-selected={filter === f.id}
            className={filter === f.id ? "chip is-selected" : "chip"}
            onClick={() => setFilter(f.id)}
          >
            {f.label}
          </button>
        ))}
      </div>
      {draft ? (
        <div className="comment-thread is-active comment-draft" data-testid="comment-draft">
          <blockquote className="comment-quote">{draft.quote}</blockquote>
          <CommentComposer
            label="Comment"
            placeholder="Comment… (@ to mention, Mod-Enter to send)"
            submitLabel="Comment"
            autoFocus
            testId="new-thread-composer"
            mentionable={client.mentionable}
            onCancel={() => comments.setDraft(null)}
            onSubmit={async (body) => {
              const thread = await client.createThread(body, draft);
              comments.upsert(thread);
              comments.setDraft(null);
              setFilter("open");
              comments.activate(thread.id);
            }}
          />
        </div>
      ) : null}
      <div className="comments-list" aria-busy={threads === null && !error}>
        {error ? (
          <div className="comments-message" role="alert">
            <p>Comments could not be loaded: {error}</p>
            <button type="button" className="btn btn-sm" onClick={comments.reload}>Try again</button>
          </div>
        ) : threads === null ? (
          <p className="comments-message">Loading comments…</p>
        ) : shown.length === 0 ? (
          <p className="comments-message" data-testid="comments-empty">
            {filter === "open" ? (canComment ? "No open comments. Select text and choose Comment (Mod-Alt-M)." : "No open comments.") : "No comments here."}
          </p>
        ) : (
          shown.map((t) => (
            <CommentThread
              key={t.id}
              thread={t}
              active={t.id === active}
              detached={t.anchor !== null && comments.isDetached(t.id)}
              me={me}
              canComment={canComment}
              client={client}
              now={now}
              onActivate={() => comments.activate(t.id)}
              onChanged={comments.upsert}
            />
          ))
        )}
      </div>
      {canComment ? (
        <footer className="comments-foot">
          <CommentComposer
            label="Comment on the report"
            placeholder="Comment on the report…"
            submitLabel="Comment"
            testId="report-comment-composer"
            mentionable={client.mentionable}
            onSubmit={async (body) => {
              const thread = await client.createThread(body, null);
              comments.upsert(thread);
              setFilter("open");
              comments.activate(thread.id);
            }}
          />
        </footer>
      ) : null}
    </aside>
  );
}
