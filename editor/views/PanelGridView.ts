/**
 * The node view of `panel_grid` (browser only) and the feature that wires grids into an editor
 * when the app provides a PanelHost. The grid's panels are ProseMirror children rendered by
 * PanelView into a 12-column CSS grid (the content element); an overlay grid of the same shape
 * above it shows the drop placeholder while a panel is dragged or resized. A toolbar adds panels
 * and opens the run-set editor.
 *
 * A child's node view is only updated when its own node changes, so when the grid's run sets
 * change this view hands them to its panels; a plugin view tells every panel when the editor
 * turns read-only or editable.
 */
import type { CommentRequest } from "../plugins/selectionToolbarPlugin";
import type { Node } from "prosemirror-model";
import { Plugin } from "prosemirror-state";
import type { EditorView, NodeView } from "prosemirror-view";
import { addPanel } from "../nodes/panelGrid";
import { PANEL_LABELS, PANEL_TYPES } from "../panels/panelSpec";
import type { PanelHost } from "./PanelHost";
import { PanelView } from "./PanelView";

/** What the grid views of one editor share. */
interface GridRegistry {
  host: PanelHost;
  panels: WeakMap<HTMLElement, PanelView>;
  all: Set<PanelView | PanelGridView>;
}

/** The node view of `panel_grid`. */
export class PanelGridView implements NodeView {
  /** The grid element: toolbar, then the canvas. */
  readonly dom: HTMLElement;
  /** The 12-column grid ProseMirror renders the panels into. */
  readonly contentDOM: HTMLElement;
  private readonly toolbar: HTMLElement;
  private readonly menu: HTMLElement;
  private readonly addButton: HTMLButtonElement;
  private readOnly: boolean;

  constructor(
    private node: Node,
    private readonly view: EditorView,
    private readonly registry: GridRegistry,
  ) {
    const doc = view.dom.ownerDocument;
    this.readOnly = !view.editable;
    this.dom = doc.createElement("div");
    this.dom.className = "panel-grid";
    this.dom.contentEditable = "false";
    this.toolbar = doc.createElement("div");
    this.toolbar.className = "panel-grid-toolbar";
    this.addButton = doc.createElement("button");
    this.addButton.type = "button";
    this.addButton.className = "panel-grid-button";
    this.addButton.textContent = "Add panel";
    this.addButton.setAttribute("aria-haspopup", "menu");
    this.addButton.setAttribute("aria-expanded", "false");
    const runSets = doc.createElement("button");
    runSets.type = "button";
    runSets.className = "panel-grid-button";
    runSets.textContent = "Run sets";
    this.menu = doc.createElement("div");
    this.menu.className = "panel-grid-menu";
    this.menu.setAttribute("role", "menu");
    this.menu.hidden = true;
    for (const type of PANEL_TYPES) {
      const item = doc.createElement("button");
      item.type = "button";
      item.setAttribute("role", "menuitem");
      item.dataset.panelType = type;
      item.textContent = PANEL_LABELS[type];
      item.addEventListener("click", () => {
        this.toggleMenu(false);
        if (this.view.editable) addPanel(this.gridId, type)(this.view.state, this.view.dispatch);
      });
      this.menu.append(item);
    }
    this.addButton.addEventListener("click", () => this.toggleMenu());
    this.menu.addEventListener("keydown", (e) => {
      const items = Array.from(this.menu.querySelectorAll("button"));
      const at = items.indexOf(e.target as HTMLButtonElement);
      if (e.key === "Escape") {
        this.toggleMenu(false);
        this.addButton.focus();
      } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        items[(at + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length]?.focus();
      } else return;
      e.preventDefault();
    });
    runSets.addEventListener("click", () => this.registry.host.editRunSets(this.gridId));
    // The menu closes when focus leaves the toolbar (a click elsewhere, Tab away).
    this.toolbar.addEventListener("focusout", (e) => {
      if (!(e.relatedTarget instanceof globalThis.Node && this.toolbar.contains(e.relatedTarget))) this.toggleMenu(false);
    });
    this.toolbar.append(this.addButton, runSets, this.menu);
    const canvas = doc.createElement("div");
    canvas.className = "panel-grid-canvas";
    const overlay = doc.createElement("div");
    overlay.className = "panel-grid-overlay";
    overlay.setAttribute("aria-hidden", "true");
    this.contentDOM = doc.createElement("div");
    this.contentDOM.className = "panel-grid-items";
    canvas.append(overlay, this.contentDOM);
    this.dom.append(this.toolbar, canvas);
    this.sync();
  }

  private get gridId(): string {
    return this.node.attrs.id as string;
  }

  private toggleMenu(open = this.menu.hidden): void {
    this.menu.hidden = !open;
    this.addButton.setAttribute("aria-expanded", String(open));
    if (open) this.menu.querySelector("button")?.focus();
  }

  /** The editor became editable or read-only. */
  setReadOnly(readOnly: boolean): void {
    if (readOnly === this.readOnly) return;
    this.readOnly = readOnly;
    this.sync();
  }

  private sync(): void {
    this.dom.dataset.panelGrid = this.gridId;
    this.dom.classList.toggle("is-readonly", this.readOnly);
    // Read-only: no toolbar (Full screen and Download stay on each panel).
    this.toolbar.hidden = this.readOnly;
    if (this.readOnly) this.toggleMenu(false);
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    const changed = node.attrs.id !== this.node.attrs.id || node.attrs.runSets !== this.node.attrs.runSets;
    this.node = node;
    this.sync();
    if (changed) {
      for (const child of Array.from(this.contentDOM.children)) {
        this.registry.panels.get(child as HTMLElement)?.setGrid(node.attrs.id as string, node.attrs.runSets as string);
      }
    }
    return true;
  }

  stopEvent(event: Event): boolean {
    return event.target instanceof globalThis.Node && this.toolbar.contains(event.target);
  }

  ignoreMutation(mutation: MutationRecord | { type: "selection"; target: globalThis.Node }): boolean {
    // Only the panels' list is ProseMirror's; the toolbar, overlay and attributes are ours.
    return !(mutation.type === "childList" && mutation.target === this.contentDOM);
  }

  destroy(): void {
    this.registry.all.delete(this);
  }
}

/** The node views and plugin that draw panel grids through `host`. */
export interface PanelGridFeature {
  nodeViews: {
    panel_grid: (node: Node, view: EditorView) => PanelGridView;
    panel: (node: Node, view: EditorView, getPos: () => number | undefined) => PanelView;
  };
  plugin: Plugin;
}

/** Panel grid views for one editor, drawing panels through `host`. */
export function createPanelGridFeature(host: PanelHost, comment?: CommentRequest): PanelGridFeature {
  const registry: GridRegistry = { host, panels: new WeakMap(), all: new Set() };
  return {
    nodeViews: {
      panel_grid: (node, view) => {
        const grid = new PanelGridView(node, view, registry);
        registry.all.add(grid);
        return grid;
      },
      panel: (node, view, getPos) => {
        const panel = new PanelView(node, view, getPos, { host, comment, forget: (v) => registry.all.delete(v) });
        registry.panels.set(panel.dom, panel);
        registry.all.add(panel);
        return panel;
      },
    },
    plugin: new Plugin({
      view: () => ({
        update: (view) => {
          for (const v of registry.all) v.setReadOnly(!view.editable);
        },
      }),
    }),
  };
}
