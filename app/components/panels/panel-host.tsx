/**
 * The app's side of the panel grid (editor/views/PanelHost.ts): each panel the editor lays out
 * gets its own React root drawing `PanelBody`; one LiveHub (one change feed per project) and one
 * RunSetCache serve every panel of the page. Editing panels and run sets opens the page's side
 * sheets through the callbacks.
 */
import { createRoot } from "react-dom/client";
import type { PanelContext, PanelHost, PanelMount } from "../../../editor/views/PanelHost";
import type { LiveHub } from "~/lib/panels/live-hub";
import type { RunSetCache } from "~/lib/panels/run-set-cache";
import { PanelBody, type PanelHandleRef } from "./panel-body";

/** What the host needs from the page. */
export interface PanelHostOptions {
  defaultProject: string;
  hub: LiveHub;
  cache: RunSetCache;
  onEditPanel: (gridId: string, panelId: string) => void;
  onEditRunSets: (gridId: string, runSetId?: string) => void;
}

/** Builds the PanelHost the editor is given. */
export function createPanelHost(options: PanelHostOptions): PanelHost {
  return {
    defaultProject: options.defaultProject,
    editPanel: options.onEditPanel,
    editRunSets: options.onEditRunSets,
    mountPanel(element: HTMLElement, context: PanelContext): PanelMount {
      const root = createRoot(element);
      const handle: PanelHandleRef = { current: null };
      let current = context;
      const render = () => root.render(<PanelBody context={current} hub={options.hub} cache={options.cache} handle={handle} />);
      render();
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
          // Not synchronously: the editor may destroy node views while React is rendering.
          setTimeout(() => root.unmount(), 0);
        },
      };
    },
  };
}
