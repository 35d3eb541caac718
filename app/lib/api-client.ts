/**
 * JSON calls from app components (share dialog, notifications, mentions) to Folio's API with the
 * session cookie. Writes carry the CSRF token from `<meta name="csrf-token">`. A 4xx/5xx becomes an
 * `ApiError` holding the API's message, so the caller can show it as is.
 */
import { ApiError } from "./panels/api-json";

export { ApiError };

const csrf = () => document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";

/** Calls `/api/v1/{path}`; resolves with the JSON answer (undefined for 204). */
export async function callApi<T>(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetch(`/api/v1/${path}`, {
    method,
    credentials: "same-origin",
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(method === "GET" ? {} : { "x-csrf-token": csrf() }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (!res.ok) {
    const answer = (await res.json().catch(() => null)) as { error?: { message?: string; path?: string } } | null;
    const where = answer?.error?.path ? `${answer.error.path}: ` : "";
    throw new ApiError(`${where}${answer?.error?.message ?? `The request failed (HTTP ${res.status}).`}`, res.status, answer?.error?.path);
  }
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}
