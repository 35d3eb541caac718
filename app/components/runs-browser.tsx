/**
 * The runs browser of a project page: toolbar (search, filter builder, group by, columns, share),
 * filter chips, and the windowed grid. The view lives in the URL (app/lib/run-view.ts); this
 * component keeps what was loaded for it: the rows of the first pages (more arrive while
 * scrolling), the groups with their aggregates and the rows of expanded groups, and merges live
 * changes in from the feed by re-reading only the runs that changed.
 */
import { useFetcher, useLocation, useNavigate, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useNow } from "~/hooks/use-now";
import { useRunFeed, type FeedEvent } from "~/hooks/use-run-feed";
import { describeLeaf, flatFilter } from "~/lib/filter-leaf";
import { mergeLiveRows, rowSortValue } from "~/lib/live-rows";
import { fieldKind, isNumericField, RUN_FIELD_COLUMNS } from "~/lib/run-columns";
import { groupKeyJson, type RunGroupsView } from "~/lib/run-groups";
import { AGGREGATES, viewFromSearchParams, viewToSearchParams, type Aggregate, type FilterInput, type RunView, type ViewSort } from "~/lib/run-view";
import type { RunRow } from "~/lib/runs";
import { ColumnChooser } from "./column-chooser";
import { EmptyState } from "./empty-state";
import { FilterBuilder } from "./filter-builder";
import { FirstRunSnippet } from "./first-run-snippet";
import { RunsIcon } from "./icons";
import { LiveIndicator } from "./live-indicator";
import { PageHeader } from "./page-header";
import { Popover } from "./popover";
import { ProjectTabs } from "./project-tabs";
import { groupKeyLabel, RunsGrid, type GridItem } from "./runs-grid";

/** A field the project's runs carry (from the loader's sample). */
interface FieldInfo {
  field: string;
  count: number;
  numeric: boolean;
  examples: string[];
}

/** What the page's loader gives the browser. */
export interface RunsBrowserData {
  team: string;
  project: string;
  origin: string;
  fields: { sampled: number; config: FieldInfo[]; summary: FieldInfo[] };
  columns: string[];
  defaultColumns: string[];
  wanted: string[];
  page: { rows: RunRow[]; total: number | null; nextCursor: string | null };
  groups: RunGroupsView | null;
  problem: { message: string; path: string | null } | null;
}

type Answer =
  | { mode: "page"; group: string | null; page: { rows: RunRow[]; total: number | null; nextCursor: string | null } | null; problem: unknown }
  | { mode: "ids"; asked: string[]; rows: RunRow[] }
  | { mode: "groups"; groups: RunGroupsView | null };

interface GroupRows {
  rows: RunRow[];
  nextCursor: string | null;
  loading: boolean;
  loaded: boolean;
}

interface Loaded {
  source: RunsBrowserData;
  rows: RunRow[];
  nextCursor: string | null;
  total: number | null;
  loadingPage: boolean;
  groups: RunGroupsView | null;
  expanded: Record<string, GroupRows>;
}

const fresh = (source: RunsBrowserData): Loaded => ({
  source, rows: source.page.rows, nextCursor: source.page.nextCursor, total: source.page.total, loadingPage: false, groups: source.groups, expanded: {},
});

const LIVE_INTERVAL_MS = 1000;
const GROUPS_INTERVAL_MS = 2000;
const SEARCH_DEBOUNCE_MS = 300;
const RECENT_MS = 10_000;

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

/** A fetcher that runs requests one after another (a fetcher's new load would abort the last). */
function useQueuedFetcher(onAnswer: (answer: Answer, tag: unknown) => void) {
  const fetcher = useFetcher();
  const queue = useRef<{ href: string; tag: unknown }[]>([]);
  /**
   * The request of ours the fetcher is serving; `started` once it was seen loading, `before` the
   * fetcher's data when it was sent (a fast answer can arrive without a render that shows the
   * fetcher loading: new data is then how we know it came back).
   */
  const inFlight = useRef<{ tag: unknown; started: boolean; before: unknown } | null>(null);
  const handler = useRef(onAnswer);
  handler.current = onAnswer;
  const latest = useRef(fetcher);
  latest.current = fetcher;
  const pump = useCallback(() => {
    if (inFlight.current || latest.current.state !== "idle") return;
    const next = queue.current.shift();
    if (!next) return;
    inFlight.current = { tag: next.tag, started: false, before: latest.current.data };
    latest.current.load(next.href);
  }, []);
  useEffect(() => {
    const current = inFlight.current;
    if (fetcher.state !== "idle") {
      if (current) current.started = true;
      return;
    }
    if (current && (current.started || fetcher.data !== current.before)) {
      inFlight.current = null;
      if (fetcher.data !== undefined) handler.current(fetcher.data as Answer, current.tag);
    }
    // Also when nothing of ours was in flight: a revalidation may have kept the fetcher busy when a
    // request was queued, and the queue must not stall.
    pump();
  }, [fetcher.state, fetcher.data, pump]);
  return {
    load: (href: string, tag: unknown) => {
      queue.current.push({ href, tag });
      pump();
    },
    busy: () => inFlight.current !== null || queue.current.length > 0,
  };
}

