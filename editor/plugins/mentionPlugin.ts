/**
 * `@` autocomplete in the report body. The plugin state (no DOM) follows the text before the cursor:
 * an `@` at the start of a textblock or after a space, followed by one or more letters, opens the
 * list with that query. The host answers queries (`onMentionSearch`, the report's `mentionable` API);
 * answers arrive asynchronously and are kept only if they still match the current query. Arrow keys
 * move the highlight, Enter or Tab inserts a `mention` node (with a fresh random `mid`) in place of
 * `@query`, Escape closes the list for that `@`.
 */
import { Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { schema } from "../schema";
import { createOptionList, showOptionList } from "./optionList";

/** One person the host offers. */
export interface MentionCandidate {
  id: string;
  name: string;
}

/** Finds people to mention; rejected promises are treated as "no one". */
export type MentionSearch = (query: string) => Promise<MentionCandidate[]>;

/** The list's state: closed, or open at `from` (the `@`) with a query, results and a highlight. */
export interface MentionState {
  open: boolean;
  from: number;
  query: string;
  selected: number;
  results: MentionCandidate[];
  /** The query `results` answer. */
  resultsFor: string | null;
  dismissedAt: number | null;
}

/** The plugin's key. */
export const mentionKey = new PluginKey<MentionState>("folio-mention");

const CLOSED: MentionState = { open: false, from: 0, query: "", selected: 0, results: [], resultsFor: null, dismissedAt: null };

type Meta = { type: "move"; delta: number } | { type: "dismiss" } | { type: "results"; query: string; results: MentionCandidate[] };

function detect(state: EditorState, previous: MentionState): MentionState {
  const { selection } = state;
  const { $from } = selection;
  if (!selection.empty || !$from.parent.isTextblock || $from.parent.type.spec.code) return CLOSED;
  if (!$from.parent.type.contentMatch.matchType(schema.nodes.mention)) return CLOSED;
  const before = $from.parent.textBetween(0, $from.parentOffset, undefined, "\ufffc");
  const match = /(?:^|\s)@([\p{L}\p{N}._-]{1,40})$/u.exec(before);
  if (!match) return CLOSED;
  const from = $from.pos - match[1].length - 1;
  if (previous.dismissedAt === from) return { ...CLOSED, dismissedAt: from };
  const query = match[1];
  const same = previous.open && previous.from === from;
  // Until the host answers the new query, keep only earlier results that still match it, so Enter
  // never picks someone the query has ruled out.
  const stillMatching = previous.results.filter((person) => matchesQuery(person.name, query));
  return {
    open: true,
    from,
    query,
    selected: same && previous.query === query ? previous.selected : 0,
    results: same ? (previous.resultsFor === query ? previous.results : stillMatching) : [],
    resultsFor: same ? previous.resultsFor : null,
    dismissedAt: null,
  };
}

/** Whether `name`, or a word of it, starts with `query` (case-insensitive), as the server matches names. */
export function matchesQuery(name: string, query: string): boolean {
  const q = query.toLowerCase();
  const lower = name.toLowerCase();
  return lower.startsWith(q) || lower.split(/\s+/).some((word) => word.startsWith(q));
}

/** A random id for a new mention (notifications are unique per mention id). */
export function newMentionId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
}

/** Replaces `@query` (from `from` to the cursor) with a mention of `person` and a space. */
export function insertMention(state: EditorState, from: number, person: MentionCandidate): Transaction {
  const node = schema.nodes.mention.create({ id: person.id, label: person.name, mid: newMentionId() });
  return state.tr.replaceWith(from, state.selection.from, [node, schema.text(" ")]).scrollIntoView();
}

function keyDown(view: EditorView, event: KeyboardEvent): boolean {
  const menu = mentionKey.getState(view.state);
  if (!menu?.open) return false;
  const move = (delta: number) => view.dispatch(view.state.tr.setMeta(mentionKey, { type: "move", delta } satisfies Meta));
  switch (event.key) {
    case "ArrowDown":
      if (!menu.results.length) return false;
      move(1);
      return true;
    case "ArrowUp":
      if (!menu.results.length) return false;
      move(-1);
      return true;
    case "Escape":
      view.dispatch(view.state.tr.setMeta(mentionKey, { type: "dismiss" } satisfies Meta));
      return true;
    case "Enter":
    case "Tab": {
      const person = menu.results[menu.selected];
      if (!person) return false;
      view.dispatch(insertMention(view.state, menu.from, person));
      return true;
    }
    default:
      return false;
  }
}

/** Draws the list under the `@` and asks the host for results when the query changes. */
class MentionView {
  private readonly dom: HTMLElement;
  private asked: string | null = null;

  constructor(
    private readonly view: EditorView,
    private readonly search: MentionSearch,
  ) {
    this.dom = createOptionList(view, "folio-slash-menu folio-mention-menu", "People to mention");
  }

  private ask(query: string): void {
    this.asked = query;
    this.search(query).then(
      (results) => this.deliver(query, results.slice(0, 20)),
      () => this.deliver(query, []),
    );
  }

  private deliver(query: string, results: MentionCandidate[]): void {
    if (this.asked !== query || this.view.isDestroyed) return;
    this.view.dispatch(this.view.state.tr.setMeta(mentionKey, { type: "results", query, results } satisfies Meta));
  }

  update(): void {
    const menu = mentionKey.getState(this.view.state);
    if (!menu?.open || !this.view.editable) {
      this.asked = null;
      this.dom.hidden = true;
      return;
    }
    if (menu.resultsFor !== menu.query && this.asked !== menu.query) this.ask(menu.query);
    if (menu.results.length === 0) {
      this.dom.hidden = true;
      return;
    }
    showOptionList(this.view, this.dom, menu.from, menu.results.map((person, i) => ({
      label: person.name,
      selected: i === menu.selected,
      choose: () => this.view.dispatch(insertMention(this.view.state, menu.from, person)),
    })));
  }

  destroy(): void {
    this.asked = null;
    this.dom.remove();
  }
}

/** The `@` autocomplete plugin; `search` is the host's people finder. */
export function mentionPlugin(search: MentionSearch): Plugin<MentionState> {
  return new Plugin<MentionState>({
    key: mentionKey,
    state: {
      init: () => CLOSED,
      apply(tr, previous, _old, newState) {
        const meta = tr.getMeta(mentionKey) as Meta | undefined;
        if (meta?.type === "dismiss") return { ...CLOSED, dismissedAt: previous.from };
        if (meta?.type === "move") {
          const count = previous.results.length;
          return count ? { ...previous, selected: (previous.selected + meta.delta + count) % count } : previous;
        }
        if (meta?.type === "results") {
          return previous.open && previous.query === meta.query ? { ...previous, results: meta.results, resultsFor: meta.query, selected: 0 } : previous;
        }
        if (!tr.docChanged && !tr.selectionSet) return previous;
        return detect(newState, previous);
      },
    },
    props: { handleKeyDown: (view, event) => keyDown(view, event) },
    view: (view) => new MentionView(view, search),
  });
}
