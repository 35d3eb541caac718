/**
 * The slice of plotly.js the run page's charts use (plotly.js-basic-dist-min ships no types, and
 * @types/plotly.js would be a new dependency for four functions).
 */
declare module "plotly.js-basic-dist-min" {
  /** A plotted element: plotly adds an event emitter to it. */
  export interface PlotlyElement extends HTMLElement {
    on(event: "plotly_relayout", handler: (event: Record<string, unknown>) => void): void;
    removeAllListeners?(event?: string): void;
  }
  /** The functions we call. */
  export interface PlotlyStatic {
    react(el: HTMLElement, data: unknown[], layout: Record<string, unknown>, config: Record<string, unknown>): Promise<PlotlyElement>;
    purge(el: HTMLElement): void;
    Plots: { resize(el: HTMLElement): void };
  }
  const Plotly: PlotlyStatic;
  export default Plotly;
}
