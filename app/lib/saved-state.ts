/**
 * "Saved" for a collaborative report (editor/protocol.ts, message type 4): the server confirms
 * with the state vector of everything durably committed for the report. This tab's edits are
 * saved when, for its own Yjs client id, the committed clock has caught up with the local one.
 * Other clients' edits are theirs to confirm, so they never hold this tab's indicator on "Saving…".
 */
import * as decoding from "lib0/decoding";
import * as Y from "yjs";

/** The state vector inside a "saved" message's payload (after the message type). */
export function readSavedVector(decoder: decoding.Decoder): Map<number, number> {
  return Y.decodeStateVector(decoding.readVarUint8Array(decoder));
}

/** Whether every edit `clientIds` made in `doc` is covered by `saved`. */
export function isSaved(doc: Y.Doc, saved: Map<number, number> | null, clientIds: Iterable<number> = [doc.clientID]): boolean {
  const local = Y.getState.bind(null, doc.store);
  for (const id of clientIds) {
    const clock = local(id);
    if (clock === 0) continue;
    if (!saved || (saved.get(id) ?? 0) < clock) return false;
  }
  return true;
}
