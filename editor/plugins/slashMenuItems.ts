/**
 * What the `/` menu offers: every block of the schema, each with the command that makes it. Items
 * that need the host (the image prompt, the panel grid's PanelHost) are added by createFolioEditor.
 */
import { setBlockType } from "prosemirror-commands";
import type { Command } from "prosemirror-state";
import { CALLOUT_KINDS, schema } from "../schema";
import { insertHorizontalRule, insertTable, insertToc, setCodeBlock, wrapInBlockquote, wrapInCallout } from "../nodes/blocks";
import { toggleHeading } from "../nodes/heading";
import { wrapInBulletList, wrapInOrderedList, wrapInTaskList } from "../nodes/lists";
import { insertMathBlock, insertMathInline } from "../nodes/math";
import { insertPanelGrid } from "../nodes/panelGrid";
import type { PanelHost } from "../views/PanelHost";

/** One entry of the slash menu. */
export interface SlashMenuItem {
  id: string;
  label: string;
  /** Extra words the filter matches. */
  keywords: readonly string[];
  command: Command;
}

/** All slash menu entries, in menu order. */
export const slashMenuItems: readonly SlashMenuItem[] = [
  { id: "paragraph", label: "Text", keywords: ["paragraph", "plain"], command: setBlockType(schema.nodes.paragraph) },
  { id: "heading1", label: "Heading 1", keywords: ["h1", "title"], command: toggleHeading(1) },
  { id: "heading2", label: "Heading 2", keywords: ["h2", "subtitle"], command: toggleHeading(2) },
  { id: "heading3", label: "Heading 3", keywords: ["h3"], command: toggleHeading(3) },
  { id: "bullet_list", label: "Bulleted list", keywords: ["ul", "unordered", "bullet"], command: wrapInBulletList },
  { id: "ordered_list", label: "Numbered list", keywords: ["ol", "ordered", "number"], command: wrapInOrderedList },
  { id: "task_list", label: "To-do list", keywords: ["task", "todo", "checkbox"], command: wrapInTaskList },
  { id: "blockquote", label: "Quote", keywords: ["blockquote", "citation"], command: wrapInBlockquote },
  { id: "code_block", label: "Code block", keywords: ["code", "pre", "snippet"], command: setCodeBlock() },
  { id: "math_block", label: "Math block", keywords: ["latex", "equation", "formula", "tex"], command: insertMathBlock },
  { id: "math_inline", label: "Inline math", keywords: ["latex", "formula", "tex"], command: insertMathInline },
  { id: "table", label: "Table", keywords: ["grid", "gfm"], command: insertTable(3, 3) },
  ...CALLOUT_KINDS.map((kind) => ({
    id: `callout_${kind}`,
    label: `Callout: ${kind}`,
    keywords: ["callout", "admonition", "note", kind],
    command: wrapInCallout(kind),
  })),
  { id: "toc", label: "Table of contents", keywords: ["toc", "contents", "outline"], command: insertToc },
  { id: "horizontal_rule", label: "Divider", keywords: ["hr", "rule", "separator", "line"], command: insertHorizontalRule },
];

/** The "Panel grid" item: a grid with one run set over the host's default project and a line plot. */
export function panelGridItem(panelHost: Pick<PanelHost, "defaultProject">): SlashMenuItem {
  return {
    id: "panel_grid",
    label: "Panel grid",
    keywords: ["chart", "plot", "panels", "graph"],
    command: (state, dispatch) => insertPanelGrid(panelHost.defaultProject)(state, dispatch),
  };
}

/** The items matching `query` (case-insensitive prefix of the label or a keyword, or substring). */
export function filterSlashMenuItems(query: string, items: readonly SlashMenuItem[] = slashMenuItems): SlashMenuItem[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...items];
  const words = (item: SlashMenuItem) => [item.label.toLowerCase(), ...item.label.toLowerCase().split(/[\s:]+/), ...item.keywords];
  const prefix = items.filter((item) => words(item).some((w) => w.startsWith(q)));
  const inside = items.filter((item) => !prefix.includes(item) && item.label.toLowerCase().includes(q));
  return [...prefix, ...inside];
}
