/**
 * Bullet, ordered and task lists: commands, the `- ` / `* ` / `1. ` / `[ ] ` input rules, and the
 * Enter / Tab / Shift-Tab / Mod-Enter bindings. Both item types (list_item, task_item) get the same
 * splitting and nesting behaviour.
 */
import { chainCommands } from "prosemirror-commands";
import { InputRule, wrappingInputRule } from "prosemirror-inputrules";
import type { Node } from "prosemirror-model";
import { liftListItem, sinkListItem, splitListItem, wrapInList } from "prosemirror-schema-list";
import { TextSelection, type Command } from "prosemirror-state";
import { findWrapping } from "prosemirror-transform";
import { schema } from "../schema";

const { bullet_list, ordered_list, task_list, list_item, task_item } = schema.nodes;

/** Wraps the selection in a bullet list. */
export const wrapInBulletList: Command = wrapInList(bullet_list);
/** Wraps the selection in an ordered list. */
export const wrapInOrderedList: Command = wrapInList(ordered_list);
/** Wraps the selection in a task list of unchecked items. */
export const wrapInTaskList: Command = wrapInList(task_list);

/** Tab in a list: nests the item under the previous one. */
export const sinkItem: Command = chainCommands(sinkListItem(list_item), sinkListItem(task_item));
/** Shift-Tab in a list: moves the item one level out. */
export const liftItem: Command = chainCommands(liftListItem(list_item), liftListItem(task_item));

const liftEmptyItem: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || $from.parent.content.size !== 0 || $from.depth < 2) return false;
  const item = $from.node(-1).type;
  return (item === list_item || item === task_item) && liftItem(state, dispatch);
};

/** Enter in a list: splits the item (a new task starts unchecked); in an empty item, lifts it out. */
export const splitItem: Command = chainCommands(splitListItem(list_item), splitListItem(task_item, { checked: false }), liftEmptyItem);

/** Mod-Enter: checks or unchecks the innermost task item around the selection. */
export const toggleTaskChecked: Command = (state, dispatch) => {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (node.type === task_item) {
      if (dispatch) dispatch(state.tr.setNodeMarkup($from.before(depth), null, { checked: !node.attrs.checked }));
      return true;
    }
  }
  return false;
};

/** `- ` or `* ` at the start of a paragraph starts a bullet list. */
export const bulletListRule: InputRule = wrappingInputRule(/^\s*([-*])\s$/, bullet_list);

/** `1. ` (any number) starts an ordered list at that number. */
export const orderedListRule: InputRule = wrappingInputRule(
  /^(\d{1,9})\.\s$/,
  ordered_list,
  (match) => ({ start: Number(match[1]) }),
  (match, node) => node.childCount + (node.attrs.start as number) === Number(match[1]),
);

/**
 * `[ ] ` or `[x] ` at the start of a paragraph starts a task list; typed at the start of an item of
 * a bullet list (after `- `), it turns that whole list into a task list.
 */
export const taskListRule: InputRule = new InputRule(/^\[([ xX])\]\s$/, (state, match, start, end) => {
  const checked = match[1] !== " ";
  const tr = state.tr.delete(start, end);
  const $start = tr.doc.resolve(start);
  const item = $start.node(-1);
  const list = $start.node(-2);
  if ($start.depth >= 3 && item?.type === list_item && list?.type === bullet_list && $start.index(-1) === 0) {
    const listPos = $start.before(-2);
    const items: Node[] = [];
    list.forEach((child, _offset, i) => {
      items.push(task_item.create({ checked: i === $start.index(-2) ? checked : false }, child.content));
    });
    tr.replaceWith(listPos, listPos + list.nodeSize, task_list.create(null, items));
    return tr.setSelection(TextSelection.create(tr.doc, start));
  }
  const range = $start.blockRange();
  const wrapping = range && findWrapping(range, task_list);
  if (!range || !wrapping) return null;
  tr.wrap(range, wrapping);
  const $item = tr.doc.resolve(tr.mapping.map(start));
  for (let depth = $item.depth; depth > 0; depth--) {
    if ($item.node(depth).type === task_item) {
      tr.setNodeMarkup($item.before(depth), null, { checked });
      break;
    }
  }
  return tr;
});
