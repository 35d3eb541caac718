/**
 * Highlights code blocks with highlight.js through inline decorations (the document itself never
 * carries highlighting). Decorations are rebuilt only for code blocks whose content or language
 * changed; the others are mapped through the transaction. highlight.js loads with the first code
 * block in a language (highlightRanges.ts); every editor's blocks are highlighted once it has.
 */
import type { Node } from "prosemirror-model";
import { Plugin, PluginKey } from "prosemirror-state";
import { Decoration, DecorationSet, type EditorView } from "prosemirror-view";
import { highlighterLoaded, highlightRanges, whenHighlighterLoaded } from "./highlightRanges";

/** The plugin's key (for tests and other plugins). */
export const codeHighlightKey = new PluginKey<DecorationSet>("folio-code-highlight");

function blockDecorations(node: Node, pos: number): Decoration[] {
  const start = pos + 1;
  return highlightRanges(node.textContent, node.attrs.language as string).map((range) =>
    Decoration.inline(start + range.from, start + range.to, { class: range.className }),
  );
}

/** Editors made before highlight.js loaded: each highlights its blocks again once it has. */
const waiting = new Set<EditorView>();
void whenHighlighterLoaded().then(() => {
  for (const view of waiting) view.dispatch(view.state.tr.setMeta(codeHighlightKey, "loaded"));
  waiting.clear();
});

function allDecorations(doc: Node): DecorationSet {
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === "code_block") decorations.push(...blockDecorations(node, pos));
    return !node.isTextblock;
  });
  return DecorationSet.create(doc, decorations);
}

/** The code-highlighting plugin. */
export function codeHighlightPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: codeHighlightKey,
    state: {
      init: (_config, state) => allDecorations(state.doc),
      apply(tr, previous, _oldState, newState) {
        if (tr.getMeta(codeHighlightKey) === "loaded") return allDecorations(newState.doc);
        if (!tr.docChanged) return previous;
        let set = previous.map(tr.mapping, tr.doc);
        // Re-highlight code blocks touched by the change.
        tr.mapping.maps.forEach((map, i) => {
          map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
            const from = tr.mapping.slice(i + 1).map(newStart, -1);
            const to = tr.mapping.slice(i + 1).map(newEnd, 1);
            newState.doc.nodesBetween(Math.max(0, from - 1), Math.min(newState.doc.content.size, to + 1), (node, pos) => {
              if (node.type.name !== "code_block") return !node.isTextblock;
              set = set.remove(set.find(pos, pos + node.nodeSize)).add(newState.doc, blockDecorations(node, pos));
              return false;
            });
          });
        });
        return set;
      },
    },
    props: {
      decorations: (state) => codeHighlightKey.getState(state),
    },
    view(view) {
      if (!highlighterLoaded()) waiting.add(view);
      return { destroy: () => void waiting.delete(view) };
    },
  });
}
