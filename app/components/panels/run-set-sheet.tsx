/**
 * The run-set editor of a panel grid: each run set's name, projects, filter (the runs browser's
 * filter builder), search, sort, row limit and per-run overrides for this grid (hide, color,
 * display name), plus Freeze / Unfreeze. Freezing reads the set's runs now and pins their ids and
 * last steps: the set stays a query, but later points and new runs are left out until unfrozen.
 * Everything is a draft until "Save", which is one edit collaborators receive.
 */
import { useEffect, useState } from "react";
import { defaultRunSet, newPanelId, RunSet as RunSetSchema, type Panel, type RunSet } from "../../../editor/panels/panelSpec";
import { FilterBuilder, type FieldSuggestions } from "~/components/filter-builder";
import type { ApiRun, RunSetCache } from "~/lib/panels/run-set-cache";
import type { FilterInput } from "~/lib/run-view";
import { runColor } from "~/lib/run-colors";

/** Props of `RunSetSheet`. */
export interface RunSetSheetProps {
  runSets: RunSet[];
  panels: Panel[];
  focus?: string;
  defaultProject: string;
  cache: RunSetCache;
  onSave: (runSets: RunSet[]) => void;
  onClose: () => void;
}

function suggestionsOf(runs: ApiRun[]): FieldSuggestions {
  const collect = (root: "config" | "summary") => {
    const found = new Map<string, Set<string>>();
    for (const run of runs.slice(0, 200)) {
      for (const [k, v] of Object.entries(run[root] ?? {})) {
        if (v !== null && typeof v === "object") continue;
        const set = found.get(k) ?? new Set<string>();
        if (set.size < 5) set.add(String(v));
        found.set(k, set);
      }
    }
    return [...found].sort().map(([k, ex]) => ({ field: `${root}.${k}`, examples: [...ex] }));
  };
  return { config: collect("config"), summary: collect("summary") };
}

