/** The Folio editor's keyboard shortcuts, on top of prosemirror-commands' base keymap. */
import { baseKeymap, chainCommands, exitCode, setBlockType } from "prosemirror-commands";
import { keymap } from "prosemirror-keymap";
import type { Command, Plugin } from "prosemirror-state";
import { schema } from "../schema";
import { toggleHeading } from "./heading";
import { requestLink, type LinkRequest } from "./link";
import { liftItem, sinkItem, splitItem, toggleTaskChecked } from "./lists";
import { toggleCode, toggleEm, toggleStrikethrough, toggleStrong } from "./markCommands";

/** Options of the keymap: the host UI's link prompt for Mod-K. */
export interface FolioKeymapOptions {
  onLinkRequest?: LinkRequest;
}

const insertHardBreak: Command = (state, dispatch) => {
  if (dispatch) dispatch(state.tr.replaceSelectionWith(schema.nodes.hard_break.create()).scrollIntoView());
  return true;
};

/** The key bindings as a plain object (testable without a view). */
export function folioKeyBindings(options: FolioKeymapOptions = {}): Record<string, Command> {
  const bindings: Record<string, Command> = {
    "Mod-b": toggleStrong,
    "Mod-i": toggleEm,
    "Mod-e": toggleCode,
    "Mod-Shift-s": toggleStrikethrough,
    "Mod-Alt-0": setBlockType(schema.nodes.paragraph),
    "Mod-Alt-1": toggleHeading(1),
    "Mod-Alt-2": toggleHeading(2),
    "Mod-Alt-3": toggleHeading(3),
    Enter: splitItem,
    Tab: sinkItem,
    "Shift-Tab": liftItem,
    "Mod-Enter": chainCommands(toggleTaskChecked, exitCode),
    "Shift-Enter": chainCommands(exitCode, insertHardBreak),
  };
  if (options.onLinkRequest) bindings["Mod-k"] = requestLink(options.onLinkRequest);
  return bindings;
}

/** Folio's keymap plugins: its own bindings first, then the base keymap. */
export function folioKeymap(options: FolioKeymapOptions = {}): Plugin[] {
  return [keymap(folioKeyBindings(options)), keymap(baseKeymap)];
}
