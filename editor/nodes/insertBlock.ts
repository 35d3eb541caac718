/** Inserting a block node where the cursor is, the way the slash menu and input rules need it. */
import type { Node } from "prosemirror-model";
import { NodeSelection, TextSelection, type Command } from "prosemirror-state";

/**
 * A command inserting `make()` as a block at the selection: it replaces the current textblock when
 * that is empty (the `/` line or a fresh paragraph), otherwise goes after it. Atom blocks end up
 * node-selected (so a math view opens its editor); others get the cursor inside them.
 */
export function insertBlock(make: () => Node): Command {
  return (state, dispatch) => {
    const { $from } = state.selection;
    const node = make();
    const fits = (depth: number) => {
      const parent = $from.node(depth - 1);
      const block = $from.node(depth);
      const empty = block.isTextblock && block.content.size === 0;
      const at = $from.indexAfter(depth - 1);
      return parent.canReplaceWith(empty ? $from.index(depth - 1) : at, at, node.type);
    };
    // The innermost ancestor block that the new block can replace (when empty) or follow.
    let depth = $from.depth;
    while (depth > 0 && !fits(depth)) depth--;
    if (depth === 0) return false;
    if (!dispatch) return true;
    const block = $from.node(depth);
    const start = $from.before(depth);
    const tr = state.tr;
    let pos: number;
    if (block.isTextblock && block.content.size === 0) {
      tr.replaceWith(start, start + block.nodeSize, node);
      pos = start;
    } else {
      pos = start + block.nodeSize;
      tr.insert(pos, node);
    }
    if (node.isAtom) {
      tr.setSelection(NodeSelection.create(tr.doc, pos));
    } else {
      tr.setSelection(TextSelection.near(tr.doc.resolve(pos + 1)));
    }
    dispatch(tr.scrollIntoView());
    return true;
  };
}
