/**
 * `/{team}/{project}/runs/{id}`: a run's page: a chart per logged metric (growing live while the run
 * logs), its overview (state, config, summary, where and how it ran, the git patch) and editable
 * notes. The loader data follows the live feed (`useLiveData`); the charts refetch their series
 * whenever that data says the run logged (`refreshKey`).
 */
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { z } from "zod";
import { KeyValueTable } from "~/components/key-value-table";
import { LiveIndicator } from "~/components/live-indicator";
import { MetricCharts } from "~/components/metric-charts";
import { PageHeader } from "~/components/page-header";
import { PatchViewer } from "~/components/patch-viewer";
import { RelativeTime } from "~/components/relative-time";
import { RouteError } from "~/components/route-error";
import { MAX_NOTES, RunNotes, type NotesResult } from "~/components/run-notes";
import { StateBadge } from "~/components/state-badge";
import { loadRunPage, saveRunNotes } from "~/data/run-page.server";
import { useLiveData } from "~/hooks/use-live-data";
import { useNow } from "~/hooks/use-now";
import { formatDuration, formatTimestamp, formatValue } from "~/lib/format";
import { runDurationMs } from "~/lib/runs";
import { requireSignedIn } from "~/utils/auth.server";
import { requireMutation } from "~/utils/csrf.server";
import { formError, orRespond } from "~/utils/errors.server";
import { parseForm } from "~/utils/form.server";
import { getServices } from "~/utils/services.server";
import runPageHref from "~/styles/run-page.css?url";

