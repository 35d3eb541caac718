/**
 * The table-of-contents block (browser only). The `toc` node is an atom; its view lists the
 * document's headings as links that move the cursor to the heading. A node view is only updated
 * when its own node changes, so the plugin of `createTocFeature` refreshes the TOC views after each
 * document change.
 */
import type { Node } from "prosemirror-model";
import { Plugin, TextSelection } from "prosemirror-state";
import type { EditorView, NodeView } from "prosemirror-view";
import { collectHeadings, type OutlineEntry } from "../plugins/collectHeadings";

/** The node view of `toc`. */
export class TocView implements NodeView {
  /** The `<nav>` element. */
  readonly dom: HTMLElement;
  private rendered = "";

  constructor(
    private node: Node,
    private readonly view: EditorView,
    private readonly onDestroy: () => void = () => undefined,
  ) {
    this.dom = view.dom.ownerDocument.createElement("nav");
    this.dom.className = "toc";
    this.dom.setAttribute("data-toc", "");
    this.dom.contentEditable = "false";
    this.refresh(collectHeadings(view.state.doc));
  }

  /** Redraws the list when the outline changed. */
  refresh(outline: OutlineEntry[]): void {
    const key = JSON.stringify(outline.map((e) => [e.level, e.text]));
    if (key === this.rendered) return;
    this.rendered = key;
    const doc = this.dom.ownerDocument;
    const list = doc.createElement("ol");
    for (const entry of outline) {
      const item = doc.createElement("li");
      item.className = `toc-level-${entry.level}`;
      const link = doc.createElement("a");
      link.href = "#";
      link.textContent = entry.text || "Untitled";
      link.addEventListener("mousedown", (event) => {
        event.preventDefault();
        this.goTo(entry.text, entry.level);
      });
      item.append(link);
      list.append(item);
    }
    this.dom.replaceChildren(...(outline.length ? [list] : []));
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    return true;
  }

  stopEvent(): boolean {
    return true;
  }

  destroy(): void {
    this.onDestroy();
  }

  ignoreMutation(): boolean {
    return true;
  }

  /** Moves the cursor into the heading (looked up again: positions shift as people type). */
  private goTo(text: string, level: number): void {
    const target = collectHeadings(this.view.state.doc).find((e) => e.text === text && e.level === level);
    if (!target) return;
    const { state } = this.view;
    this.view.dispatch(state.tr.setSelection(TextSelection.near(state.doc.resolve(target.pos + 1))).scrollIntoView());
    this.view.focus();
  }
}

/** The TOC node view factory and the plugin that refreshes its views, sharing one registry. */
export interface TocFeature {
  plugin: Plugin;
  nodeView: (node: Node, view: EditorView) => TocView;
}

/**
 * Creates the TOC pieces for one editor. The views live in a set owned by this editor (no module
 * state); the plugin refreshes them after each document change.
 */
export function createTocFeature(): TocFeature {
  const views = new Set<TocView>();
  return {
    nodeView: (node, view) => {
      const tocView = new TocView(node, view, () => views.delete(tocView));
      views.add(tocView);
      return tocView;
    },
    plugin: new Plugin({
      view: () => ({
        update(view, previous) {
          if (views.size === 0 || view.state.doc.eq(previous.doc)) return;
          const outline = collectHeadings(view.state.doc);
          for (const tocView of views) tocView.refresh(outline);
        },
      }),
    }),
  };
}
