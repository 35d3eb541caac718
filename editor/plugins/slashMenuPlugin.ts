/**
 * The `/` menu. Its state (plugin state, no DOM) follows the text before the cursor: a `/` at the
 * start of a textblock or after a space, followed by a query, opens the menu; moving away, a space in
 * the query or Escape closes it. Arrow keys move the highlight, Enter or Tab runs the highlighted
 * item: the `/query` text is deleted and the item's command applied, in one transaction. The
 * plugin view draws the menu as a plain DOM list next to the cursor.
 */
import { Plugin, PluginKey, Selection, type Command, type EditorState, type Transaction } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { filterSlashMenuItems, slashMenuItems, type SlashMenuItem } from "./slashMenuItems";
import { createOptionList, showOptionList } from "./optionList";

/** The slash menu's state: closed, or open at `from` (the `/`) with a query and a highlight. */
export interface SlashMenuState {
  open: boolean;
  from: number;
  query: string;
  selected: number;
  /** Position of a `/` the user dismissed with Escape (the menu stays closed for it). */
  dismissedAt: number | null;
}

/** The plugin's key. */
export const slashMenuKey = new PluginKey<SlashMenuState>("folio-slash-menu");

const CLOSED: SlashMenuState = { open: false, from: 0, query: "", selected: 0, dismissedAt: null };

type Meta = { type: "move"; delta: number } | { type: "dismiss" };

function detect(state: EditorState, previous: SlashMenuState): SlashMenuState {
  const { selection } = state;
  const { $from } = selection;
  if (!selection.empty || !$from.parent.isTextblock || $from.parent.type.spec.code) return { ...CLOSED, dismissedAt: null };
  const before = $from.parent.textBetween(0, $from.parentOffset, undefined, "\ufffc");
  const match = /(?:^|\s)\/([\w-]{0,30})$/.exec(before);
  if (!match) return { ...CLOSED, dismissedAt: null };
  const from = $from.pos - match[1].length - 1;
  if (previous.dismissedAt === from) return { ...CLOSED, dismissedAt: from };
  const query = match[1];
  const selected = previous.open && previous.from === from && previous.query === query ? previous.selected : 0;
  return { open: true, from, query, selected, dismissedAt: null };
}

/** The items the menu shows for `menu`, out of `items`. */
export function visibleItems(menu: SlashMenuState, items: readonly SlashMenuItem[] = slashMenuItems): SlashMenuItem[] {
  return menu.open ? filterSlashMenuItems(menu.query, items) : [];
}

/** A command that deletes the `/query` text from `from` to the cursor and runs `item`, as one step. */
export function runSlashItem(item: SlashMenuItem, from: number): Command {
  return (state, dispatch, view) => {
    const tr = state.tr.delete(from, state.selection.from);
    const middle = state.apply(tr);
    let result: Transaction | null = null;
    const ok = item.command(
      middle,
      (inner) => {
        result = inner;
      },
      view,
    );
    if (!ok) return false;
    if (dispatch) {
      const inner = result as Transaction | null;
      if (inner) {
        inner.steps.forEach((step) => tr.step(step));
        tr.setSelection(Selection.fromJSON(tr.doc, inner.selection.toJSON()));
      }
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

function menuKeyDown(view: EditorView, event: KeyboardEvent, all: readonly SlashMenuItem[]): boolean {
  const menu = slashMenuKey.getState(view.state);
  if (!menu?.open) return false;
  const items = visibleItems(menu, all);
  const move = (delta: number) => view.dispatch(view.state.tr.setMeta(slashMenuKey, { type: "move", delta } satisfies Meta));
  switch (event.key) {
    case "ArrowDown":
      move(1);
      return true;
    case "ArrowUp":
      move(-1);
      return true;
    case "Escape":
      view.dispatch(view.state.tr.setMeta(slashMenuKey, { type: "dismiss" } satisfies Meta));
      return true;
    case "Enter":
    case "Tab": {
      const item = items[menu.selected];
      if (!item) return false;
      runSlashItem(item, menu.from)(view.state, view.dispatch, view);
      return true;
    }
    default:
      return false;
  }
}

/** Draws the open menu as a list positioned under the `/`. */
class SlashMenuView {
  private readonly dom: HTMLElement;

  constructor(
    private readonly view: EditorView,
    private readonly items: readonly SlashMenuItem[],
  ) {
    this.dom = createOptionList(view, "folio-slash-menu");
    this.update();
  }

  update(): void {
    const menu = slashMenuKey.getState(this.view.state);
    const items = menu ? visibleItems(menu, this.items) : [];
    if (!menu?.open || items.length === 0 || !this.view.editable) {
      this.dom.hidden = true;
      return;
    }
    showOptionList(this.view, this.dom, menu.from, items.map((item, i) => ({
      label: item.label,
      selected: i === menu.selected,
      choose: () => runSlashItem(item, menu.from)(this.view.state, this.view.dispatch, this.view),
    })));
  }

  destroy(): void {
    this.dom.remove();
  }
}

/** Options of the slash menu: hosts may offer more items (say, an image from a URL prompt). */
export interface SlashMenuOptions {
  items?: readonly SlashMenuItem[];
}

/** The slash menu plugin. */
export function slashMenuPlugin(options: SlashMenuOptions = {}): Plugin<SlashMenuState> {
  const items = options.items ?? slashMenuItems;
  return new Plugin<SlashMenuState>({
    key: slashMenuKey,
    state: {
      init: () => CLOSED,
      apply(tr, previous, _old, newState) {
        const meta = tr.getMeta(slashMenuKey) as Meta | undefined;
        if (meta?.type === "dismiss") return { ...CLOSED, dismissedAt: previous.from };
        if (meta?.type === "move") {
          const count = visibleItems(previous, items).length;
          return count ? { ...previous, selected: (previous.selected + meta.delta + count) % count } : previous;
        }
        if (!tr.docChanged && !tr.selectionSet) return previous;
        return detect(newState, previous);
      },
    },
    props: { handleKeyDown: (view, event) => menuKeyDown(view, event, items) },
    view: (view) => new SlashMenuView(view, items),
  });
}

export { slashMenuItems };
