/**
 * Builds the Folio report editor (browser only): a ProseMirror view bound to a Yjs XmlFragment
 * (the report's fragment named "default") through y-prosemirror, with remote cursors from the
 * awareness, per-user undo/redo (y-prosemirror's UndoManager, so one user's Mod-Z never reverts
 * another's edit), Folio's input rules, keymap, slash menu, selection toolbar, Markdown paste, code
 * highlighting, table editing, `@` mentions, comment anchors (plugins/commentAnchors.ts) and the
 * math and task node views. Given a PanelHost, report panel
 * grids (issue 5) are drawn and edited through it and the slash menu offers "Panel grid"; without
 * one they render as a static list of their panels' titles.
 */
import { dropCursor } from "prosemirror-dropcursor";
import { gapCursor } from "prosemirror-gapcursor";
import { keymap } from "prosemirror-keymap";
import { EditorState, type Plugin } from "prosemirror-state";
import { goToNextCell, tableEditing } from "prosemirror-tables";
import { EditorView } from "prosemirror-view";
import { initProseMirrorDoc, redoCommand, undoCommand, yCursorPlugin, ySyncPlugin, yUndoPlugin } from "y-prosemirror";
import { remoteSelectionPlugin } from "./plugins/remoteSelection";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import type { LinkRequest } from "./nodes/link";
import { folioInputRules } from "./nodes/folioInputRules";
import { folioKeymap } from "./nodes/folioKeymap";
import { mentionPlugin, type MentionSearch } from "./plugins/mentionPlugin";
import { codeHighlightPlugin } from "./plugins/codeHighlightPlugin";
import { commentAnchorsPlugin, type CommentAnchorsOptions } from "./plugins/commentAnchors";
import { panelGridIdsPlugin } from "./plugins/panelGridIds";
import { pasteMarkdownPlugin } from "./plugins/pasteMarkdown";
import { selectionToolbarPlugin, type CommentRequest } from "./plugins/selectionToolbarPlugin";
import { panelGridItem, slashMenuItems, type SlashMenuItem } from "./plugins/slashMenuItems";
import { slashMenuPlugin } from "./plugins/slashMenuPlugin";
import { schema } from "./schema";
import { MathView } from "./views/MathView";
import { createPanelGridFeature } from "./views/PanelGridView";
import type { PanelHost } from "./views/PanelHost";
import { TaskItemView } from "./views/TaskItemView";
import { createTocFeature, type TocFeature } from "./views/TocView";

/** What the editor needs from its host. */
export interface FolioEditorOptions {
  /** The element the editor renders into. */
  element: HTMLElement;
  /** The report's shared fragment: `ydoc.getXmlFragment("default")`. */
  fragment: Y.XmlFragment;
  /** The provider's awareness (identity is set by the server; cursors are drawn from it). */
  awareness: Awareness;
  /** Start read-only (viewers); change later with `setReadOnly`. */
  readOnly?: boolean;
  /** Opens the host's link prompt (Mod-K and the toolbar's Link button). */
  onLinkRequest?: LinkRequest;
  /**
   * Asks the host for an image URL (the slash menu's "Image" item); the host then runs
   * `insertImage(src, alt)` from editor/nodes/image.ts. Without it the item is not offered.
   */
  onImageRequest?: (view: EditorView) => void;
  /**
   * Draws report panels and opens their editors (app/components/panels/panel-host.tsx). Without it
   * panel grids are static and the slash menu's "Panel grid" item is not offered.
   */
  panelHost?: PanelHost;
  /**
   * Finds people for `@` autocomplete in the body (the app asks `GET …/mentionable?q=`). Without it
   * typing `@` does nothing special.
   */
  onMentionSearch?: MentionSearch;
  /**
   * Comments: clicks on highlighted passages and range changes (`anchors`), and the selection
   * toolbar's Comment button and Mod-Alt-M (`request`). Threads are fed in with
   * `setCommentThreads` from plugins/commentAnchors.ts.
   */
  comments?: { anchors?: CommentAnchorsOptions; request?: CommentRequest };
}

