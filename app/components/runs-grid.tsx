/**
 * The runs table itself: a windowed list (app/hooks/use-virtual-rows.ts) of run rows, group rows
 * with aggregate cells, and "load more" rows, under a sticky header whose columns sort on click
 * (Shift adds a secondary key) and reorder by drag. The controls column and the name, plus any
 * pinned columns, stay put while the rest scrolls sideways. Every string in it (names, tags, keys,
 * config values) comes from API clients and is rendered as text.
 */
import { Link } from "@remix-run/react";
import { useEffect, useRef, type ReactNode, type RefObject } from "react";
import { useVirtualRows } from "~/hooks/use-virtual-rows";
import { formatDuration, formatValue, isNumeric } from "~/lib/format";
import { columnLabel, columnRoot, fieldKind, isNumericField } from "~/lib/run-columns";
import { runColor } from "~/lib/run-colors";
import type { RunGroupView } from "~/lib/run-groups";
import type { Aggregate, ViewSort } from "~/lib/run-view";
import { runDurationMs, type RunRow } from "~/lib/runs";
import { EyeIcon, EyeOffIcon } from "./icons";
import { RelativeTime } from "./relative-time";
import { StateBadge } from "./state-badge";

/** One line of the grid. */
export type GridItem =
  | { kind: "run"; row: RunRow; depth: 0 | 1 }
  | { kind: "group"; group: RunGroupView; keyJson: string; expanded: boolean; loaded: number }
  | { kind: "more"; group: string | null; loading: boolean; remaining: number | null };

/** Row height in px: fixed, so windowing is exact (keep in sync with `.runs-grid tr` in CSS). */
export const ROW_HEIGHT = 40;
const CONTROLS_W = 92;
const NAME_W = 260;
const PINNED_W = 150;
const FRESH_MS = 1800;

interface Props {
  items: GridItem[];
  columns: string[];
  pinned: string[];
  sort: ViewSort[];
  colors: Record<string, string>;
  hidden: Set<string>;
  selected: Set<string>;
  groupBy: string | null;
  aggregate: Aggregate;
  now: number;
  runPath: (id: string) => string;
  scrollRef: RefObject<HTMLDivElement>;
  firstSeen: Map<string, number>;
  onSort: (field: string, add: boolean) => void;
  onReorder: (field: string, before: string) => void;
  onSelect: (id: string, range: boolean) => void;
  onSelectAll: (select: boolean) => void;
  onToggleHidden: (id: string) => void;
  onColor: (id: string, color: string) => void;
  onToggleGroup: (keyJson: string) => void;
  onNearEnd: () => void;
}

function cell(row: RunRow, field: string, now: number): ReactNode {
  switch (field) {
    case "state": return <StateBadge state={row.state} exitCode={row.exitCode} />;
    case "createdAt": return <RelativeTime iso={row.createdAt} now={now} />;
    case "finishedAt": return row.finishedAt ? <RelativeTime iso={row.finishedAt} now={now} /> : <span className="muted">—</span>;
    case "heartbeatAt": return <RelativeTime iso={row.heartbeatAt} now={now} />;
    case "duration": return <span suppressHydrationWarning>{formatDuration(runDurationMs(row, now))}</span>;
    case "lastStep": return row.lastStep ?? <span className="muted">—</span>;
    case "tags": return row.tags.length ? <span className="tags">{row.tags.map((t, i) => <span key={`${i}:${t}`} className="tag">{t}</span>)}</span> : <span className="muted">—</span>;
    case "group": return row.group ?? <span className="muted">—</span>;
    case "jobType": return row.jobType ?? <span className="muted">—</span>;
    case "id": return <span className="mono">{row.id}</span>;
    default: {
      const v = row.values[field];
      return v === undefined ? <span className="muted">—</span> : formatValue(v);
    }
  }
}

/** Durations aggregate in seconds (the query language's unit) and read as durations. */
const statValue = (field: string, v: number) => (field === "duration" ? formatDuration(v * 1000) : formatValue(v));

function statText(field: string, stats: RunGroupView["columns"][string] | undefined, aggregate: Aggregate): ReactNode {
  if (!stats || stats.count === 0) return <span className="muted">—</span>;
  if (aggregate === "count") return stats.count;
  const v = stats[aggregate];
  if (v === null) return <span className="muted">—</span>;
  return (
    <>
      {statValue(field, v)}
      {aggregate === "mean" && stats.std !== null ? <span className="stat-pm"> ± {statValue(field, stats.std)}</span> : null}
    </>
  );
}

function statTitle(field: string, s: RunGroupView["columns"][string] | undefined): string | undefined {
  if (!s) return undefined;
  const f = (v: number | null) => (v === null ? "—" : formatValue(v));
  return `${field}\nn = ${s.count}\nmean = ${f(s.mean)}\nmin = ${f(s.min)}\nmax = ${f(s.max)}\nstd = ${f(s.std)}\nstderr = ${f(s.stderr)}`;
}