/** The runs browser. */
export function RunsBrowser({ data }: { data: RunsBrowserData }) {
  const location = useLocation();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const now = useNow(1000);
  const view = useMemo<RunView>(() => {
    const { invalidFilter: _ignored, ...v } = viewFromSearchParams(new URLSearchParams(location.search));
    return v;
  }, [location.search]);
  const columns = view.columns ?? data.columns;
  const projectRef = `${data.team}/${data.project}`;

  const [loaded, setLoaded] = useState<Loaded>(() => fresh(data));
  const state = loaded.source === data ? loaded : fresh(data);
  if (loaded.source !== data) setLoaded(state);

  const setView = useCallback(
    (patch: Partial<RunView>, opts: { replace?: boolean } = {}) => {
      const next = { ...view, ...patch };
      navigate({ search: viewToSearchParams(next).toString() }, { replace: opts.replace, preventScrollReset: true });
    },
    [view, navigate],
  );

  const dataHref = useCallback(
    (extra: Record<string, string>) => {
      const p = new URLSearchParams(location.search);
      for (const [k, v] of Object.entries(extra)) p.set(k, v);
      p.set("_cols", JSON.stringify(data.wanted));
      return `${location.pathname}?index&${p.toString()}`;
    },
    [location.pathname, location.search, data.wanted],
  );

  // ---- Paging (flat list and expanded groups) -------------------------------------------------
  const pages = useQueuedFetcher((answer, tag) => {
    const { source, group } = tag as { source: RunsBrowserData; group: string | null };
    if (answer.mode !== "page") return;
    setLoaded((s) => {
      if (s.source !== source) return s;
      const page = answer.page;
      if (group === null) {
        if (!page) return { ...s, loadingPage: false, nextCursor: null };
        const have = new Set(s.rows.map((r) => r.id));
        return { ...s, loadingPage: false, rows: [...s.rows, ...page.rows.filter((r) => !have.has(r.id))], nextCursor: page.nextCursor };
      }
      const prev = s.expanded[group] ?? { rows: [], nextCursor: null, loading: false, loaded: false };
      const have = new Set(prev.rows.map((r) => r.id));
      const rows = page ? [...prev.rows, ...page.rows.filter((r) => !have.has(r.id))] : prev.rows;
      return { ...s, expanded: { ...s.expanded, [group]: { ...prev, rows, nextCursor: page?.nextCursor ?? null, loading: false, loaded: true } } };
    });
  });

  const loadNextPage = () => {
    if (state.groups) {
      // The last expanded group with more rows, if it is what the user scrolled to.
      const open = Object.entries(state.expanded).filter(([, g]) => !g.loading && g.nextCursor);
      const last = open[open.length - 1];
      if (!last) return;
      const [key, g] = last;
      setLoaded((s) => ({ ...s, expanded: { ...s.expanded, [key]: { ...g, loading: true } } }));
      pages.load(dataHref({ _page: g.nextCursor!, _group: key }), { source: data, group: key });
      return;
    }
    if (!state.nextCursor || state.loadingPage) return;
    setLoaded((s) => ({ ...s, loadingPage: true }));
    pages.load(dataHref({ _page: state.nextCursor }), { source: data, group: null });
  };

  const toggleGroup = (key: string) => {
    const g = state.expanded[key];
    if (g?.loaded || g?.loading) {
      setLoaded((s) => {
        const { [key]: _closed, ...rest } = s.expanded;
        return { ...s, expanded: rest };
      });
      return;
    }
    setLoaded((s) => ({ ...s, expanded: { ...s.expanded, [key]: { rows: [], nextCursor: null, loading: true, loaded: false } } }));
    pages.load(dataHref({ _page: "", _group: key }), { source: data, group: key });
  };

  // ---- Live updates ----------------------------------------------------------------------------
  const currentSearch = useRef(location.search);
  currentSearch.current = location.search;
  /** Runs the feed named lately: re-read after a reload, which may have read before their change. */
  const recent = useRef(new Map<string, number>());
  const live = useQueuedFetcher((answer, tag) => {
    // Live answers count for the view (URL) they were asked for, even if the page's data was
    // reloaded meanwhile: that reload may have read the database before the change they carry.
    const { search, asked } = tag as { search: string; asked: string[] };
    if (search !== currentSearch.current) return;
    if (answer.mode === "groups") {
      setLoaded((s) => (answer.groups ? { ...s, groups: answer.groups } : s));
      return;
    }
    if (answer.mode !== "ids") return;
    const seen = firstSeen.current;
    if (seen) for (const r of answer.rows) if (!seen.has(r.id)) seen.set(r.id, Date.now());
    setLoaded((s) => {
      if (!s.groups) {
        const m = mergeLiveRows(s.rows, asked, answer.rows, view.sort, s.nextCursor === null);
        return { ...s, rows: m.rows, total: s.total === null ? null : Math.max(0, s.total + m.added - m.removed) };
      }
      const expanded: Record<string, GroupRows> = {};
      for (const [key, g] of Object.entries(s.expanded)) {
        const mine = answer.rows.filter((r) => groupKeyJson(groupValue(r, view.groupBy!)) === key);
        expanded[key] = { ...g, rows: mergeLiveRows(g.rows, asked, mine, view.sort, g.nextCursor === null).rows };
      }
      return { ...s, expanded };
    });
  });

  const pending = useRef<{ ids: Set<string>; timer: number | undefined; last: number; groupsTimer: number | undefined; lastGroups: number }>({
    ids: new Set(), timer: undefined, last: 0, groupsTimer: undefined, lastGroups: 0,
  });
  const latest = useRef({ dataHref, data, grouped: !!state.groups });
  latest.current = { dataHref, data, grouped: !!state.groups };
  useEffect(() => () => {
    window.clearTimeout(pending.current.timer);
    window.clearTimeout(pending.current.groupsTimer);
  }, []);

  const scheduleGroups = () => {
    const p = pending.current;
    if (p.groupsTimer !== undefined) return;
    p.groupsTimer = window.setTimeout(() => {
      p.groupsTimer = undefined;
      p.lastGroups = Date.now();
      live.load(latest.current.dataHref({ _groups: "1" }), { search: currentSearch.current, asked: [] });
    }, Math.max(0, p.lastGroups + GROUPS_INTERVAL_MS - Date.now()));
  };

  const scheduleIds = () => {
    const p = pending.current;
    if (p.timer !== undefined) return;
    const fire = () => {
      if (live.busy()) {
        p.timer = window.setTimeout(fire, 150);
        return;
      }
      p.timer = undefined;
      p.last = Date.now();
      const asked = [...p.ids].slice(0, 500);
      for (const id of asked) p.ids.delete(id);
      if (p.ids.size) scheduleIds();
      live.load(latest.current.dataHref({ _ids: asked.join(",") }), { search: currentSearch.current, asked });
    };
    p.timer = window.setTimeout(fire, Math.max(0, p.last + LIVE_INTERVAL_MS - Date.now()));
  };

  useEffect(() => {
    const since = Date.now() - RECENT_MS;
    for (const [id, at] of recent.current) {
      if (at < since) recent.current.delete(id);
      else pending.current.ids.add(id);
    }
    if (pending.current.ids.size) scheduleIds();
    // Only when the page's data is replaced.
  }, [data]);

  const feedStatus = useRunFeed(projectRef, (event: FeedEvent) => {
    if (event.kind === "resync") {
      // Changes between the page's render and this (re)connection were not sent to us: reload.
      if (revalidator.state === "idle") revalidator.revalidate();
      return;
    }
    for (const id of event.runs) {
      pending.current.ids.add(id);
      recent.current.set(id, Date.now());
    }
    if (event.runs.length) scheduleIds();
    if (latest.current.grouped) scheduleGroups();
  });

  // ---- Selection, hiding, colors ---------------------------------------------------------------
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const lastClicked = useRef<string | null>(null);
  const hidden = useMemo(() => new Set(view.hidden), [view.hidden]);

  // ---- Items for the grid ----------------------------------------------------------------------
  const items = useMemo<GridItem[]>(() => {
    if (!state.groups) {
      const list: GridItem[] = state.rows.map((row) => ({ kind: "run", row, depth: 0 }));
      if (state.nextCursor) list.push({ kind: "more", group: null, loading: state.loadingPage, remaining: state.total === null ? null : Math.max(0, state.total - state.rows.length) });
      return list;
    }
    const list: GridItem[] = [];
    for (const group of state.groups.groups) {
      const key = groupKeyJson(group.key);
      const g = state.expanded[key];
      list.push({ kind: "group", group, keyJson: key, expanded: !!g, loaded: g?.rows.length ?? 0 });
      if (!g) continue;
      for (const row of g.rows) list.push({ kind: "run", row, depth: 1 });
      if (g.loading || g.nextCursor) list.push({ kind: "more", group: key, loading: g.loading, remaining: Math.max(0, group.count - g.rows.length) });
    }
    return list;
  }, [state]);

  const runOrder = useMemo(() => items.flatMap((i) => (i.kind === "run" ? [i.row.id] : [])), [items]);

  const firstSeen = useRef<Map<string, number> | null>(null);
  if (firstSeen.current === null) firstSeen.current = new Map(state.rows.map((r) => [r.id, 0]));
  // Rows that arrive by paging or expanding a group are not news; live inserts flash (set below).
  for (const id of runOrder) if (!firstSeen.current.has(id)) firstSeen.current.set(id, 0);

  const onSelect = (id: string, range: boolean) => {
    setSelected((s) => {
      const next = new Set(s);
      if (range && lastClicked.current) {
        const a = runOrder.indexOf(lastClicked.current);
        const b = runOrder.indexOf(id);
        if (a >= 0 && b >= 0) {
          for (const rid of runOrder.slice(Math.min(a, b), Math.max(a, b) + 1)) next.add(rid);
          return next;
        }
      }
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
    lastClicked.current = id;
  };

  const onSort = (field: string, add: boolean) => {
    const kind = fieldKind(field);
    const first: ViewSort["order"] = isNumericField(field) || kind === "number" || kind === "time" ? "desc" : "asc";
    const flip = (o: ViewSort["order"]): ViewSort["order"] => (o === "asc" ? "desc" : "asc");
    const cur = view.sort.find((s) => s.field === field);
    let sort: ViewSort[];
    if (add) sort = cur ? view.sort.map((s) => (s.field === field ? { ...s, order: flip(s.order) } : s)) : [...view.sort, { field, order: first }];
    else if (cur && view.sort.length === 1) sort = cur.order === first ? [{ field, order: flip(first) }] : [];
    else sort = [{ field, order: first }];
    setView({ sort });
  };

  const onReorder = (from: string, before: string) => {
    const next = columns.filter((c) => c !== from);
    next.splice(next.indexOf(before), 0, from);
    setView({ columns: next }, { replace: true });
  };

  // ---- Toolbar state ---------------------------------------------------------------------------
  const [open, setOpen] = useState<"filter" | "columns" | null>(null);
  const [search, setSearch] = useState(view.search);
  const searchTimer = useRef<number | undefined>(undefined);
  useEffect(() => setSearch(view.search), [view.search]);
  const onSearch = (text: string) => {
    setSearch(text);
    window.clearTimeout(searchTimer.current);
    searchTimer.current = window.setTimeout(() => setView({ search: text }, { replace: true }), SEARCH_DEBOUNCE_MS);
  };
  useEffect(() => () => window.clearTimeout(searchTimer.current), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      if (e.key === "f") {
        e.preventDefault();
        setOpen("filter");
      } else if (e.key === "c") {
        e.preventDefault();
        setOpen("columns");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const [copied, setCopied] = useState(false);
  const copyLink = () => {
    navigator.clipboard?.writeText(window.location.href).then(
      () => {
        setCopied(true);
        window.setTimeout(() => setCopied(false), 1500);
      },
      (error: unknown) => console.error("[folio] could not copy the link", error),
    );
  };

  const applyFilter = (filter: FilterInput | null) => {
    setOpen(null);
    setView({ filter });
  };
  const flat = flatFilter(view.filter);
  const conditions = view.filter ? (flat ? flat.leaves.length : 1) : 0;
  const removeLeaf = (i: number) => {
    if (!flat) return applyFilter(null);
    const leaves = flat.leaves.filter((_, j) => j !== i);
    applyFilter(leaves.length === 0 ? null : leaves.length === 1 ? leaves[0] : flat.join === "and" ? { and: leaves } : { or: leaves });
  };

  const groupOptions = [
    ...RUN_FIELD_COLUMNS.filter((c) => ["state", "tags", "group", "jobType", "host"].includes(c.field)).map((c) => ({ field: c.field, label: c.label })),
    ...data.fields.config.slice(0, 200).map((f) => ({ field: f.field, label: f.field })),
  ];
  if (view.groupBy && !groupOptions.some((o) => o.field === view.groupBy)) groupOptions.push({ field: view.groupBy, label: view.groupBy });

  const scrollRef = useRef<HTMLDivElement>(null);
  const runPath = (id: string) => `/${encodeURIComponent(data.team)}/${encodeURIComponent(data.project)}/runs/${encodeURIComponent(id)}`;
  const hiddenCount = view.hidden.length;
  const emptyProject = !view.filter && !view.search && state.rows.length === 0 && !state.groups;

  return (
    <div className="page page-wide runs-page">
      <PageHeader
        crumbs={[{ label: data.team, to: `/${encodeURIComponent(data.team)}` }]}
        title={data.project}
        subtitle={
          <span className="project-subtitle">
          <ProjectTabs team={data.team} project={data.project} />
          <span className="counts" data-testid="run-counts">
            <span className="strong">
              {state.groups ? `${state.groups.groups.length} groups` : `${state.total ?? state.rows.length} ${state.total === 1 ? "run" : "runs"}`}
            </span>
            {state.groups?.truncated ? <span className="muted"> (first {state.groups.groups.length})</span> : null}
            {hiddenCount ? <span className="count">{hiddenCount} hidden</span> : null}
          </span>
          </span>
        }
        actions={
          <>
            <LiveIndicator status={feedStatus} />
            <button type="button" className="btn btn-sm" onClick={copyLink} data-testid="copy-link" title="Copy a link to this exact view">
              {copied ? "Copied ✓" : "Copy link"}
            </button>
          </>
        }
      />
      {emptyProject ? (
        <EmptyState title="No runs yet" icon={<RunsIcon size={18} />}>
          <p>Log a run into <code className="inline-code">{projectRef}</code> and watch it arrive here live.</p>
          <FirstRunSnippet origin={data.origin} project={projectRef} />
        </EmptyState>
      ) : (
        <>
          <div className="runs-toolbar" role="toolbar" aria-label="Runs view">
            <label className="search">
              <span className="sr-only">Search runs</span>
              <input type="search" placeholder="Search runs…" value={search} onChange={(e) => onSearch(e.target.value)} data-hotkey="search" aria-keyshortcuts="/" data-testid="runs-search" />
              <kbd>/</kbd>
            </label>
            <Popover label="Filter" open={open === "filter"} onOpenChange={(o) => setOpen(o ? "filter" : null)} testId="filter" shortcut="f" badge={conditions} wide>
              <FilterBuilder key={JSON.stringify(view.filter)} filter={view.filter} fields={data.fields} onApply={applyFilter} />
            </Popover>
            <label className="toolbar-select">
              <span>Group</span>
              <select aria-label="Group by" value={view.groupBy ?? ""} onChange={(e) => setView({ groupBy: e.target.value || null })} data-testid="group-by">
                <option value="">None</option>
                {groupOptions.map((o) => (
                  <option key={o.field} value={o.field}>{o.label}</option>
                ))}
              </select>
            </label>
            {view.groupBy ? (
              <label className="toolbar-select">
                <span>Show</span>
                <select aria-label="Group statistic" value={view.aggregate} onChange={(e) => setView({ aggregate: e.target.value as Aggregate }, { replace: true })} data-testid="aggregate">
                  {AGGREGATES.map((a) => (
                    <option key={a} value={a}>{a === "mean" ? "mean ± std" : a}</option>
                  ))}
                </select>
              </label>
            ) : null}
            <Popover label="Columns" open={open === "columns"} onOpenChange={(o) => setOpen(o ? "columns" : null)} testId="columns" shortcut="c" align="right">
              <ColumnChooser
                columns={columns}
                pinned={view.pinned}
                options={data.fields}
                onChange={(cols, pinned) => setView({ columns: cols, pinned }, { replace: true })}
                onReset={() => setView({ columns: null, pinned: [] }, { replace: true })}
              />
            </Popover>
            {selected.size > 0 ? (
              <div className="selection-bar" data-testid="selection-bar">
                <span className="strong">{selected.size} selected</span>
                <button type="button" className="btn btn-sm" onClick={() => setView({ hidden: [...new Set([...view.hidden, ...selected])] }, { replace: true })}>Hide</button>
                <button type="button" className="btn btn-sm" onClick={() => setView({ hidden: view.hidden.filter((id) => !selected.has(id)) }, { replace: true })}>Show</button>
                <button type="button" className="btn btn-sm" onClick={() => (setSelected(new Set()), applyFilter({ field: "id", op: "in", value: [...selected] }))}>Only these</button>
                <button type="button" className="link-btn" onClick={() => setSelected(new Set())}>Clear</button>
              </div>
            ) : null}
          </div>
          {view.filter || view.sort.length ? (
            <div className="chips" data-testid="filter-chips">
              {flat
                ? flat.leaves.map((leaf, i) => (
                    <span key={i} className="chip" data-testid="filter-chip">
                      {i > 0 ? <span className="chip-join">{flat.join}</span> : null}
                      <button type="button" className="chip-text" onClick={() => setOpen("filter")}>{describeLeaf(leaf)}</button>
                      <button type="button" className="chip-x" aria-label={`Remove filter ${describeLeaf(leaf)}`} onClick={() => removeLeaf(i)}>×</button>
                    </span>
                  ))
                : view.filter ? (
                    <span className="chip" data-testid="filter-chip">
                      <button type="button" className="chip-text" onClick={() => setOpen("filter")}>Custom filter</button>
                      <button type="button" className="chip-x" aria-label="Remove the filter" onClick={() => applyFilter(null)}>×</button>
                    </span>
                  ) : null}
              {view.sort.map((s) => (
                <span key={`sort:${s.field}`} className="chip chip-sort">
                  <span className="chip-text">sorted by {s.field} {s.order === "asc" ? "↑" : "↓"}</span>
                  <button type="button" className="chip-x" aria-label={`Stop sorting by ${s.field}`} onClick={() => setView({ sort: view.sort.filter((x) => x.field !== s.field) })}>×</button>
                </span>
              ))}
            </div>
          ) : null}
          {data.problem ? (
            <div className="banner banner-error" role="alert" data-testid="query-problem">
              <strong>This view’s query was refused.</strong> {data.problem.message}
            </div>
          ) : null}
          {items.length === 0 && !data.problem ? (
            <div className="table-wrap runs-empty" data-testid="no-matches">
              <p>No runs match this view.</p>
              <button type="button" className="btn btn-sm" onClick={() => setView({ filter: null, search: "" })}>Clear filter and search</button>
            </div>
          ) : items.length > 0 ? (
            <div className="table-wrap runs-scroll" ref={scrollRef}>
              <RunsGrid
                items={items}
                columns={columns}
                pinned={view.pinned}
                sort={view.sort}
                colors={view.colors}
                hidden={hidden}
                selected={selected}
                groupBy={view.groupBy}
                aggregate={view.aggregate}
                now={now}
                runPath={runPath}
                scrollRef={scrollRef}
                firstSeen={firstSeen.current}
                onSort={onSort}
                onReorder={onReorder}
                onSelect={onSelect}
                onSelectAll={(all) => setSelected(all ? new Set(runOrder) : new Set())}
                onToggleHidden={(id) => setView({ hidden: hidden.has(id) ? view.hidden.filter((h) => h !== id) : [...view.hidden, id] }, { replace: true })}
                onColor={(id, color) => setView({ colors: { ...view.colors, [id]: color } }, { replace: true })}
                onToggleGroup={toggleGroup}
                onNearEnd={loadNextPage}
              />
            </div>
          ) : null}
          {state.groups ? (
            <p className="table-note">
              Grouped by <span className="mono">{state.groups.groupBy}</span>: statistics cover every run of a group ({groupKeyLabel(null)} holds runs without a value). Expand a group to see its runs.
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}

/** A run's value of the group-by field, as the server groups it. */
function groupValue(row: RunRow, field: string): unknown {
  if (field.startsWith("config.") || field.startsWith("summary.")) return row.values[field] ?? null;
  if (field === "tags") return row.tags[0] ?? null;
  const v = rowSortValue(row, field);
  return v === undefined ? null : v;
}
