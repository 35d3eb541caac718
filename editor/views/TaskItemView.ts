/**
 * Node view for `task_item` (browser only): a real checkbox before the item's content. Toggling it
 * is an ordinary transaction (so it syncs and undoes like typing); read-only editors disable it.
 */
import type { Node } from "prosemirror-model";
import type { EditorView, NodeView } from "prosemirror-view";

/** The task item node view. */
export class TaskItemView implements NodeView {
  /** The `<li>`. */
  readonly dom: HTMLElement;
  /** Where ProseMirror renders the item's paragraphs. */
  readonly contentDOM: HTMLElement;
  private readonly checkbox: HTMLInputElement;

  constructor(
    private node: Node,
    private readonly view: EditorView,
    private readonly getPos: () => number | undefined,
  ) {
    const doc = view.dom.ownerDocument;
    this.dom = doc.createElement("li");
    this.dom.setAttribute("data-task-item", "");
    this.checkbox = doc.createElement("input");
    this.checkbox.type = "checkbox";
    this.checkbox.contentEditable = "false";
    this.checkbox.addEventListener("mousedown", (event) => event.preventDefault());
    this.checkbox.addEventListener("change", () => this.toggle());
    const label = doc.createElement("span");
    label.className = "folio-task-checkbox";
    label.contentEditable = "false";
    label.append(this.checkbox);
    this.contentDOM = doc.createElement("div");
    this.contentDOM.className = "folio-task-content";
    this.dom.append(label, this.contentDOM);
    this.sync();
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.sync();
    return true;
  }

  stopEvent(event: Event): boolean {
    return event.target === this.checkbox;
  }

  ignoreMutation(mutation: MutationRecord | { type: "selection"; target: globalThis.Node }): boolean {
    return mutation.type === "attributes" && mutation.target === this.dom;
  }

  private sync(): void {
    const checked = this.node.attrs.checked === true;
    this.checkbox.checked = checked;
    this.checkbox.disabled = !this.view.editable;
    this.dom.setAttribute("data-checked", String(checked));
  }

  private toggle(): void {
    const pos = this.getPos();
    if (pos === undefined || !this.view.editable) {
      this.sync();
      return;
    }
    this.view.dispatch(this.view.state.tr.setNodeMarkup(pos, null, { checked: !this.node.attrs.checked }));
  }
}
