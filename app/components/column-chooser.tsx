/**
 * The column chooser: the shown columns in order (pin, move, remove), and every field the project's
 * runs carry (run fields, config paths, summary keys) to add, with a search box. Any field can be
 * typed in, since the chooser only knows the fields of the newest runs it sampled.
 */
import { useState } from "react";
import { columnLabel, columnRoot, RUN_FIELD_COLUMNS } from "~/lib/run-columns";
import { PinIcon } from "./icons";

/** Fields offered, by root. */
export interface ColumnOptions {
  config: { field: string; count: number }[];
  summary: { field: string; count: number }[];
  sampled: number;
}

/** Pins, order and membership of the table's columns. */
export function ColumnChooser({ columns, pinned, options, onChange, onReset }: {
  columns: string[];
  pinned: string[];
  options: ColumnOptions;
  onChange: (columns: string[], pinned: string[]) => void;
  onReset: () => void;
}) {
  const [query, setQuery] = useState("");
  const shown = new Set(columns);
  const q = query.trim().toLowerCase();
  const match = (f: string) => !q || f.toLowerCase().includes(q);
  const move = (i: number, by: number) => {
    const next = [...columns];
    const [c] = next.splice(i, 1);
    next.splice(Math.max(0, Math.min(next.length, i + by)), 0, c);
    onChange(next, pinned);
  };
  const togglePin = (f: string) => onChange(columns, pinned.includes(f) ? pinned.filter((p) => p !== f) : [...pinned, f]);
  const add = (f: string) => !shown.has(f) && onChange([...columns, f], pinned);
  const remove = (f: string) => onChange(columns.filter((c) => c !== f), pinned.filter((p) => p !== f));
  const custom = q && /^(config|summary)\.[^.\s][^\s]*$/.test(query.trim()) && !shown.has(query.trim()) ? query.trim() : null;

  const section = (title: string, fields: { field: string; count?: number }[]) => {
    const list = fields.filter((f) => !shown.has(f.field) && match(f.field));
    if (list.length === 0) return null;
    return (
      <section className="chooser-section">
        <h3>{title}</h3>
        <ul>
          {list.slice(0, 200).map((f) => (
            <li key={f.field}>
              <button type="button" className="chooser-add" onClick={() => add(f.field)} data-testid="column-option" data-field={f.field}>
                <span className="mono">{f.field}</span>
                {f.count !== undefined && options.sampled > 0 ? <span className="muted small">{Math.round((f.count / options.sampled) * 100)}%</span> : null}
                <span className="chooser-plus" aria-hidden="true">+</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    );
  };

  return (
    <div className="column-chooser">
      <div className="popover-head">
        <strong>Columns</strong>
        <button type="button" className="link-btn" onClick={onReset}>Reset to defaults</button>
      </div>
      <input
        className="input input-sm"
        type="search"
        placeholder="Find or type a field (config.x, summary.y)…"
        aria-label="Find a field"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && custom) {
            e.preventDefault();
            add(custom);
            setQuery("");
          }
        }}
        data-autofocus=""
      />
      {custom ? (
        <button type="button" className="chooser-add" onClick={() => (add(custom), setQuery(""))}>
          Add <span className="mono">{custom}</span>
        </button>
      ) : null}
      <section className="chooser-section">
        <h3>Shown</h3>
        <ol className="chooser-shown">
          <li className="muted small">Name (always first)</li>
          {columns.map((f, i) =>
            match(f) ? (
              <li key={f} data-testid="shown-column" data-field={f}>
                <span className={`chooser-root root-${columnRoot(f)}`}>{columnRoot(f)}</span>
                <span className="mono chooser-name" title={f}>{columnLabel(f)}</span>
                <button type="button" className={`icon-btn${pinned.includes(f) ? " is-on" : ""}`} aria-pressed={pinned.includes(f)} aria-label={`Pin ${f}`} title="Pin to the left" onClick={() => togglePin(f)}><PinIcon size={14} /></button>
                <button type="button" className="icon-btn" aria-label={`Move ${f} up`} disabled={i === 0} onClick={() => move(i, -1)}>↑</button>
                <button type="button" className="icon-btn" aria-label={`Move ${f} down`} disabled={i === columns.length - 1} onClick={() => move(i, 1)}>↓</button>
                <button type="button" className="icon-btn" aria-label={`Hide column ${f}`} onClick={() => remove(f)}>×</button>
              </li>
            ) : null,
          )}
        </ol>
      </section>
      {section("Run", RUN_FIELD_COLUMNS.map((c) => ({ field: c.field })))}
      {section("Config", options.config)}
      {section("Summary", options.summary)}
    </div>
  );
}
