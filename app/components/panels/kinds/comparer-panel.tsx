/**
 * Run comparer panel: config and summary side by side, the runs as columns. "Differences only"
 * starts from the panel's setting and can be flipped by the reader without editing the report.
 * Every value is React text (never HTML).
 */
import { useMemo, useState } from "react";
import { formatValue, isNumeric } from "../../../lib/format";
import { comparerRows } from "../../../lib/panels/comparer-rows";
import { runLabel } from "../../../lib/panels/get-field";
import { visibleRuns } from "../../../lib/panels/line-request";
import { runColor } from "../../../lib/run-colors";
import type { PanelViewProps } from "../panel-kinds";
import { configOf } from "./config-of";
import { PanelEmpty } from "./panel-empty";

/** Most runs side by side. */
const MAX_COLUMNS = 30;

/** The comparer panel's view. */
export function ComparerPanel({ panel, runSet, runs }: PanelViewProps) {
  const config = configOf(panel, "comparer");
  const initial = config?.differencesOnly ?? false;
  const [differencesOnly, setDifferencesOnly] = useState(initial);
  const [seen, setSeen] = useState(initial);
  // The panel's setting was edited: follow it.
  if (seen !== initial) {
    setSeen(initial);
    setDifferencesOnly(initial);
  }
  const shown = useMemo(() => visibleRuns(runs, runSet).slice(0, MAX_COLUMNS), [runs, runSet]);
  const rows = useMemo(() => comparerRows(shown, differencesOnly), [shown, differencesOnly]);
  if (!config) return null;
  const overrides = runSet?.overrides ?? {};
  return (
    <div className="panel-table-wrap">
      <label className="panel-table-toolbar">
        <input type="checkbox" checked={differencesOnly} onChange={(e) => setDifferencesOnly(e.target.checked)} /> Differences only
      </label>
      {rows.length === 0 ? (
        <PanelEmpty>{differencesOnly ? "These runs do not differ." : "These runs have no config or summary yet."}</PanelEmpty>
      ) : (
        <table className="panel-table" data-testid="panel-table">
          <thead>
            <tr>
              <th scope="col">Field</th>
              {shown.map((r) => (
                <th key={r.id} scope="col" title={r.id}>
                  <span className="run-dot" style={{ background: overrides[r.id]?.color ?? runColor(r.id) }} aria-hidden="true" />
                  {overrides[r.id]?.name || runLabel(r)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.field} className={row.different && !differencesOnly ? "is-different" : undefined}>
                <th scope="row" title={row.field}>{row.field}</th>
                {row.values.map((v, i) => (
                  <td key={shown[i].id} className={isNumeric(v) ? "num" : undefined} title={formatValue(v)}>
                    {formatValue(v)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {visibleRuns(runs, runSet).length > MAX_COLUMNS ? <span className="panel-note">First {MAX_COLUMNS} runs</span> : null}
    </div>
  );
}
