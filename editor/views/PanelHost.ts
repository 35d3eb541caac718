/**
 * The contract between the panel grid's node views (editor/views) and the app that draws panels.
 * The editor owns layout, selection, drag and resize and every document change; the host owns what
 * is inside a panel (fetching data, plotly, tables) and the side sheets that edit panels and run
 * sets. The editor never imports the app: the app passes a `PanelHost` to createFolioEditor.
 */
import type { Panel, RunSet } from "../panels/panelSpec";

/** What a mounted panel is given, and given again whenever any of it changes. */
export interface PanelContext {
  /** The grid's id attribute (unique in the document). */
  gridId: string;
  panel: Panel;
  /** The grid's run sets (the panel reads the one named by `panel.runSet`). */
  runSets: RunSet[];
  readOnly: boolean;
}

/** A panel drawn by the host into the element the editor gave it. */
export interface PanelMount {
  /** The panel's spec or the grid's run sets changed (or the element's size did). */
  update(context: PanelContext): void;
  /** The element was resized (drag, full screen, window): redraw to fit. */
  resize(): void;
  /** Save the panel as an image file. */
  download(format: "svg" | "png"): void;
  destroy(): void;
}

/** What the app provides to draw and edit panels. */
export interface PanelHost {
  /** Draws a panel's content into `element`. */
  mountPanel(element: HTMLElement, context: PanelContext): PanelMount;
  /** Opens the panel editor (side sheet) for one panel. */
  editPanel(gridId: string, panelId: string): void;
  /** Opens the run-set editor of a grid (optionally focused on one run set). */
  editRunSets(gridId: string, runSetId?: string): void;
  /** The project new grids start with ("team/project"). */
  defaultProject: string;
}
