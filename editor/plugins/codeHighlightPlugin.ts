/**
 * Highlights code blocks with highlight.js through inline decorations (the document itself never
 * carries highlighting). Decorations are rebuilt only for code blocks whose content or language
 * changed; the others are mapped through the transaction. highlight.js loads when a document first
 * shows a code block (highlightRanges.ts); every block is highlighted once it has.
 */
import type { Node } from "prosemirror-model";
import { Plugin, PluginKey } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import { highlighterLoaded, highlightRanges, loadHighlighter } from "./highlightRanges";

/** The plugin's key (for tests and other plugins). */
export const codeHighlightKey = new PluginKey<DecorationSet>("folio-code-highlight");

function blockDecorations(node: Node, pos: number): Decoration[] {
  const start = pos + 1;
  return highlightRanges(node.textContent, node.attrs.language as string).map((range) =>
    Decoration.inline(start + range.from, start + range.to, { class: range.className }),
  );
}

/** Whether `doc` has a code block. */
function hasCode(doc: Node): boolean {
  let found = false;
  doc.descendants((node) => {
    if (node.type.name === "code_block") found = true;
    return !found && !node.isTextblock;
  });
  return found;
}

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
    // The first code block shown loads highlight.js; then every block is highlighted.
    view(view) {
      let destroyed = false;
      const check = () => {
        if (highlighterLoaded() || !hasCode(view.state.doc)) return;
        void loadHighlighter().then(() => {
          if (!destroyed) view.dispatch(view.state.tr.setMeta(codeHighlightKey, "loaded"));
        });
      };
      check();
      return {
        update: (_view, previous) => {
          if (view.state.doc !== previous.doc) check();
        },
        destroy: () => void (destroyed = true),
      };
    },
  });
}
