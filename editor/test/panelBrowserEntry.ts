/**
 * Browser entry for editor/views/PanelGridView.browser.test.ts: two editors with a fake in-test
 * PanelHost, on two Y.Docs that relay their updates (two clients of one room), on `window.panels`.
 */
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { createFolioEditor } from "../createFolioEditor";
import { parseMarkdown, serializeMarkdown } from "../markdown";
import { findPanelGrid, updatePanel, type PanelPatch } from "../nodes/panelGrid";
import type { PanelContext, PanelHost } from "../views/PanelHost";

const RELAY = "test-relay";
const docs = [new Y.Doc(), new Y.Doc()];
/** While paused, the two clients edit offline; `resume` exchanges what each missed. */
const relay = { paused: false, updates: [0, 0] };
docs.forEach((doc, i) => {
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin === RELAY) return;
    relay.updates[i]++;
    if (!relay.paused) Y.applyUpdate(docs[1 - i], update, RELAY);
  });
});
function resume(): void {
  relay.paused = false;
  const missing = docs.map((doc, i) => Y.encodeStateAsUpdate(doc, Y.encodeStateVector(docs[1 - i])));
  docs.forEach((doc, i) => Y.applyUpdate(docs[1 - i], missing[i], RELAY));
}

/** Every call the hosts received, as plain data. */
const calls: { editor: number; call: string; args: unknown[] }[] = [];

function fakeHost(editor: number): PanelHost {
  const record = (call: string, ...args: unknown[]) => calls.push({ editor, call, args });
  return {
    defaultProject: "team/proj",
    mountPanel(element: HTMLElement, context: PanelContext) {
      const paint = (c: PanelContext) => {
        element.textContent = `${c.panel.type}:${c.panel.title || "untitled"}:${c.runSets.map((s) => s.name).join(",")}`;
      };
      paint(context);
      record("mount", context.panel.id);
      return {
        update: (c) => {
          paint(c);
          record("update", c.panel.id, c.readOnly);
        },
        resize: () => record("resize", context.panel.id),
        download: (format) => record("download", context.panel.id, format),
        destroy: () => record("destroy", context.panel.id),
      };
    },
    editPanel: (gridId, panelId) => record("editPanel", gridId, panelId),
    editRunSets: (gridId, runSetId) => record("editRunSets", gridId, runSetId),
  };
}

const editors = docs.map((doc, i) => {
  const awareness = new Awareness(doc);
  awareness.setLocalStateField("user", { name: `User ${i}`, color: i ? "#d33" : "#33d" });
  return createFolioEditor({
    element: document.getElementById(`editor${i}`)!,
    fragment: doc.getXmlFragment("default"),
    awareness,
    panelHost: fakeHost(i),
  });
});

/** An editor without a PanelHost: grids render as static lists of their panels' titles. */
const staticDoc = new Y.Doc();
const staticEditor = createFolioEditor({
  element: document.getElementById("editor2")!,
  fragment: staticDoc.getXmlFragment("default"),
  awareness: new Awareness(staticDoc),
});

/** Replaces the static editor's document with `markdown`. */
function setStaticMarkdown(markdown: string): void {
  const view = staticEditor.view;
  const doc = parseMarkdown(markdown);
  view.dispatch(view.state.tr.replaceWith(0, view.state.doc.content.size, doc.content));
}

/** The first grid of editor `i`, as its value. */
function grid(i: number) {
  const view = editors[i].view;
  let id: string | null = null;
  view.state.doc.descendants((node) => {
    if (node.type.name === "panel_grid" && id === null) id = node.attrs.id as string;
    return id === null;
  });
  return id === null ? null : findPanelGrid(view.state.doc, id)!.grid;
}

declare global {
  interface Window {
    panels: {
      editors: typeof editors;
      calls: typeof calls;
      markdown(i: number): string;
      grid: typeof grid;
      update(i: number, panelId: string, patch: PanelPatch): boolean;
      relay: typeof relay;
      setStaticMarkdown(markdown: string): void;
      resume(): void;
    };
  }
}

window.panels = {
  editors,
  calls,
  markdown: (i) => serializeMarkdown(editors[i].view.state.doc),
  grid,
  relay,
  resume,
  setStaticMarkdown,
  update: (i, panelId, patch) => {
    const view = editors[i].view;
    return updatePanel(grid(i)!.id, panelId, patch)(view.state, view.dispatch);
  },
};
