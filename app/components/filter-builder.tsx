/**
 * The filter builder: rows of field · operator · value joined by "all" (and) or "any" (or), the
 * run query language's one-level trees. Deeper trees (nested groups, `not`), which links and the
 * API may carry, are edited as JSON in the same panel. Nothing applies until "Apply" (or Enter),
 * and the server's verdict on the result comes back as the page's query problem.
 */
import { useState } from "react";
import { FILTER_ONLY_FIELDS, RUN_FIELD_COLUMNS } from "~/lib/run-columns";
import { flatFilter, formatLeafValue, fromFlat, OP_LABELS, opsFor, parseLeafValue } from "~/lib/filter-leaf";
import type { FilterInput } from "~/lib/run-view";

interface Draft {
  field: string;
  op: string;
  text: string;
}

/** Fields known in the project, for suggestions. */
export interface FieldSuggestions {
  config: { field: string; examples: string[] }[];
  summary: { field: string; examples: string[] }[];
}

function drafts(filter: FilterInput | null): { join: "and" | "or"; rows: Draft[] } | null {
  const flat = flatFilter(filter);
  if (!flat) return null;
  return { join: flat.join, rows: flat.leaves.map((l) => ({ field: l.field, op: l.op, text: formatLeafValue(l) })) };
}

const blank = (): Draft => ({ field: "", op: "=", text: "" });

