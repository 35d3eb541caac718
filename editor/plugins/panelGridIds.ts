/**
 * Keeps panel grid ids unique in a document. Commands and the app address a grid by its id
 * (findPanelGrid), so a pasted or duplicated grid must not keep its original's id: after a local
 * transaction that inserts a grid, every grid whose id is empty or already used earlier in the
 * document gets a fresh one. Remote (y-prosemirror) transactions are left alone: the client that
 * made the change fixes it, and two clients renaming the same grid converge (last writer wins).
 */
import type { Node } from "prosemirror-model";
import { Plugin, type Transaction } from "prosemirror-state";
import { ReplaceStep, ReplaceAroundStep } from "prosemirror-transform";
import { ySyncPluginKey } from "y-prosemirror";
import { newPanelId } from "../panels/panelSpec";
import { schema } from "../schema";

function insertsGrid(tr: Transaction): boolean {
  return tr.steps.some((step) => {
    if (!(step instanceof ReplaceStep || step instanceof ReplaceAroundStep)) return false;
    let found = false;
    step.slice.content.descendants((node) => {
      if (node.type === schema.nodes.panel_grid) found = true;
      return !found && !node.isTextblock;
    });
    return found;
  });
}

function isRemote(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return meta?.isChangeOrigin === true;
}

/** A transaction giving fresh ids to grids whose id is empty or repeats an earlier one, or null. */
export function fixPanelGridIds(doc: Node, tr: Transaction, random: () => number = Math.random): Transaction | null {
  const seen = new Set<string>();
  let changed = false;
  doc.descendants((node, pos) => {
    if (node.type !== schema.nodes.panel_grid) return node.isBlock && !node.isTextblock;
    let id = node.attrs.id as string;
    if (id === "" || seen.has(id)) {
      do id = newPanelId(random);
      while (seen.has(id));
      tr.setNodeAttribute(pos, "id", id);
      changed = true;
    }
    seen.add(id);
    return false;
  });
  return changed ? tr : null;
}

/** The plugin applying fixPanelGridIds after local transactions that insert a grid. */
export function panelGridIdsPlugin(): Plugin {
  return new Plugin({
    appendTransaction(transactions, _old, state) {
      if (!transactions.some((tr) => tr.docChanged && !isRemote(tr) && insertsGrid(tr))) return null;
      return fixPanelGridIds(state.doc, state.tr);
    },
  });
}
