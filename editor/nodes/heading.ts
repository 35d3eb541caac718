/** Heading commands and the `# ` / `## ` / `### ` input rule. */
import { setBlockType } from "prosemirror-commands";
import { textblockTypeInputRule, type InputRule } from "prosemirror-inputrules";
import type { Command } from "prosemirror-state";
import { schema } from "../schema";

/** Turns the selected textblocks into headings of `level`, or back into paragraphs if they already are. */
export function toggleHeading(level: 1 | 2 | 3): Command {
  return (state, dispatch) => {
    const { $from } = state.selection;
    const isSame = $from.parent.type === schema.nodes.heading && $from.parent.attrs.level === level;
    return isSame ? setBlockType(schema.nodes.paragraph)(state, dispatch) : setBlockType(schema.nodes.heading, { level })(state, dispatch);
  };
}

/** `# `, `## `, `### ` at the start of a paragraph make it a heading. */
export const headingRule: InputRule = textblockTypeInputRule(/^(#{1,3})\s$/, schema.nodes.heading, (match) => ({ level: match[1].length }));
