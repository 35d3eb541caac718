/**
 * `/{team}/{project}/runs/{id}`: a run's overview (state, config, summary, where and how it ran),
 * following the live feed. Charts come with the full run page later.
 */
import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { KeyValueTable } from "~/components/key-value-table";
import { LiveIndicator } from "~/components/live-indicator";
import { PageHeader } from "~/components/page-header";
import { RelativeTime } from "~/components/relative-time";
import { RouteError } from "~/components/route-error";
import { StateBadge } from "~/components/state-badge";
import { loadRunPage } from "~/data/run-page.server";
import { useLiveData } from "~/hooks/use-live-data";
import { useNow } from "~/hooks/use-now";
import { formatDuration, formatTimestamp, formatValue } from "~/lib/format";
import { runDurationMs } from "~/lib/runs";
import { requireSignedIn } from "~/utils/auth.server";
import { orRespond } from "~/utils/errors.server";
import { getServices } from "~/utils/services.server";

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
      <div className="run-grid">
        <div className="run-main">
          <section className="card">
            <h2 className="card-title">Summary</h2>
            <KeyValueTable data={run.summary} empty="Nothing logged yet." testId="run-summary" />
          </section>
          {metrics.length > 0 ? (
            <section className="card">
              <h2 className="card-title">Metrics <span className="muted small">{metrics.length}</span></h2>
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
            </section>
          ) : null}
          <section className="card">
            <h2 className="card-title">Config</h2>
            <KeyValueTable data={run.config} empty="No config was logged." testId="run-config" />
          </section>
          {run.notes ? (
            <section className="card">
              <h2 className="card-title">Notes</h2>
              <p className="notes">{run.notes}</p>
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
