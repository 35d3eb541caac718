/**
 * plotly.js, loaded on first use in the browser only: a dynamic import keeps its ~1 MB out of the
 * server render and out of every page that has no chart (the module loader fetches it once and
 * caches it). The bundle is UMD, so depending on how the bundler wraps it the API is the module's
 * default export or the module itself.
 */
import type { PlotlyStatic } from "plotly.js-basic-dist-min";

/** The plotly API. Call only in effects (never during render: there is no window on the server). */
export async function loadPlotly(): Promise<PlotlyStatic> {
  const m = (await import("plotly.js-basic-dist-min")) as unknown as { default?: PlotlyStatic } & PlotlyStatic;
  return m.default && typeof m.default.react === "function" ? m.default : m;
}
