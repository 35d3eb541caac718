/**
 * A floating toolbar above a non-empty text selection (bold, italic, strikethrough, code, link,
 * math, comment). Buttons come from toolbarButtons.ts; this module only draws them. Hidden in code
 * blocks; in read-only editors only the Comment button shows, and only for people who may comment
 * (commenters cannot edit but can still select text and comment on it). Mod-Alt-M comments too: it
 * is listened for on the document, because a read-only editor never has keyboard focus.
 */
import { Plugin, TextSelection } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import type { LinkRequest } from "../nodes/link";
import { toolbarButtons, type ToolbarButton } from "./toolbarButtons";

/** The host's comment hooks: whether the user may comment now, and what "Comment" does. */
export interface CommentRequest {
  canComment: () => boolean;
  onComment: (view: EditorView) => void;
}

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** The Comment button for `request`. */
function commentButton(request: CommentRequest): ToolbarButton {
  return {
    id: "comment",
    label: "Comment",
    title: "Comment (Mod-Alt-M)",
    active: false,
    enabled: true,
    command: (_state, dispatch, view) => {
      if (dispatch && view) request.onComment(view);
      return true;
    },
  };
}

class SelectionToolbarView {
  private readonly dom: HTMLElement;
  private readonly onKey = (event: KeyboardEvent) => this.keydown(event);

  constructor(
    private readonly view: EditorView,
    private readonly onLinkRequest: LinkRequest | undefined,
    private readonly comment: CommentRequest | undefined,
  ) {
    const doc = view.dom.ownerDocument;
    doc.addEventListener("keydown", this.onKey);
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
    const commenting = this.comment?.canComment() ? this.comment : null;
    if ((!this.view.editable && !commenting) || !(selection instanceof TextSelection) || selection.empty || selection.$from.parent.type.spec.code) {
      this.dom.hidden = true;
      return;
    }
    const buttons = [...(this.view.editable ? toolbarButtons(state, this.onLinkRequest) : []), ...(commenting ? [commentButton(commenting)] : [])];
    const doc = this.dom.ownerDocument;
    this.dom.replaceChildren(
      ...buttons.map((b) => {
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

  /** Mod-Alt-M with a selection in this editor: comment on it. */
  private keydown(event: KeyboardEvent): void {
    const mod = isMac() ? event.metaKey : event.ctrlKey;
    if (!mod || !event.altKey || event.code !== "KeyM" || !this.comment?.canComment()) return;
    const { selection } = this.view.state;
    const dom = this.view.dom.ownerDocument.getSelection();
    const inside = this.view.hasFocus() || (dom?.anchorNode != null && this.view.dom.contains(dom.anchorNode));
    if (!inside || selection.empty) return;
    event.preventDefault();
    this.comment.onComment(this.view);
  }

  destroy(): void {
    this.dom.ownerDocument.removeEventListener("keydown", this.onKey);
    this.dom.remove();
  }
}

/**
 * The floating selection toolbar plugin; `onLinkRequest` opens the host's link prompt, `comment`
 * adds the Comment button and Mod-Alt-M.
 */
export function selectionToolbarPlugin(options: { onLinkRequest?: LinkRequest; comment?: CommentRequest } = {}): Plugin {
  return new Plugin({ view: (view) => new SelectionToolbarView(view, options.onLinkRequest, options.comment) });
}
