/** The buttons of the floating selection toolbar and their state, computed from editor state alone. */
import type { MarkType } from "prosemirror-model";
import type { Command, EditorState } from "prosemirror-state";
import { schema } from "../schema";
import { linkAt, removeLink, requestLink, type LinkRequest } from "../nodes/link";
import { toggleCode, toggleEm, toggleStrikethrough, toggleStrong } from "../nodes/markCommands";
import { insertMathInline } from "../nodes/math";

/** One toolbar button. */
export interface ToolbarButton {
  id: string;
  label: string;
  title: string;
  active: boolean;
  enabled: boolean;
  command: Command;
}

function markActive(state: EditorState, type: MarkType): boolean {
  const { from, to, empty, $from } = state.selection;
  return empty ? type.isInSet(state.storedMarks ?? $from.marks()) !== undefined : state.doc.rangeHasMark(from, to, type);
}

/** The toolbar's buttons for `state`; `onLinkRequest` is the host's link prompt. */
export function toolbarButtons(state: EditorState, onLinkRequest?: LinkRequest): ToolbarButton[] {
  const button = (id: string, label: string, title: string, command: Command, active = false): ToolbarButton => ({
    id,
    label,
    title,
    active,
    enabled: command(state),
    command,
  });
  const inLink = markActive(state, schema.marks.link) || linkAt(state) !== null;
  const link: Command = inLink && !onLinkRequest ? removeLink : requestLink(onLinkRequest ?? (() => undefined));
  return [
    button("strong", "B", "Bold (Mod-B)", toggleStrong, markActive(state, schema.marks.strong)),
    button("em", "I", "Italic (Mod-I)", toggleEm, markActive(state, schema.marks.em)),
    button("strikethrough", "S", "Strikethrough (Mod-Shift-S)", toggleStrikethrough, markActive(state, schema.marks.strikethrough)),
    button("code", "</>", "Code (Mod-E)", toggleCode, markActive(state, schema.marks.code)),
    button("link", "Link", "Link (Mod-K)", link, inLink),
    button("math", "∑", "Inline math", insertMathInline),
  ];
}
