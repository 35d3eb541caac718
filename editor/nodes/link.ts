/**
 * Link commands. Only URLs the schema's policy accepts (editor/schema/safeUrl.ts) can be set:
 * `setLink("javascript:…")` does nothing and reports `false`, like an inapplicable command.
 */
import type { Mark, Node } from "prosemirror-model";
import type { Command, EditorState } from "prosemirror-state";
import { isSafeLinkHref, schema } from "../schema";

/** The link under the cursor (or selection start) and the range it covers in its textblock. */
export interface LinkRange {
  href: string;
  title: string;
  from: number;
  to: number;
}

/** The link mark at the selection head, with the extent of the run of text carrying it. */
export function linkAt(state: EditorState): LinkRange | null {
  const { $from } = state.selection;
  const parent: Node = $from.parent;
  const index = $from.index();
  const find = (i: number): Mark | undefined => (i >= 0 && i < parent.childCount ? schema.marks.link.isInSet(parent.child(i).marks) : undefined);
  const mark = find(index) ?? ($from.textOffset === 0 ? find(index - 1) : undefined);
  if (!mark) return null;
  let first = find(index) === mark ? index : index - 1;
  let last = first;
  while (first > 0 && mark.isInSet(parent.child(first - 1).marks)) first--;
  while (last + 1 < parent.childCount && mark.isInSet(parent.child(last + 1).marks)) last++;
  let from = $from.start();
  for (let i = 0; i < first; i++) from += parent.child(i).nodeSize;
  let to = from;
  for (let i = first; i <= last; i++) to += parent.child(i).nodeSize;
  return { href: mark.attrs.href as string, title: mark.attrs.title as string, from, to };
}

/**
 * Links the selected text to `href` (replacing any link there), or, with an empty selection inside a
 * link, changes that link's target. Refuses unsafe URLs.
 */
export function setLink(href: string, title = ""): Command {
  return (state, dispatch) => {
    const trimmed = href.trim();
    if (!trimmed || !isSafeLinkHref(trimmed)) return false;
    const { from, to, empty } = state.selection;
    const range = empty ? linkAt(state) : { from, to };
    if (!range) return false;
    if (dispatch) {
      const mark = schema.marks.link.create({ href: trimmed, title });
      dispatch(state.tr.removeMark(range.from, range.to, schema.marks.link).addMark(range.from, range.to, mark).scrollIntoView());
    }
    return true;
  };
}

/** Removes links from the selection, or the whole link under an empty selection. */
export const removeLink: Command = (state, dispatch) => {
  const { from, to, empty } = state.selection;
  const range = empty ? linkAt(state) : { from, to };
  if (!range || !state.doc.rangeHasMark(range.from, range.to, schema.marks.link)) return false;
  if (dispatch) dispatch(state.tr.removeMark(range.from, range.to, schema.marks.link));
  return true;
};

/** What the Mod-K hook receives: the current link, if any, for the UI to prompt with. */
export type LinkRequest = (request: { current: LinkRange | null; from: number; to: number }) => void;

/**
 * Mod-K: asks the host UI for a URL (the hook opens a prompt and later runs `setLink`). Applies when
 * text is selected or the cursor is in a link.
 */
export function requestLink(onRequest: LinkRequest): Command {
  return (state, dispatch) => {
    const current = linkAt(state);
    if (state.selection.empty && !current) return false;
    if (dispatch) onRequest({ current, from: state.selection.from, to: state.selection.to });
    return true;
  };
}
