/**
 * Keeps a collaborator's selection from covering the whole document without their doing. An
 * editor opened on an empty document (a new report, or one whose content has not arrived yet)
 * has no cursor position, so its selection is an AllSelection; y-prosemirror restores the
 * selection's type after every remote change, so once the others' content arrives the reader has
 * "selected" all of it, and the first thing they type after focusing the editor from the keyboard
 * (or after a click that a remote change then undoes) replaced the whole document. After a remote
 * change, an AllSelection the user did not make becomes a cursor at the document's start; one the
 * user made (select all) is left alone.
 */
import { AllSelection, Plugin, PluginKey, Selection, type Transaction } from "prosemirror-state";
import { ySyncPluginKey } from "y-prosemirror";

const key = new PluginKey<boolean>("folioRemoteSelection");

function isRemote(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return meta?.isChangeOrigin === true;
}

/** The plugin; its state says whether the user selected everything themselves. */
export function remoteSelectionPlugin(): Plugin<boolean> {
  return new Plugin<boolean>({
    key,
    state: {
      init: () => false,
      apply(tr, userAll) {
        if (isRemote(tr)) return userAll;
        if (tr.selectionSet) return tr.selection instanceof AllSelection;
        return userAll && tr.selection instanceof AllSelection;
      },
    },
    appendTransaction(trs, _before, state) {
      if (!trs.some(isRemote) || !(state.selection instanceof AllSelection) || key.getState(state)) return null;
      const start = Selection.atStart(state.doc);
      return start instanceof AllSelection ? null : state.tr.setSelection(start);
    },
  });
}
