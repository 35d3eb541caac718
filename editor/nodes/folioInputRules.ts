/** The Markdown-style input rules of the Folio editor, as one plugin. */
import { InputRule, inputRules } from "prosemirror-inputrules";
import type { MarkType } from "prosemirror-model";
import type { Plugin } from "prosemirror-state";
import { schema } from "../schema";
import { blockquoteRule, codeBlockRule, horizontalRuleRule } from "./blocks";
import { headingRule } from "./heading";
import { bulletListRule, orderedListRule, taskListRule } from "./lists";
import { mathBlockRule, mathInlineRule } from "./math";

/** `**x**`-style rule: typing the closing delimiter marks the text between the delimiters. */
function markRule(pattern: RegExp, type: MarkType): InputRule {
  return new InputRule(pattern, (state, match, start, end) => {
    const $start = state.doc.resolve(start);
    if ($start.parent.type.spec.code) return null;
    const text = match[1];
    const tr = state.tr.replaceWith(start, end, schema.text(text, type.create().addToSet($start.marks())));
    return tr.removeStoredMark(type);
  });
}

/** Every input rule, block rules first. Exposed so tests can run them one by one. */
export const folioInputRuleList: readonly InputRule[] = [
  headingRule,
  taskListRule,
  bulletListRule,
  orderedListRule,
  blockquoteRule,
  codeBlockRule,
  horizontalRuleRule,
  mathBlockRule,
  mathInlineRule,
  markRule(/(?<![*\w])\*\*([^*\s](?:[^*]*[^*\s])?)\*\*$/, schema.marks.strong),
  markRule(/(?<![*\w])\*([^*\s](?:[^*]*[^*\s])?)\*$/, schema.marks.em),
  markRule(/(?<![~\w])~~([^~\s](?:[^~]*[^~\s])?)~~$/, schema.marks.strikethrough),
  markRule(/(?<![`\w])`([^`]+)`$/, schema.marks.code),
];

/** The input-rules plugin (undoable with Backspace right after a rule fires). */
export function folioInputRules(): Plugin {
  return inputRules({ rules: [...folioInputRuleList] });
}
