/**
 * A floating toolbar above a non-empty text selection (bold, italic, strikethrough, code, link,
 * math). Buttons come from toolbarButtons.ts; this module only draws them. Hidden in read-only
 * editors and code blocks.
 */
import { Plugin, TextSelection } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import type { LinkRequest } from "../nodes/link";
import { toolbarButtons } from "./toolbarButtons";

class SelectionToolbarView {
  private readonly dom: HTMLElement;

  constructor(
    private readonly view: EditorView,
    private readonly onLinkRequest: LinkRequest | undefined,
  ) {
    const doc = view.dom.ownerDocument;
    this.dom = doc.createElement("div");
    this.dom.className = "folio-selection-toolbar";
    this.dom.setAttribute("role", "toolbar");
    this.dom.hidden = true;
    (view.dom.parentElement ?? doc.body).append(this.dom);
    this.update();
  }

  update(): void {
    const { state } = this.view;
    const { selection } = state;
    if (!this.view.editable || !(selection instanceof TextSelection) || selection.empty || selection.$from.parent.type.spec.code) {
      this.dom.hidden = true;
      return;
    }
    const doc = this.dom.ownerDocument;
    this.dom.replaceChildren(
      ...toolbarButtons(state, this.onLinkRequest).map((b) => {
        const el = doc.createElement("button");
        el.type = "button";
        el.className = "folio-toolbar-button";
        el.textContent = b.label;
        el.title = b.title;
        el.disabled = !b.enabled;
        el.setAttribute("aria-pressed", String(b.active));
        el.dataset.action = b.id;
        // mousedown (not click) so the editor keeps its selection.
        el.addEventListener("mousedown", (event) => {
          event.preventDefault();
          b.command(this.view.state, this.view.dispatch, this.view);
        });
        return el;
      }),
    );
    const start = this.view.coordsAtPos(selection.from);
    const end = this.view.coordsAtPos(selection.to);
    const box = this.dom.offsetParent?.getBoundingClientRect() ?? { left: 0, top: 0 };
    this.dom.hidden = false;
    const left = Math.max(0, (start.left + end.left) / 2 - this.dom.offsetWidth / 2 - box.left);
    this.dom.style.left = `${left}px`;
    this.dom.style.top = `${start.top - box.top - this.dom.offsetHeight - 6}px`;
  }

  destroy(): void {
    this.dom.remove();
  }
}

/** The floating selection toolbar plugin; `onLinkRequest` opens the host's link prompt. */
export function selectionToolbarPlugin(options: { onLinkRequest?: LinkRequest } = {}): Plugin {
  return new Plugin({ view: (view) => new SelectionToolbarView(view, options.onLinkRequest) });
}
