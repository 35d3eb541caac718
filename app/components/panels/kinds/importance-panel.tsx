/**
 * Parameter importance panel: the server's ranking of the run set's config parameters against a
 * metric (fetched by app/lib/panels/panel-fetch.ts), as a table sorted by any column. Every value is React text.
 */
import { useMemo, useState } from "react";
import { formatValue } from "../../../lib/format";
import { importanceBars, sortImportance, type ImportanceAnswer, type ImportanceSort } from "../../../lib/panels/importance-rows";
import type { PanelViewProps } from "../panel-kinds";
import { configOf } from "./config-of";
import { PanelEmpty } from "./panel-empty";

const COLUMNS: { key: ImportanceSort; label: string }[] = [
  { key: "param", label: "Parameter" },
  { key: "importance", label: "Importance" },
  { key: "correlation", label: "Correlation" },
];

/** The importance panel's view. */
export function ImportancePanel({ panel, extra }: PanelViewProps) {
  const config = configOf(panel, "importance");
  const answer = extra as ImportanceAnswer | null;
  const [sort, setSort] = useState<{ key: ImportanceSort; dir: "asc" | "desc" }>({ key: "importance", dir: "desc" });
  const rows = useMemo(() => sortImportance(answer?.params ?? [], sort.key, sort.dir), [answer, sort]);
  const maxImportance = Math.max(0, ...rows.map((r) => r.importance ?? 0));
  if (!config) return null;
  if (!rows.length) return <PanelEmpty>No data for {config.metric} yet.</PanelEmpty>;
  const toggle = (key: ImportanceSort) => setSort((s) => (s.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: key === "param" ? "asc" : "desc" }));
  return (
    <div className="panel-table-wrap">
      <table className="panel-table" data-testid="panel-table">
        <caption className="panel-table-caption">
          {config.metric} · {answer?.runs ?? 0} runs
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" aria-sort={sort.key === c.key ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}>
                <button type="button" onClick={() => toggle(c.key)}>
                  {c.label}
                  {sort.key === c.key ? (sort.dir === "asc" ? " ↑" : " ↓") : ""}
                </button>
              </th>
            ))}
            <th scope="col" className="num">n</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => {
            const bars = importanceBars(p, maxImportance);
            return (
              <tr key={p.param}>
                <td title={p.param}>{p.param}</td>
                <td className="num">
                  <span className="importance-bar" style={{ width: `${Math.round(bars.importance * 60)}px` }} aria-hidden="true" />
                  {p.importance === null ? "—" : formatValue(p.importance)}
                </td>
                <td className="num">
                  <span className={`importance-bar${bars.negative ? " is-negative" : ""}`} style={{ width: `${Math.round(bars.correlation * 60)}px` }} aria-hidden="true" />
                  {p.correlation === null ? "—" : formatValue(p.correlation)}
                </td>
                <td className="num">{p.n}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
