/**
 * Node view for `math_inline` and `math_block` (browser only). The formula renders in place with
 * KaTeX (renderMath.ts). Selecting the node (a click, or arrowing onto it) opens a source editor with
 * a live preview under it; Enter (inline) or Mod-Enter (block) or leaving the field commits the
 * source as one transaction, Escape cancels. Errors show as a text message, never as HTML.
 */
import type { Node } from "prosemirror-model";
import { TextSelection } from "prosemirror-state";
import type { EditorView, NodeView } from "prosemirror-view";
import { loadKatex, MAX_LATEX_LENGTH, renderMath } from "./renderMath";

/** Each element's latest paint, so a paint waiting for KaTeX does not overwrite a later one. */
const paints = new WeakMap<HTMLElement, number>();

/**
 * Renders `latex` into `target`: KaTeX HTML, or a readable error, or a placeholder when empty;
 * while KaTeX loads (renderMath.ts), the source, then the formula.
 */
function paint(target: HTMLElement, latex: string, displayMode: boolean): void {
  const paintNo = (paints.get(target) ?? 0) + 1;
  paints.set(target, paintNo);
  target.classList.remove("folio-math-error", "folio-math-empty", "folio-math-pending");
  if (latex.trim() === "") {
    target.textContent = displayMode ? "Empty formula: click to edit" : "ƒ";
    target.classList.add("folio-math-empty");
    return;
  }
  const result = renderMath(latex, displayMode);
  if (result.pending) {
    target.textContent = latex;
    target.classList.add("folio-math-pending");
    void loadKatex().then(() => paints.get(target) === paintNo && paint(target, latex, displayMode));
    return;
  }
  if (result.html !== undefined) {
    target.innerHTML = result.html;
  } else {
    target.textContent = result.error;
    target.classList.add("folio-math-error");
  }
}

/** The node view of both math nodes. */
export class MathView implements NodeView {
  /** The outer element ProseMirror places in the document. */
  readonly dom: HTMLElement;
  private readonly rendered: HTMLElement;
  private readonly displayMode: boolean;
  private editor: { root: HTMLElement; input: HTMLTextAreaElement } | null = null;

  constructor(
    private node: Node,
    private readonly view: EditorView,
    private readonly getPos: () => number | undefined,
  ) {
    this.displayMode = node.type.name === "math_block";
    const tag = this.displayMode ? "div" : "span";
    this.dom = document.createElement(tag);
    this.dom.className = `folio-math ${this.displayMode ? "folio-math-block" : "folio-math-inline"}`;
    this.rendered = document.createElement(tag);
    this.rendered.className = "folio-math-render";
    this.dom.append(this.rendered);
    paint(this.rendered, node.attrs.latex as string, this.displayMode);
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    if (!this.editor) paint(this.rendered, node.attrs.latex as string, this.displayMode);
    return true;
  }

  selectNode(): void {
    this.dom.classList.add("ProseMirror-selectednode");
    if (this.view.editable) this.open();
  }

  deselectNode(): void {
    this.dom.classList.remove("ProseMirror-selectednode");
    this.close(true);
  }

  /** Events inside the source editor belong to it, not to ProseMirror. */
  stopEvent(event: Event): boolean {
    return this.editor !== null && event.target instanceof globalThis.Node && this.editor.root.contains(event.target);
  }

  ignoreMutation(): boolean {
    return true;
  }

  destroy(): void {
    this.editor = null;
  }

  private open(): void {
    if (this.editor) return;
    const doc = this.dom.ownerDocument;
    const root = doc.createElement(this.displayMode ? "div" : "span");
    root.className = "folio-math-editor";
    const input = doc.createElement("textarea");
    input.className = "folio-math-source";
    input.value = this.node.attrs.latex as string;
    input.maxLength = MAX_LATEX_LENGTH;
    input.rows = this.displayMode ? Math.min(8, input.value.split("\n").length + 1) : 1;
    input.spellcheck = false;
    input.setAttribute("aria-label", "LaTeX source");
    const preview = doc.createElement(this.displayMode ? "div" : "span");
    preview.className = "folio-math-preview";
    root.append(input, preview);
    paint(preview, input.value, this.displayMode);
    input.addEventListener("input", () => paint(preview, input.value, this.displayMode));
    input.addEventListener("keydown", (event) => {
      const commitKey = event.key === "Enter" && (this.displayMode ? event.metaKey || event.ctrlKey : !event.shiftKey);
      if (commitKey || event.key === "Escape" || (event.key === "Tab" && !this.displayMode)) {
        event.preventDefault();
        this.close(event.key !== "Escape");
        this.leave();
      }
    });
    input.addEventListener("blur", () => this.close(true));
    this.editor = { root, input };
    this.rendered.style.display = "none";
    this.dom.append(root);
    input.focus();
  }

  /** Closes the source editor, committing its text when `commit` and it changed. */
  private close(commit: boolean): void {
    const editor = this.editor;
    if (!editor) return;
    this.editor = null;
    editor.root.remove();
    this.rendered.style.display = "";
    const latex = editor.input.value.slice(0, MAX_LATEX_LENGTH);
    const pos = this.getPos();
    if (commit && pos !== undefined && latex !== this.node.attrs.latex) {
      this.view.dispatch(this.view.state.tr.setNodeMarkup(pos, null, { latex }));
    } else {
      paint(this.rendered, this.node.attrs.latex as string, this.displayMode);
    }
  }

  /** Puts the cursor right after the formula and gives the editor focus back. */
  private leave(): void {
    const pos = this.getPos();
    if (pos === undefined) return;
    const { state } = this.view;
    const after = Math.min(pos + this.node.nodeSize, state.doc.content.size);
    this.view.dispatch(state.tr.setSelection(TextSelection.near(state.doc.resolve(after))));
    this.view.focus();
  }
}
