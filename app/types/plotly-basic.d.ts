/**
 * The slice of plotly.js the charts use (plotly.js-basic-dist-min ships no types, and
 * @types/plotly.js would be a new dependency for a handful of functions).
 */
declare module "plotly.js-basic-dist-min" {
  /** A plotted element: plotly adds an event emitter to it. */
  export interface PlotlyElement extends HTMLElement {
    on(event: "plotly_relayout", handler: (event: Record<string, unknown>) => void): void;
    on(event: "plotly_selected" | "plotly_click" | "plotly_hover" | "plotly_unhover" | "plotly_restyle" | "plotly_afterplot", handler: (event: unknown) => void): void;
    removeAllListeners?(event?: string): void;
  }
  /** Image export options. */
  export interface ImageOptions {
    format: "svg" | "png";
    width?: number;
    height?: number;
    scale?: number;
    filename?: string;
  }
  /** The functions we call. */
  export interface PlotlyStatic {
    react(el: HTMLElement, data: unknown[], layout: Record<string, unknown>, config: Record<string, unknown>): Promise<PlotlyElement>;
    purge(el: HTMLElement): void;
    /** A drawn graph div, or a figure drawn off screen for the export alone. */
    toImage(el: HTMLElement | { data: unknown[]; layout: Record<string, unknown>; config?: Record<string, unknown> }, options: ImageOptions): Promise<string>;
    Plots: { resize(el: HTMLElement): void };
  }
  const Plotly: PlotlyStatic;
  export default Plotly;
}