/** Group keys read as their value; strings without quotes. */
export function groupKeyLabel(key: unknown): string {
  if (key === null || key === undefined) return "(no value)";
  return typeof key === "string" ? key : JSON.stringify(key);
}

/** The grid. */
export function RunsGrid(p: Props) {
  const { items, sort, now } = p;
  const ordered = [...p.columns.filter((c) => p.pinned.includes(c)), ...p.columns.filter((c) => !p.pinned.includes(c))];
  const pinnedCount = p.columns.filter((c) => p.pinned.includes(c)).length;
  const win = useVirtualRows(p.scrollRef, items.length, ROW_HEIGHT);
  const runsShown = items.filter((i): i is Extract<GridItem, { kind: "run" }> => i.kind === "run");
  const allSelected = runsShown.length > 0 && runsShown.every((i) => p.selected.has(i.row.id));

  const nearEnd = win.end >= items.length - 5;
  const onNearEnd = useRef(p.onNearEnd);
  onNearEnd.current = p.onNearEnd;
  useEffect(() => {
    if (nearEnd) onNearEnd.current();
    // Any new list (a page arrived, the data was reloaded) may need the next page: ask again.
  }, [nearEnd, items]);

  const stickyStyle = (index: number) => ({ left: CONTROLS_W + NAME_W + index * PINNED_W, width: PINNED_W, minWidth: PINNED_W, maxWidth: PINNED_W });
  const colClass = (field: string, i: number) =>
    [isNumericField(field) || fieldKind(field) === "number" ? "num" : "", i < pinnedCount ? "sticky-col" : "", i === pinnedCount - 1 ? "sticky-last" : ""].filter(Boolean).join(" ");

  const header = (field: string, i: number) => {
    const active = sort.findIndex((s) => s.field === field);
    const dir = active >= 0 ? sort[active].order : null;
    return (
      <th
        key={field}
        scope="col"
        className={colClass(field, i)}
        style={i < pinnedCount ? stickyStyle(i) : undefined}
        aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none"}
        title={field}
        draggable
        data-field={field}
        onDragStart={(e) => {
          e.dataTransfer.setData("text/x-folio-column", field);
          e.dataTransfer.effectAllowed = "move";
        }}
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes("text/x-folio-column")) e.preventDefault();
        }}
        onDrop={(e) => {
          const from = e.dataTransfer.getData("text/x-folio-column");
          if (from && from !== field) p.onReorder(from, field);
        }}
      >
        <button type="button" className={`th-sort${dir ? " is-active" : ""}`} onClick={(e) => p.onSort(field, e.shiftKey)} data-testid="column-header">
          {columnRoot(field) !== "run" ? <span className={`th-root root-${columnRoot(field)}`}>{columnRoot(field) === "config" ? "c" : "s"}</span> : null}
          <span className="th-label">{columnLabel(field)}</span>
          <span className="th-arrow" aria-hidden="true">
            {dir === "asc" ? "↑" : dir === "desc" ? "↓" : ""}
            {dir && sort.length > 1 ? <sub>{active + 1}</sub> : null}
          </span>
        </button>
      </th>
    );
  };

  const colSpan = 2 + ordered.length;
  const visible = items.slice(win.start, win.end);

  return (
    <table className="table runs-grid" data-testid="runs-table" aria-rowcount={items.length}>
      <thead>
        <tr>
          <th scope="col" className="sticky-col col-controls" style={{ left: 0, width: CONTROLS_W, minWidth: CONTROLS_W }}>
            <input type="checkbox" aria-label="Select all loaded runs" checked={allSelected} onChange={(e) => p.onSelectAll(e.target.checked)} />
          </th>
          <th scope="col" className={`sticky-col col-name${pinnedCount === 0 ? " sticky-last" : ""}`} style={{ left: CONTROLS_W, width: NAME_W, minWidth: NAME_W }} aria-sort={sort[0]?.field === "name" ? (sort[0].order === "asc" ? "ascending" : "descending") : "none"}>
            <button type="button" className={`th-sort${sort.some((s) => s.field === "name") ? " is-active" : ""}`} onClick={(e) => p.onSort("name", e.shiftKey)} data-testid="column-header">
              <span className="th-label">{p.groupBy ? `Name · grouped by ${p.groupBy}` : "Name"}</span>
              <span className="th-arrow" aria-hidden="true">{sort.find((s) => s.field === "name")?.order === "asc" ? "↑" : sort.find((s) => s.field === "name") ? "↓" : ""}</span>
            </button>
          </th>
          {ordered.map(header)}
        </tr>
      </thead>
      <tbody>
        {win.padTop > 0 ? <tr aria-hidden="true" className="spacer-row" style={{ height: win.padTop }}><td colSpan={colSpan} /></tr> : null}
        {visible.map((item) => {
          if (item.kind === "more") {
            return (
              <tr key={`more:${item.group ?? ""}`} className="more-row" data-testid="more-row">
                <td colSpan={colSpan}>
                  <span className="muted">{item.loading ? "Loading more runs…" : item.remaining !== null ? `${item.remaining} more runs` : "More runs"}</span>
                </td>
              </tr>
            );
          }
          if (item.kind === "group") {
            const g = item.group;
            return (
              <tr key={`group:${item.keyJson}`} className={`group-row${item.expanded ? " is-expanded" : ""}`} data-testid="group-row" data-key={groupKeyLabel(g.key)}>
                <td className="sticky-col col-controls" style={{ left: 0 }}>
                  <button type="button" className="icon-btn chevron" aria-expanded={item.expanded} aria-label={`${item.expanded ? "Collapse" : "Expand"} group ${groupKeyLabel(g.key)}`} onClick={() => p.onToggleGroup(item.keyJson)}>
                    {item.expanded ? "▾" : "▸"}
                  </button>
                </td>
                <td className={`sticky-col col-name${pinnedCount === 0 ? " sticky-last" : ""}`} style={{ left: CONTROLS_W }}>
                  <button type="button" className="group-name" onClick={() => p.onToggleGroup(item.keyJson)}>
                    <span className="group-key">{groupKeyLabel(g.key)}</span>
                    <span className="pill" data-testid="group-count">{g.count} {g.count === 1 ? "run" : "runs"}</span>
                  </button>
                </td>
                {ordered.map((field, i) => (
                  <td key={field} className={`${colClass(field, i)} group-stat`} style={i < pinnedCount ? stickyStyle(i) : undefined} data-field={field} title={statTitle(field, g.columns[field])} data-testid="group-stat">
                    {isNumericField(field) ? statText(field, g.columns[field], p.aggregate) : null}
                  </td>
                ))}
              </tr>
            );
          }
          const run = item.row;
          const color = runColor(run.id, p.colors);
          const isHidden = p.hidden.has(run.id);
          const seenAt = p.firstSeen.get(run.id) ?? 0;
          const fresh = seenAt > 0 && Date.now() - seenAt < FRESH_MS;
          return (
            <tr
              key={run.id}
              data-testid="run-row"
              data-run-id={run.id}
              data-state={run.state}
              data-hidden={isHidden ? "true" : undefined}
              className={`row-${run.state}${fresh ? " is-fresh" : ""}${isHidden ? " is-hidden" : ""}${p.selected.has(run.id) ? " is-selected" : ""}${item.depth ? " in-group" : ""}`}
            >
              <td className="sticky-col col-controls" style={{ left: 0 }}>
                <span className="row-controls">
                  <input
                    type="checkbox"
                    aria-label={`Select ${run.displayName ?? run.name}`}
                    checked={p.selected.has(run.id)}
                    onChange={() => undefined}
                    onClick={(e) => p.onSelect(run.id, e.shiftKey)}
                  />
                  <label className="swatch" style={{ background: color }} title="Run color">
                    <span className="sr-only">Color of {run.displayName ?? run.name}</span>
                    <input type="color" value={color} onChange={(e) => p.onColor(run.id, e.target.value)} />
                  </label>
                  <button type="button" className="icon-btn eye" aria-pressed={isHidden} aria-label={`${isHidden ? "Show" : "Hide"} ${run.displayName ?? run.name}`} title={isHidden ? "Hidden from charts: show" : "Hide from charts"} onClick={() => p.onToggleHidden(run.id)}>
                    {isHidden ? <EyeOffIcon size={14} /> : <EyeIcon size={14} />}
                  </button>
                </span>
              </td>
              <td className={`sticky-col col-name${pinnedCount === 0 ? " sticky-last" : ""}`} style={{ left: CONTROLS_W }}>
                <Link to={p.runPath(run.id)} className="run-link" prefetch="intent" title={`${run.displayName ?? run.name} · ${run.id}`}>
                  <span className="run-name">{run.displayName ?? run.name}</span>
                </Link>
                {run.tags.length ? <span className="row-tags">{run.tags.slice(0, 2).map((t, i) => <span key={`${i}:${t}`} className="tag">{t}</span>)}{run.tags.length > 2 ? <span className="muted small">+{run.tags.length - 2}</span> : null}</span> : null}
              </td>
              {ordered.map((field, i) => {
                const v = run.values[field];
                return (
                  <td key={field} className={`${colClass(field, i)}${isNumeric(v) ? " num" : ""}`} style={i < pinnedCount ? stickyStyle(i) : undefined} data-field={field} title={v === undefined ? undefined : `${field}: ${formatValue(v)}`}>
                    {cell(run, field, now)}
                  </td>
                );
              })}
            </tr>
          );
        })}
        {win.padBottom > 0 ? <tr aria-hidden="true" className="spacer-row" style={{ height: win.padBottom }}><td colSpan={colSpan} /></tr> : null}
      </tbody>
    </table>
  );
}
