/**
 * Comment anchors (issue 6): highlights the passages comment threads are about.
 *
 * A thread's anchor is two Yjs relative positions over the report's `Y.XmlFragment`, base64
 * encoded (`Y.encodeRelativePosition`), so it follows the text through everyone's edits
 * (docs/sharing.md). To draw one we turn each position back into a ProseMirror position with
 * y-prosemirror's `relativePositionToAbsolutePosition`, which walks the Yjs tree and needs the
 * sync plugin's binding mapping (Yjs type → ProseMirror node) to measure nodes.
 *
 * That mapping is only current after the sync plugin has written a local edit into Yjs (its view
 * `update`, after our `apply`); so local edits map the existing ranges through the transaction's
 * mapping, and every change that comes from Yjs (remote edits, undo, the first sync), as well as
 * new thread lists, re-resolves all anchors from Yjs. Resolved threads are not highlighted; a thread
 * whose range has collapsed (its text deleted) is "detached": its range is `null`.
 */
import { fromBase64, toBase64 } from "lib0/buffer";
import { NodeSelection, Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { Decoration, DecorationSet, type EditorView } from "prosemirror-view";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "y-prosemirror";
import * as Y from "yjs";

/** What the plugin needs to know about a thread. */
export interface AnchoredThread {
  id: string;
  /** Base64 relative positions; null for a report-level comment. */
  anchor: { start: string; end: string } | null;
  resolved: boolean;
}

/** A thread's current passage in ProseMirror positions. */
export interface AnchorRange {
  from: number;
  to: number;
}

/** A new anchor made from the selection: what `POST …/threads` takes. */
export interface NewAnchor {
  start: string;
  end: string;
  quote: string;
}

/** The plugin's state. */
export interface CommentAnchorsState {
  threads: readonly AnchoredThread[];
  active: string | null;
  /** Every anchored thread's range, or null when detached (collapsed or unresolvable). */
  ranges: ReadonlyMap<string, AnchorRange | null>;
  decorations: DecorationSet;
}

type Meta = { threads?: readonly AnchoredThread[]; active?: string | null };

/** The plugin's key, for reading its state. */
export const commentAnchorsKey = new PluginKey<CommentAnchorsState>("commentAnchors");

/** The longest quote kept, as the API allows (docs/sharing.md). */
const MAX_QUOTE = 2000;

interface SyncState {
  type: Y.XmlFragment;
  doc: Y.Doc;
  binding: { mapping: Parameters<typeof relativePositionToAbsolutePosition>[3] };
  isChangeOrigin?: boolean;
}

const syncState = (state: EditorState) => ySyncPluginKey.getState(state) as SyncState | undefined;

/** Decodes one base64 relative position into a ProseMirror position; null if it cannot be. */
function toAbsolute(sync: SyncState, encoded: string): number | null {
  try {
    const rel = Y.decodeRelativePosition(fromBase64(encoded));
    return relativePositionToAbsolutePosition(sync.doc, sync.type, rel, sync.binding.mapping);
  } catch {
    // A position into a part of the tree the mapping does not know (yet): treat as unresolvable.
    return null;
  }
}

/** Resolves every anchored thread against Yjs. */
function resolveRanges(state: EditorState, threads: readonly AnchoredThread[]): Map<string, AnchorRange | null> {
  const sync = syncState(state);
  const size = state.doc.content.size;
  const ranges = new Map<string, AnchorRange | null>();
  for (const t of threads) {
    if (!t.anchor) continue;
    const from = sync ? toAbsolute(sync, t.anchor.start) : null;
    const to = sync ? toAbsolute(sync, t.anchor.end) : null;
    ranges.set(t.id, from !== null && to !== null && from < to && to <= size ? { from, to } : null);
  }
  return ranges;
}

/** Maps ranges through a local transaction (see the module comment). */
function mapRanges(ranges: ReadonlyMap<string, AnchorRange | null>, tr: Transaction): Map<string, AnchorRange | null> {
  const out = new Map<string, AnchorRange | null>();
  for (const [id, r] of ranges) {
    if (!r) {
      out.set(id, null);
      continue;
    }
    const from = tr.mapping.map(r.from, 1);
    const to = tr.mapping.map(r.to, -1);
    out.set(id, from < to ? { from, to } : null);
  }
  return out;
}

function decorate(state: EditorState, threads: readonly AnchoredThread[], ranges: ReadonlyMap<string, AnchorRange | null>, active: string | null): DecorationSet {
  const decorations: Decoration[] = [];
  for (const t of threads) {
    const r = ranges.get(t.id);
    if (!r || t.resolved) continue;
    const cls = t.id === active ? "comment-anchor is-active" : "comment-anchor";
    // A thread on a whole block (a panel) marks that node; one on a passage marks its text.
    const node = state.doc.nodeAt(r.from);
    const whole = node && !node.isInline && node.nodeSize === r.to - r.from;
    decorations.push(whole ? Decoration.node(r.from, r.to, { class: cls, "data-thread": t.id }, { thread: t.id }) : Decoration.inline(r.from, r.to, { class: cls, "data-thread": t.id }, { thread: t.id }));
  }
  return DecorationSet.create(state.doc, decorations);
}

/** Options: `onActivate` is called with a thread's id when its highlighted passage is clicked. */
export interface CommentAnchorsOptions {
  onActivate?: (threadId: string) => void;
  /** Called whenever the ranges change (for the sidebar's "detached" marks). */
  onRangesChange?: (ranges: ReadonlyMap<string, AnchorRange | null>) => void;
}

/** The comment anchors plugin; feed it threads with `setCommentThreads`. */
export function commentAnchorsPlugin(options: CommentAnchorsOptions = {}): Plugin<CommentAnchorsState> {
  return new Plugin<CommentAnchorsState>({
    key: commentAnchorsKey,
    state: {
      init: (_config, state) => ({ threads: [], active: null, ranges: new Map(), decorations: DecorationSet.create(state.doc, []) }),
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(commentAnchorsKey) as Meta | undefined;
        const fromYjs = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
        if (!meta && !tr.docChanged) return value;
        const threads = meta?.threads ?? value.threads;
        const active = meta && "active" in meta ? meta.active ?? null : value.active;
        const ranges = meta?.threads || fromYjs ? resolveRanges(state, threads) : tr.docChanged ? mapRanges(value.ranges, tr) : value.ranges;
        return { threads, active, ranges, decorations: decorate(state, threads, ranges, active) };
      },
    },
    props: {
      decorations: (state) => commentAnchorsKey.getState(state)?.decorations,
      handleDOMEvents: {
        // A DOM handler (not handleClick) so it also fires in read-only editors.
        click(_view, event) {
          const target = event.target instanceof Element ? event.target.closest<HTMLElement>(".comment-anchor[data-thread]") : null;
          const id = target?.dataset.thread;
          if (id && options.onActivate) options.onActivate(id);
          return false;
        },
      },
    },
    view() {
      let last: ReadonlyMap<string, AnchorRange | null> | null = null;
      return {
        update(view) {
          const ranges = commentAnchorsKey.getState(view.state)?.ranges ?? null;
          if (ranges && ranges !== last) {
            last = ranges;
            options.onRangesChange?.(ranges);
          }
        },
      };
    },
  });
}