/** The side sheet; see the module comment. */
export function RunSetSheet({ runSets, panels, focus, defaultProject, cache, onSave, onClose }: RunSetSheetProps) {
  const [drafts, setDrafts] = useState<RunSet[]>(runSets.length ? runSets : [defaultRunSet(defaultProject)]);
  const [active, setActive] = useState(focus && drafts.some((s) => s.id === focus) ? focus : drafts[0].id);
  const current = drafts.find((s) => s.id === active) ?? drafts[0];
  const [runs, setRuns] = useState<ApiRun[] | null>(null);
  const [runsError, setRunsError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const parsed = RunSetSchema.safeParse(current);
    if (!parsed.success) return;
    const abort = new AbortController();
    setRunsError(null);
    cache.resolve(parsed.data, abort.signal).then(
      (a) => setRuns(a.runs),
      (e: unknown) => !abort.signal.aborted && setRunsError(e instanceof Error ? e.message : String(e)),
    );
    return () => abort.abort();
  }, [JSON.stringify({ ...current, name: "", overrides: {} }), cache]);

  const patch = (p: Partial<RunSet>) => setDrafts((ds) => ds.map((s) => (s.id === current.id ? { ...s, ...p } : s)));
  const override = (id: string, p: Partial<RunSet["overrides"][string]>) => {
    const next = { ...(current.overrides[id] ?? {}), ...p };
    for (const k of Object.keys(next) as (keyof typeof next)[]) if (next[k] === undefined || next[k] === "" || next[k] === false) delete next[k];
    const overrides = { ...current.overrides };
    if (Object.keys(next).length) overrides[id] = next;
    else delete overrides[id];
    patch({ overrides });
  };
  const used = (id: string) => panels.filter((p) => p.runSet === id).length;
  const problems = drafts.map((d) => RunSetSchema.safeParse(d)).find((r) => !r.success);
  const problem = problems && !problems.success ? problems.error.issues[0] : null;

  const freeze = async () => {
    setBusy(true);
    try {
      const { runs: now } = await cache.resolve({ ...current, frozen: null });
      patch({ frozen: { at: new Date().toISOString(), runs: now.map((r) => ({ id: r.id, step: r.lastStep ?? -1 })) } });
    } catch (e) {
      setRunsError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside
      className="side-sheet runset-sheet"
      role="dialog"
      aria-label="Run sets"
      data-testid="runset-sheet"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="side-sheet-head">
        <h2>Run sets</h2>
        <button type="button" className="btn btn-quiet btn-sm" aria-label="Close" onClick={onClose}>✕</button>
      </header>
      <div className="runset-tabs" role="tablist">
        {drafts.map((s) => (
          <button key={s.id} type="button" role="tab" aria-selected={s.id === current.id} className={`runset-tab${s.id === current.id ? " is-active" : ""}`} onClick={() => setActive(s.id)}>
            {s.name}
            {s.frozen ? <span className="runset-frozen" title="Frozen"> ❄</span> : null}
          </button>
        ))}
        <button
          type="button"
          className="btn btn-quiet btn-sm"
          onClick={() => {
            const s = defaultRunSet(current.projects[0] ?? defaultProject, newPanelId(), `Run set ${drafts.length + 1}`);
            setDrafts((ds) => [...ds, s]);
            setActive(s.id);
          }}
        >
          + Add run set
        </button>
      </div>
      <div className="side-sheet-body runset-body">
        <div className="sheet-form">
          <div className="sheet-field">
            <label htmlFor="runset-name">Name</label>
            <input id="runset-name" className="input input-sm" value={current.name} onChange={(e) => patch({ name: e.target.value })} />
          </div>
          <div className="sheet-field">
            <label htmlFor="runset-projects">Projects</label>
            <input
              id="runset-projects"
              className="input input-sm"
              defaultValue={current.projects.join(", ")}
              key={`${current.id}-projects`}
              onChange={(e) => patch({ projects: e.target.value.split(",").map((p) => p.trim()).filter(Boolean) })}
              placeholder="team/project, team/other"
            />
          </div>
          {current.frozen ? (
            <div className="banner banner-info runset-frozen-note" role="status" data-testid="runset-frozen">
              Frozen {new Date(current.frozen.at).toLocaleString()}: {current.frozen.runs.length} runs up to their steps then. New runs and points are left out.
              <button type="button" className="btn btn-sm" onClick={() => patch({ frozen: null })} data-testid="runset-unfreeze">Unfreeze</button>
            </div>
          ) : (
            <>
              <div className="sheet-field">
                <span className="sheet-label">Filter</span>
                <div className="runset-filter" key={`${current.id}-filter`}>
                  <FilterBuilder filter={(current.filter ?? null) as FilterInput | null} fields={suggestionsOf(runs ?? [])} onApply={(filter) => patch({ filter })} />
                </div>
                {current.filter ? <code className="runset-filter-json small" data-testid="runset-filter">{JSON.stringify(current.filter)}</code> : null}
              </div>
              <div className="sheet-field">
                <label htmlFor="runset-search">Search</label>
                <input id="runset-search" className="input input-sm" value={current.search} onChange={(e) => patch({ search: e.target.value })} placeholder="name, tag, group…" />
              </div>
            </>
          )}
          <div className="sheet-field">
            <label htmlFor="runset-sort">Sort by</label>
            <div className="sheet-row">
              <input
                id="runset-sort"
                className="input input-sm"
                placeholder="created, newest first"
                value={current.sort[0]?.field ?? ""}
                onChange={(e) => patch({ sort: e.target.value.trim() ? [{ field: e.target.value.trim(), order: current.sort[0]?.order ?? "asc" }] : [] })}
              />
              <select aria-label="Sort order" className="input input-sm" value={current.sort[0]?.order ?? "asc"} onChange={(e) => current.sort[0] && patch({ sort: [{ ...current.sort[0], order: e.target.value as "asc" | "desc" }] })}>
                <option value="asc">Ascending</option>
                <option value="desc">Descending</option>
              </select>
            </div>
          </div>
          <div className="sheet-field">
            <label htmlFor="runset-limit">Most runs</label>
            <input id="runset-limit" className="input input-sm" type="number" min={1} max={500} value={current.limit} onChange={(e) => patch({ limit: Number(e.target.value) || 1 })} />
          </div>
          <div className="sheet-row">
            {!current.frozen ? (
              <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void freeze()} data-testid="runset-freeze">
                {busy ? "Freezing…" : "❄ Freeze"}
              </button>
            ) : null}
            <button
              type="button"
              className="btn btn-sm danger"
              disabled={drafts.length === 1 || used(current.id) > 0}
              title={used(current.id) ? `Used by ${used(current.id)} panel(s)` : undefined}
              onClick={() => {
                const rest = drafts.filter((s) => s.id !== current.id);
                setDrafts(rest);
                setActive(rest[0].id);
              }}
            >
              Delete run set
            </button>
          </div>
          {problem ? <p className="form-error" role="alert">{problem.path.join(".")}: {problem.message}</p> : null}
        </div>
        <section className="runset-runs" aria-label="Runs in this set">
          <h3 className="small muted">{runs ? `${runs.length} runs` : "Loading runs…"}</h3>
          {runsError ? <p className="form-error" role="alert">{runsError}</p> : null}
          {runs && runs.length === 0 ? <p className="muted small">No runs match this set yet.</p> : null}
          <ul className="runset-run-list">
            {(runs ?? []).map((run) => {
              const o = current.overrides[run.id] ?? {};
              return (
                <li key={run.id} className={o.hidden ? "is-hidden" : undefined} data-run={run.id}>
                  <input type="checkbox" aria-label={`Show ${run.displayName ?? run.name}`} checked={!o.hidden} onChange={(e) => override(run.id, { hidden: e.target.checked ? undefined : true })} />
                  <input type="color" aria-label={`Color of ${run.displayName ?? run.name}`} value={o.color ?? runColor(run.id)} onChange={(e) => override(run.id, { color: e.target.value })} />
                  <input
                    className="input input-sm"
                    aria-label={`Display name of ${run.displayName ?? run.name}`}
                    placeholder={run.displayName ?? run.name}
                    value={o.name ?? ""}
                    onChange={(e) => override(run.id, { name: e.target.value || undefined })}
                  />
                  <span className="muted small">{run.state}</span>
                </li>
              );
            })}
          </ul>
        </section>
      </div>
      <footer className="side-sheet-foot">
        <button type="button" className="btn btn-sm" onClick={onClose}>Cancel</button>
        <button type="button" className="btn btn-sm btn-primary" disabled={problem !== null} onClick={() => onSave(drafts.map((d) => RunSetSchema.parse(d)))} data-testid="runset-save">
          Save
        </button>
      </footer>
    </aside>
  );
}
