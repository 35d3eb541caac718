/**
 * The browser's side of `POST /api/v1/metrics/query`: the session cookie authenticates, and the
 * CSRF token the root route puts in `<meta name="csrf-token">` goes in `X-CSRF-Token` (the API
 * refuses cookie-authenticated POSTs without it).
 */
import type { MetricsAnswer, MetricsRequest } from "./metric-series";

/** A failed metrics query, with the API's message. */
export class MetricsQueryError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = "MetricsQueryError";
  }
}

/** Sends one metrics query; throws `MetricsQueryError` on an error answer (aborts propagate). */
export async function fetchMetrics(body: MetricsRequest, signal?: AbortSignal): Promise<MetricsAnswer> {
  const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";
  const res = await fetch("/api/v1/metrics/query", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", "x-csrf-token": csrf },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok) {
    const answer = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new MetricsQueryError(answer?.error?.message ?? `The metrics query failed (HTTP ${res.status}).`, res.status);
  }
  return (await res.json()) as MetricsAnswer;
}
