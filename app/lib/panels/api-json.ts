/**
 * JSON calls from report panels to Folio's API with the session cookie. Every POST carries the
 * CSRF token the root route puts in `<meta name="csrf-token">` (the API refuses cookie-authenticated
 * POSTs without it). A share-link viewer has no session: the page puts the link's token in
 * `<meta name="folio-share">` and it is sent as `X-Folio-Share` instead (issue 6).
 */

/** A refused or failed API call, with the API's message and the field it names. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly path?: string) {
    super(message);
    this.name = "ApiError";
  }
}

function headers(): Record<string, string> {
  const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? "";
  const h: Record<string, string> = { "content-type": "application/json", "x-csrf-token": meta("csrf-token") };
  const share = meta("folio-share");
  if (share) h["x-folio-share"] = share;
  return h;
}

/** POSTs `body` to `/api/v1/{path}` and returns the JSON answer; throws `ApiError` on a 4xx/5xx. */
export async function postApi<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetch(`/api/v1/${path}`, { method: "POST", credentials: "same-origin", headers: headers(), body: JSON.stringify(body), signal });
  if (!res.ok) {
    const answer = (await res.json().catch(() => null)) as { error?: { message?: string; path?: string } } | null;
    const where = answer?.error?.path ? `${answer.error.path}: ` : "";
    throw new ApiError(`${where}${answer?.error?.message ?? `The request failed (HTTP ${res.status}).`}`, res.status, answer?.error?.path);
  }
  return (await res.json()) as T;
}
