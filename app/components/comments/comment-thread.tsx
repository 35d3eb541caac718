/**
 * One comment thread in the sidebar: what it is about (the quoted passage, "Detached" when that
 * passage is gone, or the report itself), its comments with author and time, edit and delete for
 * one's own comments, a reply box and resolve / reopen.
 */
import { useState } from "react";
import { RelativeTime } from "~/components/relative-time";
import type { Comment, CommentsClient, Thread } from "~/lib/comments-client";
import { CommentBody } from "./comment-body";
import { CommentComposer } from "./comment-composer";

/** Props of a thread. */
export interface CommentThreadProps {
  thread: Thread;
  active: boolean;
  detached: boolean;
  me: { id: string } | null;
  canComment: boolean;
  client: CommentsClient;
  now: number;
  onActivate: () => void;
  onChanged: (thread: Thread) => void;
}

const nameOf = (p: Comment["author"]) => p?.name ?? "Anonymous";

/** One comment, with edit and delete for its author. */
function CommentItem({ comment, mine, client, now, onChanged }: {
  comment: Comment;
  mine: boolean;
  client: CommentsClient;
  now: number;
  onChanged: (comment: Comment) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (comment.deleted) return <li className="comment comment-deleted" data-testid="comment">This comment was deleted.</li>;
  return (
    <li className="comment" data-testid="comment">
      <div className="comment-meta">
        <span className="comment-author" data-testid="comment-author">{nameOf(comment.author)}</span>
        <RelativeTime iso={comment.createdAt} now={now} />
        {comment.editedAt ? <span className="comment-edited" title={comment.editedAt}>(edited)</span> : null}
        {mine && !editing ? (
          <span className="comment-actions">
            <button type="button" className="btn-link" onClick={() => setEditing(true)}>Edit</button>
            <button
              type="button"
              className="btn-link danger"
              onClick={() => {
                if (!window.confirm("Delete this comment?")) return;
                client.remove(comment.id).then(() => onChanged({ ...comment, deleted: true, body: "" }), (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
              }}
            >
              Delete
            </button>
          </span>
        ) : null}
      </div>
      {editing ? (
        <CommentComposer
          initial={comment.body}
          label="Edit comment"
          submitLabel="Save"
          autoFocus
          mentionable={client.mentionable}
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            const edited = await client.edit(comment.id, body);
            setEditing(false);
            onChanged(edited);
          }}
        />
      ) : (
        <CommentBody body={comment.body} />
      )}
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </li>
  );
}

/** A thread (see the module comment). */
export function CommentThread({ thread, active, detached, me, canComment, client, now, onActivate, onChanged }: CommentThreadProps) {
  const [error, setError] = useState<string | null>(null);
  const [replying, setReplying] = useState(false);
  // Changes also arrive over the event stream; applying the answer keeps this tab current at once.
  const withComment = (c: Comment) => {
    const known = thread.comments.some((x) => x.id === c.id);
    onChanged({ ...thread, comments: known ? thread.comments.map((x) => (x.id === c.id ? c : x)) : [...thread.comments, c] });
  };
  const resolved = thread.resolved !== null;
  return (
    <article
      className={`comment-thread${active ? " is-active" : ""}${resolved ? " is-resolved" : ""}`}
      data-testid="comment-thread"
      data-thread-id={thread.id}
      data-resolved={resolved}
      aria-current={active ? "true" : undefined}
      onClick={onActivate}
    >
      {thread.anchor ? (
        <div className="comment-quote-row">
          {detached ? <span className="badge" data-testid="comment-detached" title="The passage this thread was about was deleted">Detached</span> : null}
          <blockquote className="comment-quote" data-testid="comment-quote">{thread.anchor.quote || "…"}</blockquote>
        </div>
      ) : (
        <div className="comment-quote-row comment-on-report">On the report</div>
      )}
      <ol className="comment-list">
        {thread.comments.map((c) => (
          <CommentItem key={c.id} comment={c} mine={me !== null && c.author?.id === me.id} client={client} now={now} onChanged={withComment} />
        ))}
      </ol>
      {resolved ? (
        <p className="comment-resolved" data-testid="comment-resolved">
          Resolved by {thread.resolved?.by?.name ?? "Anonymous"} <RelativeTime iso={thread.resolved!.at} now={now} />
        </p>
      ) : null}
      {canComment ? (
        <div className="comment-thread-actions">
          {replying ? (
            <CommentComposer
              label="Reply"
              placeholder="Reply… (@ to mention)"
              submitLabel="Reply"
              autoFocus
              testId="reply-composer"
              mentionable={client.mentionable}
              onCancel={() => setReplying(false)}
              onSubmit={async (body) => {
                withComment(await client.reply(thread.id, body));
                setReplying(false);
              }}
            />
          ) : (
            <button type="button" className="btn btn-sm" onClick={() => (onActivate(), setReplying(true))}>Reply</button>
          )}
          <button
            type="button"
            className="btn btn-sm"
            onClick={(e) => {
              e.stopPropagation();
              setError(null);
              client.setResolved(thread.id, !resolved).then(onChanged, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
            }}
          >
            {resolved ? "Reopen" : "Resolve"}
          </button>
        </div>
      ) : null}
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </article>
  );
}