/** Gives the plugin the report's threads (all of them; resolved ones are not drawn). */
export function setCommentThreads(view: EditorView, threads: readonly AnchoredThread[]): void {
  view.dispatch(view.state.tr.setMeta(commentAnchorsKey, { threads } satisfies Meta).setMeta("addToHistory", false));
}

/** Marks `threadId` as the active thread (null: none). */
export function setActiveThread(view: EditorView, threadId: string | null): void {
  view.dispatch(view.state.tr.setMeta(commentAnchorsKey, { active: threadId } satisfies Meta).setMeta("addToHistory", false));
}

/** A thread's current range, or null (detached, unknown or report-level). */
export function commentAnchorRange(state: EditorState, threadId: string): AnchorRange | null {
  return commentAnchorsKey.getState(state)?.ranges.get(threadId) ?? null;
}

/**
 * An anchor for the current (non-empty) selection, or null when there is none to comment on. A
 * selected panel is quoted as "Panel: <title>" (it has no text of its own).
 */
export function anchorFromSelection(state: EditorState): NewAnchor | null {
  const { from, to, empty } = state.selection;
  const sync = syncState(state);
  if (empty || !sync) return null;
  const encode = (pos: number) => toBase64(Y.encodeRelativePosition(absolutePositionToRelativePosition(pos, sync.type, sync.binding.mapping)));
  const selected = state.selection instanceof NodeSelection ? state.selection.node : null;
  const text = selected?.type.name === "panel" ? `Panel: ${String(selected.attrs.title || selected.attrs.type)}` : state.doc.textBetween(from, to, " ", " ");
  const quote = text.replace(/\s+/g, " ").trim().slice(0, MAX_QUOTE);
  if (!quote) return null;
  return { start: encode(from), end: encode(to), quote };
}
