/** One control of the panel editor (panel-fields.ts), bound to a config path. */
import { useId } from "react";
import { getPath, type FieldControl } from "./panel-fields";

/** Props of `FieldControlInput`. */
export interface FieldControlProps {
  control: FieldControl;
  config: unknown;
  onChange: (path: string, value: unknown) => void;
  /** Datalist id per suggestion source. */
  listFor: (suggest: string | undefined) => string | undefined;
}

const num = (s: string) => (s.trim() === "" ? null : Number(s));

/** Renders `control`; see the module comment. */
export function FieldControlInput({ control, config, onChange, listFor }: FieldControlProps) {
  const id = useId();
  const value = getPath(config, control.path);
  const help = control.help ? <small className="field-help muted">{control.help}</small> : null;
  switch (control.kind) {
    case "bool":
      return (
        <label className="sheet-check">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(control.path, e.target.checked)} /> {control.label}
          {help}
        </label>
      );
    case "select":
      return (
        <div className="sheet-field">
          <label htmlFor={id}>{control.label}</label>
          <select id={id} className="input input-sm" value={String(value)} onChange={(e) => onChange(control.path, e.target.value)}>
            {control.options.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
          {help}
        </div>
      );
    case "number":
      return (
        <div className="sheet-field">
          <label htmlFor={id}>{control.label}</label>
          <input
            id={id}
            className="input input-sm"
            type="number"
            min={control.min}
            max={control.max}
            step={control.step}
            value={typeof value === "number" ? value : ""}
            onChange={(e) => {
              const n = num(e.target.value);
              onChange(control.path, n === null ? (control.nullable ? null : 0) : n);
            }}
          />
          {help}
        </div>
      );
    case "text":
      return (
        <div className="sheet-field">
          <label htmlFor={id}>{control.label}</label>
          <input
            id={id}
            className="input input-sm"
            list={listFor(control.suggest)}
            placeholder={control.placeholder}
            value={typeof value === "string" ? value : ""}
            onChange={(e) => onChange(control.path, control.nullable && e.target.value.trim() === "" ? null : e.target.value)}
          />
          {help}
        </div>
      );
    case "list":
      return (
        <div className="sheet-field">
          <label htmlFor={id}>{control.label}</label>
          <input
            id={id}
            className="input input-sm"
            list={listFor(control.suggest)}
            placeholder={control.placeholder}
            defaultValue={Array.isArray(value) ? value.join(", ") : ""}
            onChange={(e) => {
              const items = e.target.value.split(",").map((s) => s.trim()).filter(Boolean);
              onChange(control.path, control.nullable && items.length === 0 ? null : items);
            }}
          />
          {help}
        </div>
      );
    case "markdown":
      return (
        <div className="sheet-field">
          <label htmlFor={id}>{control.label}</label>
          <textarea id={id} className="input sheet-textarea" rows={10} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(control.path, e.target.value)} />
          {help}
        </div>
      );
    case "range": {
      const range = Array.isArray(value) ? (value as [number, number]) : null;
      const set = (i: 0 | 1, s: string) => {
        const n = num(s);
        const next: [number | null, number | null] = range ? [...range] : [null, null];
        next[i] = n;
        onChange(control.path, next[0] === null || next[1] === null ? (next[0] === null && next[1] === null ? null : next) : next);
      };
      return (
        <fieldset className="sheet-field sheet-range">
          <legend>{control.label}</legend>
          <input aria-label={`${control.label} min`} className="input input-sm" type="number" placeholder="auto" value={range?.[0] ?? ""} onChange={(e) => set(0, e.target.value)} />
          <span aria-hidden="true">–</span>
          <input aria-label={`${control.label} max`} className="input input-sm" type="number" placeholder="auto" value={range?.[1] ?? ""} onChange={(e) => set(1, e.target.value)} />
          {help}
        </fieldset>
      );
    }
    case "xaxis": {
      const metric = value && typeof value === "object" ? (value as { metric: string }).metric : null;
      return (
        <div className="sheet-field">
          <label htmlFor={id}>{control.label}</label>
          <div className="sheet-row">
            <select
              id={id}
              className="input input-sm"
              value={metric !== null ? "metric" : String(value)}
              onChange={(e) => onChange(control.path, e.target.value === "metric" ? { metric: metric ?? "" } : e.target.value)}
            >
              <option value="step">Step</option>
              <option value="relativeTime">Relative time</option>
              <option value="wallTime">Wall time</option>
              <option value="metric">Another metric…</option>
            </select>
            {metric !== null ? (
              <input aria-label="X metric" className="input input-sm" list={listFor("metric")} value={metric} onChange={(e) => onChange(control.path, { metric: e.target.value })} />
            ) : null}
          </div>
        </div>
      );
    }
    case "baseline": {
      const b = (value ?? { kind: "none" }) as { kind: string; run?: string; seconds?: number };
      return (
        <div className="sheet-field">
          <label htmlFor={id}>{control.label}</label>
          <div className="sheet-row">
            <select
              id={id}
              className="input input-sm"
              value={b.kind}
              onChange={(e) => onChange(control.path, e.target.value === "run" ? { kind: "run", run: "" } : e.target.value === "ago" ? { kind: "ago", seconds: 3600 } : { kind: "none" })}
            >
              <option value="none">Nothing</option>
              <option value="run">A baseline run</option>
              <option value="ago">The value a while ago</option>
            </select>
            {b.kind === "run" ? (
              <input aria-label="Baseline run id" className="input input-sm" list={listFor("run")} value={b.run ?? ""} onChange={(e) => onChange(control.path, { kind: "run", run: e.target.value })} />
            ) : null}
            {b.kind === "ago" ? (
              <select aria-label="How long ago" className="input input-sm" value={b.seconds} onChange={(e) => onChange(control.path, { kind: "ago", seconds: Number(e.target.value) })}>
                <option value={600}>10 minutes</option>
                <option value={3600}>1 hour</option>
                <option value={86400}>1 day</option>
                <option value={604800}>1 week</option>
              </select>
            ) : null}
          </div>
        </div>
      );
    }
  }
}
