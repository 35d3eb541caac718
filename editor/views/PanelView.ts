/**
 * The node view of a `panel` atom (browser only): a header (title, actions) and a body the app
 * draws into through the PanelHost. The editor owns placement, drag and resize; the host owns the
 * body. Drag and resize follow the pointer with a placeholder on the grid's overlay and commit one
 * movePanel / resizePanel on release, so a drag is one undo step and one collab update.
 *
 * Geometry: the grid is GRID_COLUMNS equal columns and rows of PANEL_ROW_HEIGHT px, separated by
 * PANEL_GAP px (app/styles/panel-grid.css uses the same figures); a pointer position maps to the
 * nearest column/row boundary.
 */
import type { Node } from "prosemirror-model";
import { NodeSelection, type Command } from "prosemirror-state";
import type { EditorView, NodeView } from "prosemirror-view";
import { deletePanel, duplicatePanel, movePanel, readPanel, resizePanel } from "../nodes/panelGrid";
import { clampLayout } from "../panels/gridLayout";
import { runSetsFromAttr } from "../panels/panelGridNode";
import { canonicalJson, GRID_COLUMNS, PANEL_LABELS, RunSet, type Panel, type PanelLayout } from "../panels/panelSpec";
import type { CommentRequest } from "../plugins/selectionToolbarPlugin";
import type { PanelHost, PanelMount } from "./PanelHost";

/** Height of one grid row and the gap between rows and columns, in CSS pixels. */
export const PANEL_ROW_HEIGHT = 40;
export const PANEL_GAP = 12;

/** What a panel view shares with its grid and the other views of the editor. */
export interface PanelViewContext {
  host: PanelHost;
  /** Comments, when the report has them: the header's Comment button comments on the whole panel. */
  comment?: CommentRequest;
  /** Called when the view is destroyed (the feature forgets it). */
  forget(view: PanelView): void;
}

/**
 * The header's icons, drawn as SVG strokes (24×24, in the text's color): symbol glyphs such as ⧉ or
 * 💬 are missing from many systems' fonts and showed as empty boxes there.
 */
const ICONS = {
  edit: "M4 20h4L19 9l-4-4L4 16v4ZM13.5 6.5l4 4",
  duplicate: "M9 9h11v11H9ZM5 15H4V4h11v1",
  fullscreen: "M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5",
  comment: "M4 5h16v11H9l-5 4Z",
  delete: "M6 6l12 12M18 6 6 18",
} as const;

function icon(doc: Document, name: keyof typeof ICONS): SVGSVGElement {
  const svg = doc.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "panel-icon");
  const path = doc.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

/** A header button: an icon (or a short text), its label for assistive tech, a tooltip naming its key. */
function button(doc: Document, label: string, face: keyof typeof ICONS | { text: string }, className: string, key = ""): HTMLButtonElement {
  const b = doc.createElement("button");
  b.type = "button";
  b.className = `panel-action ${className}`;
  b.setAttribute("aria-label", label);
  // The tooltip names the key that does the same on a focused panel.
  b.title = key ? `${label} (${key})` : label;
  if (typeof face === "string") b.append(icon(doc, face));
  else b.textContent = face.text;
  return b;
}

type Gesture = { kind: "move" | "resize"; pointerId: number; startX: number; startY: number; dx: number; dy: number; target: PanelLayout; placeholder: HTMLElement | null };

/** The node view of `panel`. */
export class PanelView implements NodeView {
  /** The panel element (a grid item of the grid's content element). */
  readonly dom: HTMLElement;
  private readonly header: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private readonly handle: HTMLElement;
  private readonly editOnly: HTMLElement[];
  /** Shown while the reader may comment. */
  private commentButton: HTMLButtonElement | null = null;
  private readonly resizeObserver: ResizeObserver | null;
  private mount: PanelMount | null = null;
  private panel: Panel | null = null;
  private gridId = "";
  private runSetsJson = "[]";
  private runSets: RunSet[] = [];
  private readOnly: boolean;
  private rendered = "";
  private gesture: Gesture | null = null;

