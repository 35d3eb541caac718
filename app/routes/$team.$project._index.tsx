/**
 * `/{team}/{project}`: the project's runs, kept current by the live feed without reloading. A
 * project whose first run has not arrived yet shows how to log one and polls until it exists.
 */
import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { EmptyState } from "~/components/empty-state";
import { RunsIcon } from "~/components/icons";
import { FirstRunSnippet } from "~/components/first-run-snippet";
import { LiveIndicator } from "~/components/live-indicator";
import { PageHeader } from "~/components/page-header";
import { RouteError } from "~/components/route-error";
import { RunsTable } from "~/components/runs-table";
import { loadProjectRuns } from "~/data/project-runs.server";
import { useLiveData } from "~/hooks/use-live-data";
import type { RunRow } from "~/lib/runs";
import { requireSignedIn } from "~/utils/auth.server";
import { orRespond } from "~/utils/errors.server";
import { getServices, publicOrigin } from "~/utils/services.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.project} · ${data.team} · Folio` : "Project · Folio" }];

const DEFAULT_LIMIT = 200;
const PENDING_POLL_MS = 3000;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const services = getServices(context);
  const { user } = await requireSignedIn(services, request);
  const asked = Number(new URL(request.url).searchParams.get("limit"));
  const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 1000) : DEFAULT_LIMIT;
  const page = await orRespond(() => loadProjectRuns(services.db, user, params.team ?? "", params.project ?? "", limit));
  return { ...page, limit, origin: publicOrigin(services, request) };
}

function Counts({ runs }: { runs: RunRow[] }) {
  const by = (s: RunRow["state"]) => runs.filter((r) => r.state === s).length;
  const items: [string, number, string][] = [
    ["running", by("running"), "running"],
    ["finished", by("finished"), "finished"],
    ["failed", by("failed"), "failed"],
    ["crashed", by("crashed"), "crashed"],
  ];
  return (
    <div className="counts" data-testid="run-counts">
      <span className="strong">
        {runs.length} {runs.length === 1 ? "run" : "runs"}
      </span>
      {items
        .filter(([, n]) => n > 0)
        .map(([label, n, state]) => (
          <span key={label} className={`count count-${state}`}>
            <span className="count-dot" aria-hidden="true" /> {n} {label}
          </span>
        ))}
    </div>
  );
}

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

type Ready = Extract<SerializeFrom<typeof loader>, { status: "ready" }>;

function Runs({ initial }: { initial: Ready }) {
  const { data, status } = useLiveData(initial, `${initial.team}/${initial.project}`, { index: true });
  // The project cannot turn "pending" again while we watch it, short of being deleted.
  const { team, project, runs, hasMore, limit, origin } = data.status === "ready" ? data : initial;
  const [filter, setFilter] = useState("");
  return (
    <div className="page page-wide">
      <PageHeader
        crumbs={[{ label: team, to: `/${encodeURIComponent(team)}` }]}
        title={project}
        subtitle={<Counts runs={runs} />}
        actions={
          <>
            <LiveIndicator status={status} />
            {runs.length > 0 ? (
              <label className="search">
                <span className="sr-only">Filter runs</span>
                <input
                  type="search"
                  placeholder="Filter runs…"
                  value={filter}
                  onChange={(e) => setFilter(e.target.value)}
                  data-hotkey="search"
                  aria-keyshortcuts="/"
                />
                <kbd>/</kbd>
              </label>
            ) : null}
          </>
        }
      />
      {runs.length === 0 ? (
        <EmptyState title="No runs yet" icon={<RunsIcon size={18} />}>
          <p>Log a run into <code className="inline-code">{`${team}/${project}`}</code> and watch it arrive here live.</p>
          <FirstRunSnippet origin={origin} project={`${team}/${project}`} />
        </EmptyState>
      ) : (
        <>
          <RunsTable team={team} project={project} runs={runs} filter={filter} />
          {hasMore ? (
            <p className="table-note">
              Showing the newest {runs.length} runs. <Link to={`?limit=${Math.min(limit * 2, 1000)}`} preventScrollReset>Show more</Link>
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}

export default function ProjectPage() {
  const data = useLoaderData<typeof loader>();
  if (data.status === "pending") return <Pending team={data.team} project={data.project} origin={data.origin} />;
  return <Runs initial={data} />;
}

export function ErrorBoundary() {
  return (
    <div className="page">
      <RouteError />
    </div>
  );
}