/** A running editor. */
export interface FolioEditor {
  view: EditorView;
  setReadOnly(readOnly: boolean): void;
  destroy(): void;
}

/** The slash menu's "Image" item: hands over to the host's URL prompt. */
function imageItem(onImageRequest: (view: EditorView) => void): SlashMenuItem {
  return {
    id: "image",
    label: "Image",
    keywords: ["picture", "img", "figure", "url"],
    command: (_state, dispatch, view) => {
      // After the menu's own transaction (removing "/image") has been dispatched.
      if (dispatch && view) queueMicrotask(() => onImageRequest(view));
      return true;
    },
  };
}

/** The slash menu's items for these options. */
function menuItems(options: Pick<FolioEditorOptions, "onImageRequest" | "panelHost">): readonly SlashMenuItem[] {
  const extra: SlashMenuItem[] = [];
  if (options.panelHost) extra.push(panelGridItem(options.panelHost));
  if (options.onImageRequest) extra.push(imageItem(options.onImageRequest));
  return extra.length ? [...slashMenuItems, ...extra] : slashMenuItems;
}

/** The editor's plugins, in priority order (exposed for hosts that build their own view). */
export function folioPlugins(
  options: Pick<FolioEditorOptions, "fragment" | "awareness" | "onLinkRequest" | "onImageRequest" | "panelHost" | "onMentionSearch" | "comments">,
  toc: TocFeature,
  mapping?: ReturnType<typeof initProseMirrorDoc>["mapping"],
): Plugin[] {
  return [
    ySyncPlugin(options.fragment, mapping ? { mapping } : {}) as Plugin,
    yCursorPlugin(options.awareness) as Plugin,
    yUndoPlugin(),
    remoteSelectionPlugin(),
    keymap({ "Mod-z": undoCommand, "Mod-y": redoCommand, "Mod-Shift-z": redoCommand }),
    ...(options.onMentionSearch ? [mentionPlugin(options.onMentionSearch)] : []),
    slashMenuPlugin({ items: menuItems(options) }),
    folioInputRules(),
    keymap({ Tab: goToNextCell(1), "Shift-Tab": goToNextCell(-1) }),
    ...folioKeymap({ onLinkRequest: options.onLinkRequest }),
    tableEditing(),
    codeHighlightPlugin(),
    pasteMarkdownPlugin(),
    panelGridIdsPlugin(),
    selectionToolbarPlugin({ onLinkRequest: options.onLinkRequest, comment: options.comments?.request }),
    commentAnchorsPlugin(options.comments?.anchors),
    toc.plugin,
    dropCursor(),
    gapCursor(),
  ];
}

/** Creates the editor in `options.element`. Call `destroy()` when the report closes. */
export function createFolioEditor(options: FolioEditorOptions): FolioEditor {
  let readOnly = options.readOnly ?? false;
  const { doc, mapping } = initProseMirrorDoc(options.fragment, schema);
  const toc = createTocFeature();
  const panels = options.panelHost ? createPanelGridFeature(options.panelHost, options.comments?.request) : null;
  const plugins = folioPlugins(options, toc, mapping);
  const view = new EditorView(options.element, {
    state: EditorState.create({ schema, doc, plugins: panels ? [...plugins, panels.plugin] : plugins }),
    editable: () => !readOnly,
    nodeViews: {
      math_inline: (node, v, getPos) => new MathView(node, v, getPos),
      math_block: (node, v, getPos) => new MathView(node, v, getPos),
      task_item: (node, v, getPos) => new TaskItemView(node, v, getPos),
      toc: (node, v) => toc.nodeView(node, v),
      ...panels?.nodeViews,
    },
    attributes: { class: "folio-editor", spellcheck: "true" },
  });
  return {
    view,
    setReadOnly(value: boolean) {
      readOnly = value;
      // Re-render so node views and plugin views pick up `editable`.
      view.setProps({ editable: () => !readOnly });
    },
    destroy() {
      view.destroy();
    },
  };
}
