/**
 * The popup list both `/` (slashMenuPlugin.ts) and `@` (mentionPlugin.ts) show under the caret: a
 * `listbox` of `option` buttons placed under a document position, chosen by mouse (the keyboard is
 * each plugin's own). Options are built with textContent, never HTML.
 */
import type { EditorView } from "prosemirror-view";

/** One option: its text, whether it is the highlighted one, and what choosing it does. */
export interface ListOption {
  label: string;
  selected: boolean;
  choose: () => void;
}

/** Creates the hidden list next to the editor; `className` and `label` describe it. */
export function createOptionList(view: EditorView, className: string, label?: string): HTMLElement {
  const doc = view.dom.ownerDocument;
  const dom = doc.createElement("div");
  dom.className = className;
  dom.setAttribute("role", "listbox");
  if (label) dom.setAttribute("aria-label", label);
  dom.hidden = true;
  (view.dom.parentElement ?? doc.body).append(dom);
  return dom;
}

/** Fills `dom` with `options` and shows it under document position `at`. */
export function showOptionList(view: EditorView, dom: HTMLElement, at: number, options: readonly ListOption[]): void {
  const doc = dom.ownerDocument;
  dom.replaceChildren(
    ...options.map((o) => {
      const option = doc.createElement("button");
      option.type = "button";
      option.className = "folio-slash-item";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", String(o.selected));
      option.textContent = o.label;
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();
        o.choose();
        view.focus();
      });
      return option;
    }),
  );
  const coords = view.coordsAtPos(at);
  const box = dom.offsetParent?.getBoundingClientRect() ?? { left: 0, top: 0 };
  dom.style.left = `${coords.left - box.left}px`;
  dom.style.top = `${coords.bottom - box.top + 4}px`;
  dom.hidden = false;
}