/** The run page's own styles (charts, notes editor, diff viewer). */
export const links: LinksFunction = () => [{ rel: "stylesheet", href: runPageHref }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.run.displayName ?? data.run.name} · ${data.run.project} · Folio` : "Run · Folio" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const services = getServices(context);
  const { user } = await requireSignedIn(services, request);
  const page = await orRespond(() => loadRunPage(services.db, user, params.team ?? "", params.project ?? "", params.runId ?? ""));
  if ("canonical" in page) throw redirect(page.canonical);
  return page;
}

const RunAction = z.object({
  intent: z.literal("notes"),
  notes: z.string().max(MAX_NOTES, `Keep the notes under ${MAX_NOTES.toLocaleString("en-US")} characters`),
});

/** Saves the notes (`RunNotes`): CSRF-checked, validated, then the run patch service. */
export async function action(args: ActionFunctionArgs) {
  const { services, user, form } = await requireMutation(args);
  const parsed = parseForm(RunAction, form);
  if (!parsed.ok) return parsed.response;
  const { team = "", project = "", runId = "" } = args.params;
  try {
    const saved: NotesResult = { saved: true, notes: await saveRunNotes(services.db, user, team, project, runId, parsed.value.notes) };
    return saved;
  } catch (error) {
    return formError(error);
  }
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="detail">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export default function RunPage() {
  const initial = useLoaderData<typeof loader>();
  const { data, status } = useLiveData(initial, initial.run.project, { relevant: (e) => e.runs.includes(initial.run.id) });
  const { run, metrics } = data;
  const [team, project] = run.project.split("/");
  const now = useNow(1000);
  const git = run.git;
  const runHref = `/${encodeURIComponent(team)}/${encodeURIComponent(project)}/runs/${encodeURIComponent(run.id)}`;
  const metricKeys = useMemo(() => metrics.map((m) => m.key), [metrics]);
  // Changes whenever the run may have new points: the charts refetch (throttled) on each change.
  const refreshKey = `${run.state}|${run.lastStep}|${metrics.length}|${metrics.reduce((n, m) => n + m.lastStep, 0)}`;
  return (
    <div className="page page-wide">
      <PageHeader
        crumbs={[
          { label: team, to: `/${encodeURIComponent(team)}` },
          { label: project, to: `/${encodeURIComponent(team)}/${encodeURIComponent(project)}` },
        ]}
        title={<span data-testid="run-title">{run.displayName ?? run.name}</span>}
        subtitle={
          <span className="run-meta">
            <StateBadge state={run.state} exitCode={run.exitCode} />
            {run.displayName ? <span>{run.name}</span> : null}
            <span className="mono">{run.id}</span>
            <span>
              started <RelativeTime iso={run.createdAt} now={now} />
            </span>
            <span suppressHydrationWarning>ran {formatDuration(runDurationMs(run, now))}</span>
            {run.lastStep !== null ? <span>step {run.lastStep}</span> : null}
          </span>
        }
        actions={<LiveIndicator status={status} />}
      />
      <MetricCharts runId={run.id} keys={metricKeys} refreshKey={refreshKey} />
      <div className="run-grid">
        <div className="run-main">
          <section className="card">
            <h2 className="card-title">Summary</h2>
            <KeyValueTable data={run.summary} empty="Nothing logged yet." testId="run-summary" />
          </section>
          <section className="card">
            <h2 className="card-title">Config</h2>
            <KeyValueTable data={run.config} empty="No config was logged." testId="run-config" />
          </section>
          <RunNotes notes={run.notes} />
          {git?.patch ? <PatchViewer summary={git.patch} fullHref={`${runHref}/patch`} /> : null}
          {metrics.length > 0 ? (
            <section className="card">
              <details>
                <summary className="card-title metrics-table-toggle">Metrics table <span className="muted small">{metrics.length}</span></summary>
                <table className="table compact">
                  <thead>
                    <tr>
                      <th scope="col">Key</th>
                      <th scope="col" className="num">Last step</th>
                      <th scope="col" className="num">Last value</th>
                    </tr>
                  </thead>
                  <tbody>
                    {metrics.map((m) => (
                      <tr key={m.key}>
                        <td className="mono">{m.key}</td>
                        <td className="num">{m.lastStep}</td>
                        <td className="num">{formatValue(m.lastValue)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </section>
          ) : null}
        </div>
        <aside className="run-side">
          <section className="card">
            <h2 className="card-title">Overview</h2>
            <dl className="details">
              <Detail label="State">
                <StateBadge state={run.state} exitCode={run.exitCode} />
                {run.exitCode !== null ? <span className="muted small"> exit code {run.exitCode}</span> : null}
              </Detail>
              <Detail label="Created">{formatTimestamp(run.createdAt)}</Detail>
              {run.finishedAt ? <Detail label="Finished">{formatTimestamp(run.finishedAt)}</Detail> : null}
              <Detail label="Last heartbeat"><RelativeTime iso={run.heartbeatAt} now={now} /></Detail>
              {run.host ? <Detail label="Host"><span className="mono">{run.host}</span></Detail> : null}
              {run.command ? (
                <Detail label="Command">
                  <code className="code-block">{run.command}</code>
                </Detail>
              ) : null}
              {git?.commit ? (
                <Detail label="Git commit">
                  <span className="mono" title={git.commit}>{git.commit.slice(0, 12)}</span>
                  {git.patchLines ? <span className="pill pill-warn" title="Uncommitted changes were recorded">dirty · {git.patchLines} lines</span> : null}
                </Detail>
              ) : null}
              {git?.remote ? <Detail label="Git remote"><span className="mono break">{git.remote}</span></Detail> : null}
              {run.group ? <Detail label="Group">{run.group}</Detail> : null}
              {run.jobType ? <Detail label="Job type">{run.jobType}</Detail> : null}
              {run.tags.length > 0 ? (
                <Detail label="Tags">
                  <span className="tags">{run.tags.map((t, i) => <span key={`${i}:${t}`} className="tag">{t}</span>)}</span>
                </Detail>
              ) : null}
            </dl>
          </section>
          {run.runtime && Object.keys(run.runtime).length > 0 ? (
            <section className="card">
              <h2 className="card-title">Runtime</h2>
              <KeyValueTable data={run.runtime} empty="" />
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <div className="page">
      <RouteError />
    </div>
  );
}
