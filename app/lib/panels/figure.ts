/**
 * What the panel builders hand to the plotly wrapper (app/components/panels/plotly-figure.tsx):
 * traces and a layout as plain objects, plus the layout every panel shares. Structural, so this
 * pure side never imports plotly or React.
 */

/** Traces and layout as plotly takes them. */
export interface PanelFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

/** The layout every panel starts from: tight margins, transparent paper, the app's font. */
export function baseLayout(): Record<string, unknown> {
  return {
    margin: { l: 48, r: 12, t: 8, b: 36 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { family: "inherit", size: 11 },
    hovermode: "closest",
    showlegend: true,
    legend: { orientation: "h", y: -0.18, font: { size: 10 } },
  };
}

/** `#rrggbb` as `rgba(r,g,b,alpha)` (anything else is returned unchanged). */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1], 16)},${parseInt(m[2], 16)},${parseInt(m[3], 16)},${alpha})`;
}
