/**
 * Commands and input rules for the remaining blocks: blockquote (`> `), code block (```` ``` ````),
 * horizontal rule (`---`), callout, table of contents and table.
 */
import { setBlockType, wrapIn } from "prosemirror-commands";
import { InputRule, textblockTypeInputRule, wrappingInputRule } from "prosemirror-inputrules";
import type { Command } from "prosemirror-state";
import { cleanLanguage, schema, type CalloutKind } from "../schema";
import { insertBlock } from "./insertBlock";

const nodes = schema.nodes;

/** Wraps the selection in a blockquote. */
export const wrapInBlockquote: Command = wrapIn(nodes.blockquote);

/** Turns the selected textblock into a code block in `language`. */
export function setCodeBlock(language = ""): Command {
  return setBlockType(nodes.code_block, { language: cleanLanguage(language) });
}

/** Wraps the selection in a callout of `kind`. */
export function wrapInCallout(kind: CalloutKind = "info"): Command {
  return wrapIn(nodes.callout, { kind });
}

/** Inserts a horizontal rule. */
export const insertHorizontalRule: Command = insertBlock(() => nodes.horizontal_rule.create());

/** Inserts a table-of-contents block. */
export const insertToc: Command = insertBlock(() => nodes.toc.create());

/** Inserts a `rows` × `cols` table whose first row is a header row (the GFM shape). */
export function insertTable(rows = 3, cols = 3): Command {
  return insertBlock(() =>
    nodes.table.create(
      null,
      Array.from({ length: rows }, (_, r) =>
        nodes.table_row.create(
          null,
          Array.from({ length: cols }, () => (r === 0 ? nodes.table_header : nodes.table_cell).createAndFill()!),
        ),
      ),
    ),
  );
}

/** `> ` at the start of a paragraph starts a blockquote. */
export const blockquoteRule: InputRule = wrappingInputRule(/^\s*>\s$/, nodes.blockquote);

/** ```` ``` ```` (optionally with a language) and a space turn the paragraph into a code block. */
export const codeBlockRule: InputRule = textblockTypeInputRule(/^```([\w+#.-]*)\s$/, nodes.code_block, (match) => ({
  language: cleanLanguage(match[1]),
}));

/** `---` alone in a paragraph becomes a horizontal rule, followed by a fresh paragraph. */
export const horizontalRuleRule: InputRule = new InputRule(/^---$/, (state, _match, start, end) => {
  const $start = state.doc.resolve(start);
  if ($start.parent.type !== nodes.paragraph || $start.parentOffset !== 0 || $start.parent.content.size !== end - start) return null;
  const from = $start.before();
  return state.tr.replaceWith(from, $start.after(), [nodes.horizontal_rule.create(), nodes.paragraph.create()]);
});
