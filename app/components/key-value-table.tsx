import { formatValue, isNumeric } from "~/lib/format";

/** Nested objects as dotted keys (`optimizer.lr`), up to a depth where JSON reads better. */
export function flatten(obj: Record<string, unknown>, prefix = "", depth = 0, out: [string, unknown][] = []): [string, unknown][] {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v) && depth < 3 && Object.keys(v).length > 0) flatten(v as Record<string, unknown>, key, depth + 1, out);
    else out.push([key, v]);
  }
  return out;
}

/** A two-column table of keys and values (config, summary); values are text, never markup. */
export function KeyValueTable({ data, empty, testId }: { data: Record<string, unknown>; empty: string; testId?: string }) {
  const rows = flatten(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (rows.length === 0) return <p className="muted small">{empty}</p>;
  return (
    <table className="kv" data-testid={testId}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row" title={k}>{k}</th>
            <td className={isNumeric(v) ? "num" : undefined}>{typeof v === "string" ? v : formatValue(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
