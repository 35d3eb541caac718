/** Commands toggling the formatting marks (strong, em, code, strikethrough) on the selection. */
import { toggleMark } from "prosemirror-commands";
import type { Command } from "prosemirror-state";
import { schema } from "../schema";

/** Toggles bold (Mod-B). */
export const toggleStrong: Command = toggleMark(schema.marks.strong);
/** Toggles italic (Mod-I). */
export const toggleEm: Command = toggleMark(schema.marks.em);
/** Toggles inline code (Mod-E). */
export const toggleCode: Command = toggleMark(schema.marks.code);
/** Toggles strikethrough (Mod-Shift-S). */
export const toggleStrikethrough: Command = toggleMark(schema.marks.strikethrough);
