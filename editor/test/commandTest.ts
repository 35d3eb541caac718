/**
 * Helpers for before → after command tests over the real schema: the `<a>` (and `<b>`) tags of the
 * `before` document give the selection; `<n>` before a node selects that node.
 */
import type { InputRule } from "prosemirror-inputrules";
import type { Node } from "prosemirror-model";
import { EditorState, NodeSelection, TextSelection, type Command, type Transaction } from "prosemirror-state";
import { expect } from "vitest";

type TaggedDoc = Node & { tag: Record<string, number> };

/** An editor state for `doc`, selecting `<a>`–`<b>`, `<a>`, or the node after `<n>`. */
export function stateOf(doc: TaggedDoc): EditorState {
  const { a, b, n } = doc.tag;
  const selection =
    n !== undefined ? NodeSelection.create(doc, n) : a !== undefined ? TextSelection.create(doc, a, b ?? a) : undefined;
  return EditorState.create({ doc, selection });
}

/** Runs `command` on `before` and expects it to apply and produce `after` (and its `<a>` cursor, if tagged). */
export function expectCommand(command: Command, before: TaggedDoc, after: TaggedDoc): EditorState {
  let state = stateOf(before);
  const applied = command(state, (tr: Transaction) => {
    state = state.apply(tr);
  });
  expect(applied).toBe(true);
  expect(state.doc.toJSON()).toEqual(after.toJSON());
  if (after.tag.a !== undefined) expect(state.selection.from).toBe(after.tag.a);
  return state;
}

/** Expects `command` not to apply to `before` (neither in a dry run nor with dispatch). */
export function expectRefused(command: Command, before: TaggedDoc): void {
  const state = stateOf(before);
  expect(command(state)).toBe(false);
  expect(command(state, () => undefined)).toBe(false);
}

/**
 * Types `text` character by character at the selection, firing the first matching input rule the
 * way prosemirror-inputrules does on text input.
 */
export function typeWithRules(state: EditorState, text: string, rules: readonly InputRule[]): EditorState {
  for (const ch of text) {
    const { from, to, $from } = state.selection;
    const before = $from.parent.textBetween(Math.max(0, $from.parentOffset - 500), $from.parentOffset, undefined, "\ufffc") + ch;
    let tr: Transaction | null = null;
    for (const rule of rules) {
      if ($from.parent.type.spec.code) break;
      // `match` and `handler` are internal to prosemirror-inputrules' InputRule.
      const { match: pattern, handler } = rule as unknown as { match: RegExp; handler: (...args: unknown[]) => Transaction | null };
      const match = pattern.exec(before);
      if (!match || match[0].length < ch.length) continue;
      tr = handler(state, match, from - (match[0].length - ch.length), to);
      if (tr) break;
    }
    state = state.apply(tr ?? state.tr.insertText(ch, from, to));
  }
  return state;
}
