/**
 * The app's side of the panel grid (editor/views/PanelHost.ts): each panel the editor lays out
 * gets its own React root drawing `PanelBody`; one LiveHub (one change feed per project) and one
 * RunSetCache serve every panel of the page. Editing panels and run sets opens the page's side
 * sheets through the callbacks.
 *
 * Each panel's element is watched for being on screen (with a margin): a panel scrolled out of
 * view skips live refreshes and catches up once when it comes back (use-panel-data), so a long
 * report pays per live tick only for the panels a reader can see. Such a panel's element is marked
 * `is-offscreen`, which leaves its canvas out of the page's frames (panels.css).
 *
 * A panel that throws shows its error with "Try again" (panel-error-boundary.tsx), not a blank box.
 */
import { createRoot } from "react-dom/client";
import type { PanelContext, PanelHost, PanelMount } from "../../../editor/views/PanelHost";
import type { LiveHub } from "~/lib/panels/live-hub";
import type { RunSetCache } from "~/lib/panels/run-set-cache";
import { loadPlotly } from "~/lib/load-plotly";
import type { FigureWorker } from "./figure-worker-client";
import { PanelBody, type PanelHandleRef } from "./panel-body";
import { PanelErrorBoundary } from "./panel-error-boundary";

/** What the host needs from the page. */
export interface PanelHostOptions {
  defaultProject: string;
  hub: LiveHub;
  cache: RunSetCache;
  /** The page's figure worker (prefetch-panels.ts), null where there is none. */
  figures?: FigureWorker | null;
  onEditPanel: (gridId: string, panelId: string) => void;
  onEditRunSets: (gridId: string, runSetId?: string) => void;
}

/** Panel types drawn by plotly (app/components/panels/kinds/); line plots draw on canvas until hovered. */
const PLOTTED = new Set(["bar", "scalar", "scatter", "parallel"]);

/** Builds the PanelHost the editor is given. */
export function createPanelHost(options: PanelHostOptions): PanelHost {
  // Line plots draw on canvas and hand over to plotly when hovered (line-figure.tsx): load plotly
  // once the reader moves the pointer, so the first hover does not wait for it.
  let plotlyOnPointer = false;
  const loadPlotlyOnPointer = () => {
    if (plotlyOnPointer || typeof window === "undefined") return;
    plotlyOnPointer = true;
    window.addEventListener("pointermove", () => void loadPlotly().catch(() => undefined), { once: true, passive: true });
  };
  return {
    defaultProject: options.defaultProject,
    editPanel: options.onEditPanel,
    editRunSets: options.onEditRunSets,
    mountPanel(element: HTMLElement, context: PanelContext): PanelMount {
      // Fetch and evaluate plotly while the panel's data is on its way, not after it arrived.
      if (PLOTTED.has(context.panel.type)) void loadPlotly().catch(() => undefined);
      else if (context.panel.type === "line") loadPlotlyOnPointer();
      const root = createRoot(element);
      const handle: PanelHandleRef = { current: null };
      let current = context;
      let visible = true;
      const render = () =>
        root.render(
          <PanelErrorBoundary resetKey={JSON.stringify([current.panel, current.runSets])}>
            <PanelBody context={current} hub={options.hub} cache={options.cache} handle={handle} visible={visible} figures={options.figures ?? null} />
          </PanelErrorBoundary>,
        );
      render();
      const observer = typeof IntersectionObserver === "undefined" ? null : new IntersectionObserver(
        (entries) => {
          const now = entries[entries.length - 1]?.isIntersecting ?? visible;
          if (now === visible) return;
          visible = now;
          element.classList.toggle("is-offscreen", !visible);
          render();
        },
        { rootMargin: "200px 0px" },
      );
      observer?.observe(element);
      return {
        update(next) {
          current = next;
          render();
        },
        resize() {
          handle.current?.resize();
        },
        download(format) {
          const name = (current.panel.title || current.panel.type).replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "panel";
          void handle.current?.download(format, name).catch((error: unknown) => console.error("[folio] panel export failed", error));
        },
        destroy() {
          observer?.disconnect();
          // Not synchronously: the editor may destroy node views while React is rendering.
          setTimeout(() => root.unmount(), 0);
        },
      };
    },
  };
}
