/**
 * What a panel's chart shows, for e2e tests: a canvas line plot's traces (its `folioTraces`,
 * line-figure.tsx), or plotly's traces (gd.data) with the live appends drawn over the figure since
 * plotly last drew (the graph div's `folioAppended`, plotly-figure.tsx) put back at the end of their
 * traces; and how often each drew.
 */
import type { Locator } from "playwright-core";

/** A drawn trace. */
export interface DrawnTrace {
  name?: string;
  type?: string;
  x?: unknown[];
  y?: unknown[];
  meta?: unknown;
  visible?: unknown;
}

/** The traces shown in `panel` (an element holding one chart), appends included. */
export function drawnTraces(panel: Locator): Promise<DrawnTrace[]> {
  return panel.evaluate((el) => {
    // A line plot on canvas (line-figure.tsx) lists what it shows, appends included.
    const canvas = el.querySelector(".panel-canvas") as unknown as { folioTraces?: DrawnTrace[] } | null;
    if (canvas?.folioTraces) return canvas.folioTraces;
    const gd = el.querySelector(".js-plotly-plot") as unknown as { data?: DrawnTrace[]; folioAppended?: Record<number, { x: unknown[]; y: unknown[] }> } | null;
    return (gd?.data ?? []).map((d, i) => {
      const extra = gd?.folioAppended?.[i];
      return {
        name: d.name, type: d.type, meta: d.meta, visible: d.visible,
        x: [...Array.from(d.x ?? []), ...(extra?.x ?? [])],
        y: [...Array.from(d.y ?? []), ...(extra?.y ?? [])],
      };
    });
  });
}

/** Points shown in `panel`, over all its traces. */
export async function drawnPoints(panel: Locator): Promise<number> {
  return (await drawnTraces(panel)).reduce((n, t) => n + (t.x?.length ?? 0), 0);
}

/** How often `panel`'s figure was drawn (by plotly or on canvas), and how many live appends were drawn on it. */
export function drawCounts(panel: Locator): Promise<{ draws: number; appends: number }> {
  return panel.evaluate((el) => {
    const figure = el.querySelector(".panel-figure");
    return { draws: Number(figure?.getAttribute("data-drawn") ?? 0), appends: Number(figure?.getAttribute("data-appended") ?? 0) };
  });
}

/**
 * What `panel` shows besides its chart, for a failed wait's message: its text (a loading, empty or
 * error state says so), which renderer holds the figure and how often it drew.
 */
export function panelState(panel: Locator): Promise<string> {
  return panel.evaluate((el) => {
    const figure = el.querySelector(".panel-figure");
    const text = (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 300);
    const renderer = figure?.getAttribute("data-renderer") ?? (el.querySelector(".js-plotly-plot") ? "plotly" : "none");
    return `panel: renderer ${renderer}, drawn ${figure?.getAttribute("data-drawn") ?? "-"}, appended ${figure?.getAttribute("data-appended") ?? "-"}, text "${text}"`;
  });
}
