import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "That request did not look right",
  403: "You can't do that",
  404: "Not found",
  405: "Not allowed",
  409: "Conflict",
  503: "Folio is unavailable",
};

function describe(error: unknown): { status: number | null; title: string; message: string } {
  if (isRouteErrorResponse(error)) {
    const data = error.data as { message?: unknown } | string | null;
    // Our own errors carry `{ message }`; Remix's (no matching route, bad method) carry internals.
    const message = typeof data === "object" && typeof data?.message === "string" ? data.message : error.status === 404 ? "There is nothing at this address." : error.statusText;
    return { status: error.status, title: TITLES[error.status] ?? "Something went wrong", message };
  }
  console.error(error);
  return { status: null, title: "Something went wrong", message: "An unexpected error occurred. Try again, and check the server log if it persists." };
}

/** What every route's `ErrorBoundary` renders: status, a plain message, ways out. */
export function RouteError() {
  const { status, title, message } = describe(useRouteError());
  return (
    <div className="error-panel" role="alert">
      {status ? <div className="error-status">{status}</div> : null}
      <h1>{title}</h1>
      {message && message !== title ? <p className="muted">{message}</p> : null}
      <div className="error-actions">
        <Link className="btn" to="/">
          Go home
        </Link>
        <button type="button" className="btn btn-quiet" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    </div>
  );
}
