/**
 * The comments API of one report (docs/sharing.md) from the browser, with the session cookie and
 * the CSRF token the root route puts in `<meta name="csrf-token">`. Errors carry the API's message.
 */
import { ApiError } from "./panels/api-json";

/** A person as the API shows them; null in anonymous share mode. */
export type Person = { id: string; name: string } | null;

/** One comment of a thread. */
export interface Comment {
  id: string;
  author: Person;
  body: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

/** A comment thread; `anchor` is null for a report-level comment. */
export interface Thread {
  id: string;
  anchor: { start: string; end: string; quote: string } | null;
  createdBy: Person;
  createdAt: string;
  resolved: { at: string; by: Person } | null;
  comments: Comment[];
}

const csrf = () => document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";

async function call<T>(method: string, path: string, body?: unknown, share?: string): Promise<T> {
  const res = await fetch(`/api/v1/${path}`, {
    method,
    credentials: "same-origin",
    headers: {
      "x-csrf-token": csrf(),
      ...(share ? { "x-folio-share": share } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    const answer = (await res.json().catch(() => null)) as { error?: { message?: string; path?: string } } | null;
    throw new ApiError(answer?.error?.message ?? `The request failed (HTTP ${res.status}).`, res.status, answer?.error?.path);
  }
  return (res.status === 204 ? null : await res.json()) as T;
}

/** The calls for report `reportId`; with a share link's token, reading only (docs/sharing.md). */
export function commentsClient(reportId: string, share?: string) {
  const r = `reports/${encodeURIComponent(reportId)}`;
  return {
    list: () => call<{ threads: Thread[] }>("GET", `${r}/comments`, undefined, share).then((a) => a.threads),
    createThread: (body: string, anchor: Thread["anchor"]) => call<Thread>("POST", `${r}/threads`, { body, anchor }),
    reply: (threadId: string, body: string) => call<Comment>("POST", `${r}/threads/${encodeURIComponent(threadId)}/comments`, { body }),
    edit: (commentId: string, body: string) => call<Comment>("PATCH", `${r}/comments/${encodeURIComponent(commentId)}`, { body }),
    remove: (commentId: string) => call<null>("DELETE", `${r}/comments/${encodeURIComponent(commentId)}`),
    setResolved: (threadId: string, resolved: boolean) =>
      call<Thread>("POST", `${r}/threads/${encodeURIComponent(threadId)}/${resolved ? "resolve" : "reopen"}`, {}),
    mentionable: (q: string) => call<{ users: { id: string; name: string }[] }>("GET", `${r}/mentionable?q=${encodeURIComponent(q)}`).then((a) => a.users),
    // EventSource cannot send headers: the token goes in the query.
    eventsUrl: `/api/v1/${r}/events${share ? `?share=${encodeURIComponent(share)}` : ""}`,
  };
}

/** The client type. */
export type CommentsClient = ReturnType<typeof commentsClient>;
