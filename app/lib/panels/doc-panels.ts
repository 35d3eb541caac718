/**
 * The panels of a report's Yjs document with their grids' run sets, read straight from the
 * `panel_grid` / `panel` elements (no editor): what the page prefetches while it hydrates
 * (app/components/panels/prefetch-panels.ts). Invalid panels are left out, as the editor does.
 */
import * as Y from "yjs";
import { panelFromAttrs, runSetsFromAttr } from "../../../editor/panels/panelGridNode";
import type { Panel, RunSet } from "../../../editor/panels/panelSpec";
import { FRAGMENT_NAME } from "../../../editor/protocol";

/** A panel and the run set it reads (null: none, or a panel that reads none). */
export interface DocPanel {
  panel: Panel;
  runSet: RunSet | null;
}

/** Every panel of `doc`, in document order. */
export function panelsOfDoc(doc: Y.Doc): DocPanel[] {
  const out: DocPanel[] = [];
  const visit = (node: Y.XmlFragment | Y.XmlElement, depth: number) => {
    if (depth > 100) return;
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName !== "panel_grid") {
        visit(child, depth + 1);
        continue;
      }
      const runSets = runSetsFromAttr(child.getAttribute("runSets"));
      for (const el of child.toArray()) {
        if (!(el instanceof Y.XmlElement) || el.nodeName !== "panel") continue;
        const panel = panelFromAttrs(el.getAttributes());
        if (panel) out.push({ panel, runSet: runSets.find((s) => s.id === panel.runSet) ?? null });
      }
    }
  };
  visit(doc.getXmlFragment(FRAGMENT_NAME), 0);
  return out;
}