  constructor(
    private node: Node,
    private readonly view: EditorView,
    private readonly getPos: () => number | undefined,
    private readonly context: PanelViewContext,
  ) {
    const doc = view.dom.ownerDocument;
    this.readOnly = !view.editable;
    this.dom = doc.createElement("div");
    this.dom.className = "panel";
    this.dom.tabIndex = 0;
    this.dom.contentEditable = "false";
    this.dom.setAttribute("role", "group");
    this.header = doc.createElement("div");
    this.header.className = "panel-header";
    this.title = doc.createElement("span");
    this.title.className = "panel-title";
    const actions = doc.createElement("div");
    actions.className = "panel-actions";
    const edit = button(doc, "Edit panel", "edit", "panel-edit", "Enter");
    const duplicate = button(doc, "Duplicate panel", "duplicate", "panel-duplicate", "D");
    const full = button(doc, "Full screen", "fullscreen", "panel-fullscreen", "F");
    const svg = button(doc, "Download SVG", { text: "SVG" }, "panel-download");
    const png = button(doc, "Download PNG", { text: "PNG" }, "panel-download");
    const remove = button(doc, "Delete panel", "delete", "panel-delete", "Delete");
    actions.append(edit, duplicate, full, svg, png);
    if (context.comment) {
      this.commentButton = button(doc, "Comment on panel", "comment", "panel-comment");
      this.commentButton.addEventListener("click", () => this.commentOnPanel());
      actions.append(this.commentButton);
    }
    actions.append(remove);
    this.header.append(this.title, actions);
    this.body = doc.createElement("div");
    this.body.className = "panel-body";
    this.handle = doc.createElement("div");
    this.handle.className = "panel-resize-handle";
    this.handle.setAttribute("aria-hidden", "true");
    this.dom.append(this.header, this.body, this.handle);
    this.editOnly = [edit, duplicate, remove, this.handle];

    edit.addEventListener("click", () => this.edit());
    duplicate.addEventListener("click", () => this.run((g, p) => duplicatePanel(g, p)));
    remove.addEventListener("click", () => this.run(deletePanel));
    full.addEventListener("click", () => this.toggleFullScreen());
    svg.addEventListener("click", () => this.mount?.download("svg"));
    png.addEventListener("click", () => this.mount?.download("png"));
    this.header.addEventListener("pointerdown", (e) => this.startGesture(e, "move"));
    this.handle.addEventListener("pointerdown", (e) => this.startGesture(e, "resize"));
    for (const el of [this.header, this.handle]) {
      el.addEventListener("pointermove", (e) => this.moveGesture(e));
      el.addEventListener("pointerup", (e) => this.endGesture(e, true));
      el.addEventListener("pointercancel", (e) => this.endGesture(e, false));
    }
    this.dom.addEventListener("keydown", (e) => this.onKey(e));

    const pos = getPos();
    const grid = pos === undefined ? null : view.state.doc.resolve(pos).parent;
    if (grid) this.setGrid(grid.attrs.id as string, grid.attrs.runSets as string);
    this.render();
    this.resizeObserver = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => this.mount?.resize());
    this.resizeObserver?.observe(this.body);
  }

  /** Selects the whole panel and asks the host to start a thread on it (read-only commenters too). */
  private commentOnPanel(): void {
    const request = this.context.comment;
    const pos = this.getPos();
    if (!request?.canComment() || pos === undefined) return;
    this.view.dispatch(this.view.state.tr.setSelection(NodeSelection.create(this.view.state.doc, pos)));
    request.onComment(this.view);
  }

  /** The grid's id or run sets changed (called by the grid's view). */
  setGrid(gridId: string, runSetsJson: string): void {
    if (gridId === this.gridId && runSetsJson === this.runSetsJson) return;
    this.gridId = gridId;
    this.runSetsJson = runSetsJson;
    this.runSets = runSetsFromAttr(runSetsJson);
    this.render();
  }

  /** The editor became editable or read-only. */
  setReadOnly(readOnly: boolean): void {
    // Whether the reader may comment can change without the panel changing (access loads, roles change).
    if (this.commentButton) this.commentButton.hidden = !this.context.comment?.canComment();
    if (readOnly === this.readOnly) return;
    this.readOnly = readOnly;
    this.render();
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.render();
    return true;
  }

  /** Applies the node's attributes: title, placement, controls, and the host's mount. */
  private render(): void {
    const key = canonicalJson([this.node.attrs, this.gridId, this.runSetsJson, this.readOnly]);
    if (key === this.rendered) return;
    this.rendered = key;
    this.panel = readPanel(this.node);
    const panel = this.panel;
    const label = panel ? panel.title || PANEL_LABELS[panel.type] : "Invalid panel";
    // Titles are untrusted: text only.
    this.title.textContent = label;
    this.dom.setAttribute("aria-label", label);
    this.dom.dataset.panelId = String(this.node.attrs.id);
    this.dom.classList.toggle("is-readonly", this.readOnly);
    for (const el of this.editOnly) el.hidden = this.readOnly;
    if (this.commentButton) this.commentButton.hidden = !this.context.comment?.canComment();
    if (panel) {
      const { x, y, w, h } = panel.layout;
      this.dom.style.gridColumn = `${x + 1} / span ${w}`;
      this.dom.style.gridRow = `${y + 1} / span ${h}`;
    }
    if (!panel) {
      this.mount?.destroy();
      this.mount = null;
      this.body.textContent = "This panel's settings are not valid.";
      return;
    }
    const ctx = { gridId: this.gridId, panel, runSets: this.runSets, readOnly: this.readOnly };
    if (this.mount) this.mount.update(ctx);
    else {
      this.body.textContent = "";
      this.mount = this.context.host.mountPanel(this.body, ctx);
    }
  }

  private run(make: (gridId: string, panelId: string) => Command): boolean {
    if (!this.view.editable || !this.panel) return false;
    return make(this.gridId, this.panel.id)(this.view.state, this.view.dispatch);
  }

  private edit(): void {
    if (this.view.editable && this.panel) this.context.host.editPanel(this.gridId, this.panel.id);
  }

  private toggleFullScreen(force?: boolean): void {
    const on = this.dom.classList.toggle("is-fullscreen", force);
    this.dom.querySelector(".panel-fullscreen")?.setAttribute("aria-pressed", String(on));
    this.mount?.resize();
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === "Escape" && this.dom.classList.contains("is-fullscreen")) {
      this.toggleFullScreen(false);
      event.preventDefault();
      return;
    }
    // Only with the panel itself focused: never while typing in the body or on a button.
    if (event.target !== this.dom || !this.panel) return;
    const plain = !event.altKey && !event.ctrlKey && !event.metaKey;
    // Full screen is for readers too (a stakeholder presenting a dashboard).
    if (plain && event.key === "f") {
      this.toggleFullScreen();
      event.preventDefault();
      return;
    }
    if (!this.view.editable) return;
    const { x, y, w, h } = this.panel.layout;
    const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    let handled = true;
    if (event.key === "Enter") this.edit();
    else if (event.key === "Delete" || event.key === "Backspace") this.run(deletePanel);
    else if (plain && event.key === "d") this.run((g, p) => duplicatePanel(g, p));
    else if (event.altKey && arrows[event.key]) {
      const [dx, dy] = arrows[event.key];
      if (event.shiftKey) this.run((g, p) => resizePanel(g, p, Math.max(1, w + dx), Math.max(1, h + dy)));
      else this.run((g, p) => movePanel(g, p, Math.max(0, x + dx), Math.max(0, y + dy)));
    } else handled = false;
    if (handled) event.preventDefault();
  }

  /** The grid's item box and one column's width (in px). */
  private geometry(): { rect: DOMRect; column: number } | null {
    const items = this.dom.parentElement;
    if (!items) return null;
    const rect = items.getBoundingClientRect();
    return { rect, column: (rect.width - (GRID_COLUMNS - 1) * PANEL_GAP) / GRID_COLUMNS };
  }

  private startGesture(event: PointerEvent, kind: Gesture["kind"]): void {
    if (event.button !== 0 || !this.view.editable || !this.panel || this.dom.classList.contains("is-fullscreen")) return;
    if (kind === "move" && (event.target as HTMLElement).closest("button")) return;
    event.preventDefault();
    const own = this.dom.getBoundingClientRect();
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    const placeholder = this.dom.closest(".panel-grid")?.querySelector<HTMLElement>(".panel-grid-overlay") ?? null;
    const ghost = placeholder ? this.dom.ownerDocument.createElement("div") : null;
    if (ghost && placeholder) {
      ghost.className = "panel-placeholder";
      placeholder.append(ghost);
    }
    this.gesture = { kind, pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, dx: event.clientX - own.left, dy: event.clientY - own.top, target: this.panel.layout, placeholder: ghost };
    this.dom.classList.add(kind === "move" ? "is-dragging" : "is-resizing");
    this.showPlaceholder();
  }

  private moveGesture(event: PointerEvent): void {
    const g = this.gesture;
    const geometry = this.geometry();
    if (!g || g.pointerId !== event.pointerId || !geometry || !this.panel) return;
    const { rect, column } = geometry;
    const layout = this.panel.layout;
    const colStep = column + PANEL_GAP;
    const rowStep = PANEL_ROW_HEIGHT + PANEL_GAP;
    if (g.kind === "move") {
      const left = event.clientX - g.dx - rect.left;
      const top = event.clientY - g.dy - rect.top;
      g.target = clampLayout({ ...layout, x: Math.round(left / colStep), y: Math.round(top / rowStep) });
      this.dom.style.transform = `translate(${event.clientX - g.startX}px, ${event.clientY - g.startY}px)`;
    } else {
      const start = this.dom.getBoundingClientRect();
      const width = event.clientX - start.left + PANEL_GAP;
      const height = event.clientY - start.top + PANEL_GAP;
      const w = Math.min(GRID_COLUMNS - layout.x, Math.max(1, Math.round(width / colStep)));
      g.target = clampLayout({ ...layout, w, h: Math.max(1, Math.round(height / rowStep)) });
    }
    this.showPlaceholder();
  }

  private showPlaceholder(): void {
    const g = this.gesture;
    if (!g?.placeholder) return;
    const { x, y, w, h } = g.target;
    g.placeholder.style.gridColumn = `${x + 1} / span ${w}`;
    g.placeholder.style.gridRow = `${y + 1} / span ${h}`;
  }

  private endGesture(event: PointerEvent, commit: boolean): void {
    const g = this.gesture;
    if (!g || g.pointerId !== event.pointerId) return;
    this.gesture = null;
    g.placeholder?.remove();
    this.dom.style.transform = "";
    this.dom.classList.remove("is-dragging", "is-resizing");
    const layout = this.panel?.layout;
    if (!commit || !layout) return;
    const { x, y, w, h } = g.target;
    if (g.kind === "move" && (x !== layout.x || y !== layout.y)) this.run((gr, p) => movePanel(gr, p, x, y));
    if (g.kind === "resize" && (w !== layout.w || h !== layout.h)) this.run((gr, p) => resizePanel(gr, p, w, h));
  }

  stopEvent(event: Event): boolean {
    // Everything inside a panel is ours or the host's: ProseMirror must not select or drag it.
    return event.target instanceof globalThis.Node && this.dom.contains(event.target);
  }

  ignoreMutation(): boolean {
    return true;
  }

  destroy(): void {
    this.resizeObserver?.disconnect();
    this.gesture?.placeholder?.remove();
    this.mount?.destroy();
    this.mount = null;
    this.context.forget(this);
  }
}
