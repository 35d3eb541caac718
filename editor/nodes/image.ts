/** Inserting images by URL (Folio stores no image bytes; reports link to them). */
import type { Command } from "prosemirror-state";
import { isSafeImageSrc, schema } from "../schema";

/** Inserts an image at the selection; refuses URLs other than http(s) or relative ones. */
export function insertImage(src: string, alt = "", title = ""): Command {
  return (state, dispatch) => {
    const url = src.trim();
    const { $from } = state.selection;
    if (!isSafeImageSrc(url) || $from.parent.type.spec.code) return false;
    if (!$from.parent.canReplaceWith($from.index(), $from.indexAfter(), schema.nodes.image)) return false;
    if (dispatch) dispatch(state.tr.replaceSelectionWith(schema.nodes.image.create({ src: url, alt, title })).scrollIntoView());
    return true;
  };
}