/** The builder panel; `onApply(null)` clears the filter. */
export function FilterBuilder({ filter, fields, onApply }: { filter: FilterInput | null; fields: FieldSuggestions; onApply: (filter: FilterInput | null) => void }) {
  const initial = drafts(filter);
  const [mode, setMode] = useState<"rows" | "json">(initial ? "rows" : "json");
  const [join, setJoin] = useState<"and" | "or">(initial?.join ?? "and");
  const [rows, setRows] = useState<Draft[]>(initial && initial.rows.length ? initial.rows : [blank()]);
  const [json, setJson] = useState(filter ? JSON.stringify(filter, null, 2) : "");
  const [jsonError, setJsonError] = useState<string | null>(null);

  const allFields = [
    ...RUN_FIELD_COLUMNS.map((c) => c.field),
    ...FILTER_ONLY_FIELDS.map((c) => c.field),
    ...fields.config.map((f) => f.field),
    ...fields.summary.map((f) => f.field),
  ];
  const examples = (field: string) => [...fields.config, ...fields.summary].find((f) => f.field === field)?.examples ?? [];

  const update = (i: number, patch: Partial<Draft>) =>
    setRows((rs) =>
      rs.map((r, j) => {
        if (j !== i) return r;
        const next = { ...r, ...patch };
        // A field of another kind may not take the operator: fall back to its first one.
        if (patch.field !== undefined && next.field && !opsFor(next.field).includes(next.op)) next.op = opsFor(next.field)[0];
        if (patch.op === "exists" && next.text !== "false") next.text = "true";
        return next;
      }),
    );

  const built = (): FilterInput | null => {
    const leaves = rows.filter((r) => r.field.trim()).map((r) => ({ field: r.field.trim(), op: r.op, value: parseLeafValue(r.field.trim(), r.op, r.text) }));
    return fromFlat(join, leaves);
  };

  const apply = () => {
    if (mode === "rows") return onApply(built());
    if (!json.trim()) return onApply(null);
    try {
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("must be a JSON object");
      setJsonError(null);
      onApply(parsed as FilterInput);
    } catch (error) {
      setJsonError(`Not a filter: ${(error as Error).message}`);
    }
  };

  const toJson = () => {
    setJson(JSON.stringify(built() ?? { and: [] }, null, 2));
    setMode("json");
  };
  const toRows = () => {
    try {
      const d = drafts(json.trim() ? (JSON.parse(json) as FilterInput) : null);
      if (!d) return setJsonError("This filter nests groups: keep editing it as JSON.");
      setJoin(d.join);
      setRows(d.rows.length ? d.rows : [blank()]);
      setJsonError(null);
      setMode("rows");
    } catch (error) {
      setJsonError(`Not valid JSON: ${(error as Error).message}`);
    }
  };

  return (
    <form
      className="filter-builder"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <datalist id="filter-fields">
        {allFields.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      <div className="popover-head">
        <strong>Filter runs</strong>
        {mode === "rows" ? (
          <label className="join-select">
            Match
            <select value={join} onChange={(e) => setJoin(e.target.value as "and" | "or")} aria-label="Match all or any condition">
              <option value="and">all conditions</option>
              <option value="or">any condition</option>
            </select>
          </label>
        ) : null}
      </div>
      {mode === "rows" ? (
        <ol className="filter-rows">
          {rows.map((row, i) => {
            const ops = row.field ? opsFor(row.field) : opsFor("config.x");
            return (
              <li key={i} className="filter-row" data-testid="filter-row">
                <input
                  className="input input-sm mono"
                  list="filter-fields"
                  placeholder="field, e.g. config.lr"
                  aria-label={`Field of condition ${i + 1}`}
                  value={row.field}
                  onChange={(e) => update(i, { field: e.target.value })}
                  data-autofocus={i === 0 ? "" : undefined}
                />
                <select className="input input-sm" aria-label={`Operator of condition ${i + 1}`} value={row.op} onChange={(e) => update(i, { op: e.target.value })}>
                  {ops.map((op) => (
                    <option key={op} value={op}>
                      {OP_LABELS[op] ?? op}
                    </option>
                  ))}
                </select>
                {row.op === "exists" ? (
                  <select className="input input-sm" aria-label={`Value of condition ${i + 1}`} value={row.text === "false" ? "false" : "true"} onChange={(e) => update(i, { text: e.target.value })}>
                    <option value="true">yes</option>
                    <option value="false">no (missing)</option>
                  </select>
                ) : (
                  <>
                    <input
                      className="input input-sm mono"
                      aria-label={`Value of condition ${i + 1}`}
                      placeholder={row.op === "in" || row.op === "nin" ? "a, b, c" : row.op === "withinLast" ? "7d" : row.op === "regex" ? "^resnet" : "value"}
                      list={`filter-values-${i}`}
                      value={row.text}
                      onChange={(e) => update(i, { text: e.target.value })}
                    />
                    <datalist id={`filter-values-${i}`}>
                      {examples(row.field).map((v) => (
                        <option key={v} value={v} />
                      ))}
                    </datalist>
                  </>
                )}
                <button type="button" className="icon-btn" aria-label={`Remove condition ${i + 1}`} onClick={() => setRows((rs) => (rs.length === 1 ? [blank()] : rs.filter((_, j) => j !== i)))}>
                  ×
                </button>
              </li>
            );
          })}
        </ol>
      ) : (
        <div className="filter-json">
          <label className="sr-only" htmlFor="filter-json">Filter as JSON</label>
          <textarea
            id="filter-json"
            className="input mono"
            rows={8}
            spellCheck={false}
            value={json}
            placeholder='{"and": [{"field": "config.lr", "op": "<", "value": 0.01}]}'
            onChange={(e) => setJson(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                apply();
              }
            }}
          />
          <p className="hint">The run query language (docs/queries.md): and / or / not over {"{field, op, value}"}, or a W&B-style Mongo filter.</p>
        </div>
      )}
      {jsonError ? <p className="form-error" role="alert">{jsonError}</p> : null}
      <div className="popover-foot">
        {mode === "rows" ? (
          <>
            <button type="button" className="btn btn-sm" onClick={() => setRows((rs) => [...rs, blank()])}>+ Add condition</button>
            <button type="button" className="link-btn" onClick={toJson}>Edit as JSON</button>
          </>
        ) : (
          <button type="button" className="link-btn" onClick={toRows}>Edit as conditions</button>
        )}
        <span className="spacer" />
        <button type="button" className="btn btn-sm" onClick={() => onApply(null)}>Clear</button>
        <button type="submit" className="btn btn-sm btn-primary">Apply</button>
      </div>
    </form>
  );
}
