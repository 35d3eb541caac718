/**
 * A project's runs: state, timing, and the summary keys most runs share as columns. Sorting and
 * filtering happen here in the browser over the loaded page; rows that arrive live flash once.
 * Every string in it (names, tags, metric keys) comes from API clients, so it is rendered as text.
 */
import { Link } from "@remix-run/react";
import { useMemo, useRef, useState } from "react";
import { useNow } from "~/hooks/use-now";
import { formatDuration, formatValue, isNumeric } from "~/lib/format";
import { runDurationMs, type RunRow } from "~/lib/runs";
import { summaryColumns } from "~/lib/summary-columns";
import { RelativeTime } from "./relative-time";
import { StateBadge } from "./state-badge";

type SortKey = "name" | "state" | "created" | "duration" | "step" | `summary:${string}`;
type Sort = { key: SortKey; dir: 1 | -1 };

const STATE_ORDER = { running: 0, crashed: 1, failed: 2, finished: 3 } as const;
const FRESH_MS = 1800;

function sortValue(run: RunRow, key: SortKey, now: number): number | string | null {
  switch (key) {
    case "name": return (run.displayName ?? run.name).toLowerCase();
    case "state": return STATE_ORDER[run.state] ?? 9;
    case "created": return Date.parse(run.createdAt);
    case "duration": return runDurationMs(run, now);
    case "step": return run.lastStep;
    default: {
      const v = run.summary[key.slice("summary:".length)];
      return typeof v === "number" ? v : typeof v === "string" ? v : null;
    }
  }
}

function compare(a: number | string | null, b: number | string | null): number {
  // Missing and NaN sort last whatever the direction: see `sorted` below.
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

const missing = (v: number | string | null) => v === null || v === "NaN" || (typeof v === "number" && Number.isNaN(v));

function matches(run: RunRow, q: string): boolean {
  if (!q) return true;
  const hay = [run.name, run.displayName ?? "", run.id, run.group ?? "", run.jobType ?? "", ...run.tags].join("\n").toLowerCase();
  return q.toLowerCase().split(/\s+/).filter(Boolean).every((word) => hay.includes(word));
}

/** The runs table of `team/project`. */
export function RunsTable({ team, project, runs, filter }: { team: string; project: string; runs: RunRow[]; filter: string }) {
  const now = useNow(1000);
  const [sort, setSort] = useState<Sort>({ key: "created", dir: -1 });
  const columns = useMemo(() => summaryColumns(runs.map((r) => r.summary)), [runs]);

  // Remember when each run was first shown, so rows that arrive later (live) can flash.
  const firstSeen = useRef<Map<string, number> | null>(null);
  if (firstSeen.current === null) firstSeen.current = new Map(runs.map((r) => [r.id, 0]));
  for (const r of runs) if (!firstSeen.current.has(r.id)) firstSeen.current.set(r.id, Date.now());

  const visible = useMemo(() => {
    const list = runs.filter((r) => matches(r, filter));
    return list
      .map((run) => ({ run, v: sortValue(run, sort.key, now) }))
      .sort((a, b) => (missing(a.v) ? 1 : 0) - (missing(b.v) ? 1 : 0) || compare(a.v, b.v) * sort.dir)
      .map((x) => x.run);
    // `now` only matters when sorting by a running duration; avoid re-sorting every second otherwise.
  }, [runs, filter, sort, sort.key === "duration" ? now : 0]);

  const header = (key: SortKey, label: string, opts: { numeric?: boolean; title?: string; className?: string } = {}) => {
    const active = sort.key === key;
    return (
      <th
        key={key}
        scope="col"
        className={[opts.numeric ? "num" : "", opts.className ?? ""].join(" ").trim() || undefined}
        aria-sort={active ? (sort.dir === 1 ? "ascending" : "descending") : "none"}
        title={opts.title}
      >
        <button
          type="button"
          className={`th-sort${active ? " is-active" : ""}`}
          // A new column sorts descending (largest, newest first), except names (A→Z).
          onClick={() => setSort((s) => ({ key, dir: s.key === key ? ((-s.dir) as 1 | -1) : key === "name" ? 1 : -1 }))}
        >
          <span className="th-label">{label}</span>
          <span className="th-arrow" aria-hidden="true">{active ? (sort.dir === 1 ? "↑" : "↓") : ""}</span>
        </button>
      </th>
    );
  };

  const runPath = (id: string) => `/${encodeURIComponent(team)}/${encodeURIComponent(project)}/runs/${encodeURIComponent(id)}`;

  return (
    <div className="table-wrap">
      <table className="table runs-table" data-testid="runs-table">
        <thead>
          <tr>
            {header("name", "Name")}
            {header("state", "State")}
            {header("created", "Created")}
            {header("duration", "Duration", { numeric: true })}
            {header("step", "Step", { numeric: true })}
            {columns.map((key) => header(`summary:${key}`, key, { numeric: true, title: key, className: "summary-col" }))}
          </tr>
        </thead>
        <tbody>
          {visible.map((run) => {
            const seenAt = firstSeen.current!.get(run.id) ?? 0;
            const fresh = seenAt > 0 && Date.now() - seenAt < FRESH_MS;
            return (
              <tr key={run.id} data-testid="run-row" data-run-id={run.id} data-state={run.state} className={`row-${run.state}${fresh ? " is-fresh" : ""}`}>
                <td className="cell-name">
                  <Link to={runPath(run.id)} className="run-link" prefetch="intent">
                    <span className="run-name">{run.displayName ?? run.name}</span>
                  </Link>
                  <div className="run-sub">
                    {run.displayName ? <span>{run.name}</span> : null}
                    <span className="mono">{run.id}</span>
                    {run.tags.slice(0, 3).map((t, i) => (
                      <span key={`${i}:${t}`} className="tag">{t}</span>
                    ))}
                    {run.tags.length > 3 ? <span className="muted">+{run.tags.length - 3}</span> : null}
                  </div>
                </td>
                <td>
                  <StateBadge state={run.state} exitCode={run.exitCode} />
                </td>
                <td className="nowrap muted">
                  <RelativeTime iso={run.createdAt} now={now} />
                </td>
                <td className="num nowrap" suppressHydrationWarning>
                  {formatDuration(runDurationMs(run, now))}
                </td>
                <td className="num">{run.lastStep ?? "—"}</td>
                {columns.map((key) => {
                  const value = run.summary[key];
                  return (
                    <td key={key} className={`${isNumeric(value) ? "num" : ""} summary-cell`} title={value === undefined ? undefined : `${key}: ${formatValue(value)}`} data-key={key}>
                      {value === undefined ? <span className="muted">—</span> : formatValue(value)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {visible.length === 0 ? <p className="table-note">No runs match “{filter}”.</p> : null}
    </div>
  );
}
