/** Plain-text tables for benchmark output: label columns left-aligned, figures right-aligned. */

/** Renders `header` and `rows` as aligned columns with a rule under the header. */
export function formatTable(header: string[], rows: string[][], labelColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < labelColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   ").trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("   "), ...rows.map(line)].join("\n");
}
