/**
 * JSON calls from report panels to Folio's API with the session cookie. Every POST carries the
 * CSRF token the root route puts in `<meta name="csrf-token">` (the API refuses cookie-authenticated
 * POSTs without it). Panel queries are read through the report (docs/sharing.md): a share-link
 * viewer has no session, so the shared page puts the link's token in `<meta name="folio-share">`
 * and it is sent as `X-Folio-Share`; a report page puts the report's id in
 * `<meta name="folio-report">`, sent as `X-Folio-Report`, so people invited to the report from
 * outside its team see the projects its panels query.
 */

/** A refused or failed API call, with the API's message and the field it names. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly path?: string) {
    super(message);
    this.name = "ApiError";
  }
}

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? "";

/** What the page's panel queries read through: a share link's token, or the report's id ("" when none). */
export function readerScope(): { share: string; report: string } {
  return { share: meta("folio-share"), report: meta("folio-report") };
}

/** The headers of the page's API calls (also handed to the figure worker, which cannot read the page's meta tags). */
export function apiHeaders(): Record<string, string> {
  const h: Record<string, string> = { "content-type": "application/json", "x-csrf-token": meta("csrf-token") };
  const { share, report } = readerScope();
  if (share) h["x-folio-share"] = share;
  else if (report) h["x-folio-report"] = report;
  return h;
}

/**
 * POSTs `body` to `/api/v1/{path}` and returns the JSON answer; throws `ApiError` on a 4xx/5xx.
 * `headers`: the page's (`apiHeaders`) unless given (the figure worker has no page to read them from).
 */
export async function postApi<T>(path: string, body: unknown, signal?: AbortSignal, headers: Record<string, string> = apiHeaders()): Promise<T> {
  const res = await fetch(`/api/v1/${path}`, { method: "POST", credentials: "same-origin", headers, body: JSON.stringify(body), signal });
  if (!res.ok) {
    const answer = (await res.json().catch(() => null)) as { error?: { message?: string; path?: string } } | null;
    const where = answer?.error?.path ? `${answer.error.path}: ` : "";
    throw new ApiError(`${where}${answer?.error?.message ?? `The request failed (HTTP ${res.status}).`}`, res.status, answer?.error?.path);
  }
  return (await res.json()) as T;
}
