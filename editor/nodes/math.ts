/** Math commands and the `$…$` / `$$` input rules. */
import { InputRule } from "prosemirror-inputrules";
import { NodeSelection, type Command } from "prosemirror-state";
import { schema } from "../schema";
import { insertBlock } from "./insertBlock";

/** Inserts inline math; selected text becomes its LaTeX source. */
export const insertMathInline: Command = (state, dispatch) => {
  const { from, to, $from } = state.selection;
  if ($from.parent.type.spec.code) return false;
  if (!$from.parent.canReplaceWith($from.index(), $from.index(), schema.nodes.math_inline)) return false;
  if (dispatch) {
    const latex = state.doc.textBetween(from, to, " ");
    const tr = state.tr.replaceSelectionWith(schema.nodes.math_inline.create({ latex }), false);
    dispatch(tr.setSelection(NodeSelection.create(tr.doc, from)).scrollIntoView());
  }
  return true;
};

/** Inserts a display math block (node-selected, so its view opens the editor). */
export const insertMathBlock: Command = insertBlock(() => schema.nodes.math_block.create());

/** `$x^2$` typed in text becomes inline math (not `$$`, not an empty or space-padded formula). */
export const mathInlineRule: InputRule = new InputRule(/(?<![$\\])\$([^$\s](?:[^$]*[^$\s\\])?)\$$/, (state, match, start, end) => {
  const $start = state.doc.resolve(start);
  if ($start.parent.type.spec.code) return null;
  return state.tr.replaceWith(start, end, schema.nodes.math_inline.create({ latex: match[1] }));
});

/** `$$` and a space at the start of an empty paragraph insert a math block. */
export const mathBlockRule: InputRule = new InputRule(/^\$\$\s$/, (state, _match, start, end) => {
  const $start = state.doc.resolve(start);
  if ($start.parent.type !== schema.nodes.paragraph || $start.parentOffset !== 0 || $start.parent.content.size !== end - start) return null;
  const from = $start.before();
  const tr = state.tr.replaceWith(from, $start.after(), schema.nodes.math_block.create());
  return tr.setSelection(NodeSelection.create(tr.doc, from));
});
