/**
 * `/{team}/{project}`: the runs browser. The URL carries the whole view (filter, search, sort,
 * grouping, columns, hidden runs, colors: app/lib/run-view.ts), so a link shares it exactly.
 *
 * The loader answers the page and, through fetchers, the browser's follow-up reads with the same
 * view: `_page=<cursor>` (next page, optionally within `_group=<key JSON>`), `_ids=a,b` (live
 * re-reads of changed runs) and `_groups=1` (fresh group aggregates). A project whose first run has
 * not arrived yet shows how to log one and polls until it exists.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { EmptyState } from "~/components/empty-state";
import { FirstRunSnippet } from "~/components/first-run-snippet";
import { RunsIcon } from "~/components/icons";
import { PageHeader } from "~/components/page-header";
import { RouteError } from "~/components/route-error";
import { RunsBrowser } from "~/components/runs-browser";
import { loadProjectFields, loadRunGroups, loadRunsPage, projectStatus } from "~/data/project-runs.server";
import { defaultColumns } from "~/lib/run-columns";
import { groupFilter, viewFromSearchParams } from "~/lib/run-view";
import { requireSignedIn } from "~/utils/auth.server";
import { fail, orRespond } from "~/utils/errors.server";
import { getServices, publicOrigin } from "~/utils/services.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data && "project" in data ? `${data.project} · ${data.team} · Folio` : "Project · Folio" }];

/** Rows in the first answer; later pages are bigger (they arrive while scrolling). */
const FIRST_PAGE = 200;
const NEXT_PAGE = 500;
const MAX_IDS = 500;
const PENDING_POLL_MS = 3000;

function jsonParam(text: string | null, what: string): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return fail(400, `${what} is not valid JSON`);
  }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const services = getServices(context);
  const { db, dbKind } = services;
  const { user } = await requireSignedIn(services, request);
  const url = new URL(request.url);
  const sp = url.searchParams;
  const found = await orRespond(() => projectStatus(db, user, params.team ?? "", params.project ?? ""));
  if (found.status === "pending") return { mode: "pending" as const, team: found.team, project: found.project, origin: publicOrigin(services, request) };
  const { team, project } = found;
  const ref = `${team}/${project}`;
  const view = viewFromSearchParams(sp);
  const askedCols = jsonParam(sp.get("_cols"), "_cols");
  const cols = Array.isArray(askedCols) ? askedCols.filter((c): c is string => typeof c === "string").slice(0, 60) : null;

  if (sp.has("_ids")) {
    const ids = (sp.get("_ids") ?? "").split(",").filter(Boolean).slice(0, MAX_IDS);
    const page = await orRespond(() => loadRunsPage(db, user, ref, view, cols ?? [], { limit: MAX_IDS, filter: { field: "id", op: "in", value: ids }, dbKind }));
    return { mode: "ids" as const, asked: ids, rows: page.ok ? page.value.rows : [] };
  }
  if (sp.has("_page")) {
    const groupKey = sp.has("_group") ? jsonParam(sp.get("_group"), "_group") : undefined;
    const filter = groupKey !== undefined && view.groupBy ? groupFilter(view.groupBy, groupKey) : null;
    const page = await orRespond(() =>
      loadRunsPage(db, user, ref, view, cols ?? [], { limit: NEXT_PAGE, cursor: sp.get("_page") || null, filter, dbKind }),
    );
    return { mode: "page" as const, group: groupKey === undefined ? null : JSON.stringify(groupKey), page: page.ok ? page.value : null, problem: page.ok ? null : page.problem };
  }
  if (sp.has("_groups")) {
    const groups = view.groupBy ? await orRespond(() => loadRunGroups(db, user, ref, view, cols ?? [], dbKind)) : null;
    return { mode: "groups" as const, groups: groups?.ok ? groups.value : null };
  }

  const fields = await orRespond(() => loadProjectFields(db, user, ref));
  const columns = view.columns ?? defaultColumns(fields);
  const wanted = [...new Set([...columns, ...view.sort.map((s) => s.field), ...(view.groupBy ? [view.groupBy] : [])])];
  const [page, groups] = view.invalidFilter
    ? [{ ok: false as const, problem: { message: "filter: is not valid JSON", path: "filter" } }, null]
    : await Promise.all([
        orRespond(() => loadRunsPage(db, user, ref, view, wanted, { limit: FIRST_PAGE, dbKind })),
        view.groupBy ? orRespond(() => loadRunGroups(db, user, ref, view, columns, dbKind)) : Promise.resolve(null),
      ]);
  return {
    mode: "full" as const,
    team,
    project,
    origin: publicOrigin(services, request),
    fields,
    columns,
    defaultColumns: defaultColumns(fields),
    wanted,
    page: page.ok ? page.value : { rows: [], total: 0, nextCursor: null },
    groups: groups?.ok ? groups.value : null,
    problem: !page.ok ? page.problem : groups && !groups.ok ? groups.problem : null,
  };
}

/**
 * Display-only parameters (hidden runs, colors, pins, the shown statistic) and a new column order
 * need no new data.
 */
const DISPLAY_ONLY = new Set(["hide", "colors", "pin", "agg"]);

export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) => {
  // Explicit revalidations (live resync, the pending page's poll) keep the URL: always honour them.
  if (formMethod || currentUrl.pathname !== nextUrl.pathname || currentUrl.search === nextUrl.search) return defaultShouldRevalidate;
  const rest = (u: URL) => {
    const p = new URLSearchParams(u.search);
    for (const k of DISPLAY_ONLY) p.delete(k);
    const cols = p.get("cols");
    if (cols) {
      try {
        p.set("cols", JSON.stringify((JSON.parse(cols) as string[]).slice().sort()));
      } catch {
        // An unreadable value compares as written.
      }
    }
    p.sort();
    return p.toString();
  };
  return rest(currentUrl) === rest(nextUrl) ? false : defaultShouldRevalidate;
};

/** Until the project exists there is no feed to follow: poll. */
function usePoll(ms: number) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  useEffect(() => {
    latest.current = revalidator;
  });
  useEffect(() => {
    const id = window.setInterval(() => {
      if (latest.current.state === "idle") latest.current.revalidate();
    }, ms);
    return () => window.clearInterval(id);
  }, [ms]);
}

function Pending({ team, project, origin }: { team: string; project: string; origin: string }) {
  usePoll(PENDING_POLL_MS);
  return (
    <div className="page">
      <PageHeader crumbs={[{ label: team, to: `/${encodeURIComponent(team)}` }]} title={project} subtitle={<span className="waiting">Waiting for the first run…</span>} />
      <EmptyState title="No runs yet" icon={<RunsIcon size={18} />}>
        <p>This project is created by its first run. Log one from a terminal and it appears here without reloading.</p>
        <FirstRunSnippet origin={origin} project={`${team}/${project}`} />
      </EmptyState>
    </div>
  );
}

export default function ProjectPage() {
  const data = useLoaderData<typeof loader>();
  if (data.mode === "pending") return <Pending team={data.team} project={data.project} origin={data.origin} />;
  if (data.mode !== "full") throw new Error("the project page rendered a partial answer");
  return <RunsBrowser data={data} />;
}

export function ErrorBoundary() {
  return (
    <div className="page">
      <RouteError />
    </div>
  );
}
