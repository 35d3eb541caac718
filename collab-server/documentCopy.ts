/**
 * Conversions between a report's Yjs document and its ProseMirror / Markdown forms, on the
 * `Y.XmlFragment` named FRAGMENT_NAME. A stored document that does not fit the current schema is
 * never rewritten here: the Yjs state is the source of truth, the copy is only derived from it.
 */
import type { Node } from "prosemirror-model";
import * as Y from "yjs";
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from "y-prosemirror";
import { parseMarkdown, serializeMarkdown } from "../editor/markdown";
import { FRAGMENT_NAME } from "../editor/protocol";
import { schema } from "../editor/schema";
import type { DocumentCopy } from "./persistence/Persistence";

/** Logs problems with a document; collab-server never prints on its own. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything (tests, benches). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** The document as a ProseMirror node, or null (logged) when it does not fit the schema. */
export function toProseMirror(doc: Y.Doc, logger: Logger = silentLogger, reportId = "?"): Node | null {
  try {
    const fragment = doc.getXmlFragment(FRAGMENT_NAME);
    // A report created without content has an empty fragment, which is not a valid `doc` (block+):
    // it reads as the empty document (this was a 500 on GET /api/v1/reports/{id}).
    if (fragment.length === 0) return schema.topNodeType.createAndFill();
    const node = yXmlFragmentToProseMirrorRootNode(fragment, schema);
    node.check();
    return node;
  } catch (error) {
    logger.warn("document does not fit the schema; keeping the Yjs state as is", { reportId, error: String(error) });
    return null;
  }
}

/** The canonical ProseMirror JSON + Markdown copy, or null when the document does not fit the schema. */
export function renderCopy(doc: Y.Doc, logger: Logger = silentLogger, reportId = "?"): DocumentCopy | null {
  const node = toProseMirror(doc, logger, reportId);
  if (!node) return null;
  try {
    return { prosemirror: node.toJSON() as Record<string, unknown>, markdown: serializeMarkdown(node) };
  } catch (error) {
    logger.warn("could not serialise the document as Markdown", { reportId, error: String(error) });
    return null;
  }
}

/**
 * Replaces the document's content with `markdown` as one ordinary edit (a minimal diff made by
 * y-prosemirror), inside a transaction with `origin`. Connected editors receive it like any edit.
 */
export function replaceWithMarkdown(doc: Y.Doc, markdown: string, origin: unknown): void {
  const node = parseMarkdown(markdown);
  doc.transact(() => {
    updateYFragment(doc, doc.getXmlFragment(FRAGMENT_NAME), node, { mapping: new Map(), isOMark: new Map() });
  }, origin);
}

/** The Yjs state (one update) of a new document holding `markdown`. */
export function initialState(markdown: string): Uint8Array {
  const doc = new Y.Doc();
  replaceWithMarkdown(doc, markdown, "collab:initial-content");
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Builds a document from stored updates (snapshot first), with a named origin. */
export function docFromUpdates(updates: Uint8Array[], origin: string): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const u of updates) Y.applyUpdate(doc, u, origin);
  }, origin);
  return doc;
}

/** A report's stored updates folded into one: what a compaction writes. */
export interface CompactedState {
  /** One update equal to the whole document (Y.encodeStateAsUpdate of it). */
  state: Uint8Array;
  /** The canonical copy, or null when the document does not fit the schema (logged). */
  copy: DocumentCopy | null;
}

/**
 * Compaction's pure part: the stored updates (snapshot first) → the merged state and the canonical
 * copy. CPU only (no I/O, no shared state), so it can run in a worker thread (CompactionPool.ts).
 */
export function compactUpdates(updates: Uint8Array[], logger: Logger = silentLogger, reportId = "?"): CompactedState {
  const doc = docFromUpdates(updates, "collab:compaction");
  try {
    return { state: Y.encodeStateAsUpdate(doc), copy: renderCopy(doc, logger, reportId) };
  } finally {
    doc.destroy();
  }
}
