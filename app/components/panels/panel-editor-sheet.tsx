/**
 * The panel editor: a side sheet with the panel's title, type, run set and its type's options
 * (panel-fields.ts), beside a live preview drawn by the same code as the panel itself. Nothing
 * reaches the document until "Save" (Mod-Enter), which is one edit collaborators receive; Escape
 * or "Cancel" leaves the panel as it was. The draft is checked against the panel spec as you type,
 * and the first problem is shown naming the option.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { Panel as PanelSchema, PANEL_CONFIGS, PANEL_LABELS, PANEL_TYPES, type Panel, type PanelType, type RunSet } from "../../../editor/panels/panelSpec";
import type { LiveHub } from "~/lib/panels/live-hub";
import type { ApiRun, RunSetCache } from "~/lib/panels/run-set-cache";
import { PanelBody } from "./panel-body";
import { FieldControlInput } from "./field-control";
import { PANEL_FIELDS, setPath } from "./panel-fields";

/** Props of `PanelEditorSheet`. */
export interface PanelEditorSheetProps {
  gridId: string;
  panel: Panel;
  runSets: RunSet[];
  hub: LiveHub;
  cache: RunSetCache;
  onSave: (panel: Panel) => void;
  onClose: () => void;
  onEditRunSets: () => void;
}

/** Flattened keys of a runs' config / summary, for suggestions. */
function keysOf(runs: ApiRun[], root: "config" | "summary"): string[] {
  const out = new Set<string>();
  const walk = (v: unknown, prefix: string, depth: number) => {
    if (v && typeof v === "object" && !Array.isArray(v) && depth < 6) {
      for (const [k, child] of Object.entries(v)) walk(child, prefix ? `${prefix}.${k}` : k, depth + 1);
    } else if (prefix) out.add(prefix);
  };
  for (const run of runs.slice(0, 200)) walk(run[root], "", 0);
  return [...out].sort().slice(0, 500);
}

/** The side sheet; see the module comment. */
export function PanelEditorSheet({ gridId, panel, runSets, hub, cache, onSave, onClose, onEditRunSets }: PanelEditorSheetProps) {
  const [draft, setDraft] = useState<Panel>(panel);
  const [runs, setRuns] = useState<ApiRun[]>([]);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const runSet = runSets.find((s) => s.id === draft.runSet) ?? null;
  useEffect(() => {
    if (!runSet) return;
    const abort = new AbortController();
    cache.resolve(runSet, abort.signal).then((a) => setRuns(a.runs), () => undefined);
    return () => abort.abort();
  }, [runSet, cache]);

  const checked = useMemo(() => PanelSchema.safeParse(draft), [draft]);
  const problem = checked.success ? null : checked.error.issues[0];
  const [preview, setPreview] = useState<Panel>(panel);
  // The preview follows valid drafts, a moment after typing stops.
  useEffect(() => {
    if (!checked.success) return;
    const t = window.setTimeout(() => setPreview(checked.data), 300);
    return () => window.clearTimeout(t);
  }, [checked]);

  const suggestions = useMemo(() => {
    const config = keysOf(runs, "config").map((k) => `config.${k}`);
    const summary = keysOf(runs, "summary").map((k) => `summary.${k}`);
    const metrics = keysOf(runs, "summary");
    const runFields = ["name", "state", "group", "jobType", "tags", "createdAt", "duration", "lastStep"];
    return { config, summary, metric: metrics, field: [...runFields, ...config, ...summary], run: runs.map((r) => r.id) };
  }, [runs]);
  const listId = `panel-sheet-${gridId}-${panel.id}`;
  const listFor = (s: string | undefined) => (s ? `${listId}-${s}` : undefined);

  const save = () => {
    if (checked.success) onSave(checked.data);
  };
  const previewHandle = useRef(null);
  return (
    <aside
      className="side-sheet panel-sheet"
      role="dialog"
      aria-label={`Edit panel: ${PANEL_LABELS[draft.type]}`}
      data-testid="panel-sheet"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        } else if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
          e.preventDefault();
          save();
        }
      }}
    >
      <header className="side-sheet-head">
        <h2>Edit panel</h2>
        <button type="button" className="btn btn-quiet btn-sm" aria-label="Close" onClick={onClose}>✕</button>
      </header>
      <div className="side-sheet-body">
        <div className="sheet-form">
          <div className="sheet-field">
            <label htmlFor={`${listId}-title`}>Title</label>
            <input ref={first} id={`${listId}-title`} className="input input-sm" value={draft.title} placeholder={PANEL_LABELS[draft.type]} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
          </div>
          <div className="sheet-field">
            <label htmlFor={`${listId}-type`}>Type</label>
            <select
              id={`${listId}-type`}
              className="input input-sm"
              value={draft.type}
              onChange={(e) => {
                const type = e.target.value as PanelType;
                setDraft({ ...draft, type, config: PANEL_CONFIGS[type].parse({}) } as Panel);
              }}
            >
              {PANEL_TYPES.map((t) => <option key={t} value={t}>{PANEL_LABELS[t]}</option>)}
            </select>
          </div>
          {draft.type !== "markdown" ? (
            <div className="sheet-field">
              <label htmlFor={`${listId}-runset`}>Run set</label>
              <div className="sheet-row">
                <select
                  id={`${listId}-runset`}
                  className="input input-sm"
                  value={draft.runSet ?? ""}
                  onChange={(e) => setDraft({ ...draft, runSet: e.target.value || null })}
                >
                  <option value="">None</option>
                  {runSets.map((s) => <option key={s.id} value={s.id}>{s.name}{s.frozen ? " (frozen)" : ""}</option>)}
                </select>
                <button type="button" className="btn btn-sm" onClick={onEditRunSets}>Edit run sets</button>
              </div>
            </div>
          ) : null}
          {PANEL_FIELDS[draft.type].map((control) => (
            <FieldControlInput
              key={`${draft.type}:${control.path}`}
              control={control}
              config={draft.config}
              listFor={listFor}
              onChange={(path, value) => setDraft((d) => ({ ...d, config: setPath(d.config, path, value) }) as Panel)}
            />
          ))}
          {problem ? (
            <p className="form-error" role="alert" data-testid="panel-sheet-error">
              {problem.path.filter((p) => p !== "config").join(".") || "panel"}: {problem.message}
            </p>
          ) : null}
        </div>
        <section className="sheet-preview" aria-label="Preview">
          <h3 className="muted small">Preview</h3>
          <div className="panel-preview">
            <PanelBody context={{ gridId, panel: preview, runSets, readOnly: true }} hub={hub} cache={cache} handle={previewHandle} />
          </div>
        </section>
      </div>
      <footer className="side-sheet-foot">
        <button type="button" className="btn btn-sm" onClick={onClose}>Cancel</button>
        <button type="button" className="btn btn-sm btn-primary" disabled={!checked.success} onClick={save} data-testid="panel-sheet-save">
          Save <kbd>⌘↵</kbd>
        </button>
      </footer>
      {Object.entries(suggestions).map(([k, values]) => (
        <datalist key={k} id={`${listId}-${k}`}>
          {values.map((v) => <option key={v} value={v} />)}
        </datalist>
      ))}
    </aside>
  );
}
