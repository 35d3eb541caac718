import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { isSaved, readSavedVector } from "./saved-state";

function savedMessage(doc: Y.Doc): decoding.Decoder {
  const e = encoding.createEncoder();
  encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  return decoding.createDecoder(encoding.toUint8Array(e));
}

describe("saved state", () => {
  it("is saved when the committed vector covers this client's edits, and not before", () => {
    const server = new Y.Doc();
    const local = new Y.Doc();
    expect(isSaved(local, null)).toBe(true); // nothing typed yet
    local.getText("t").insert(0, "hello");
    expect(isSaved(local, readSavedVector(savedMessage(server)))).toBe(false);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(local));
    expect(isSaved(local, readSavedVector(savedMessage(server)))).toBe(true);
    local.getText("t").insert(5, "!");
    expect(isSaved(local, readSavedVector(savedMessage(server)))).toBe(false);
  });

  it("ignores other clients' edits unless asked about them", () => {
    const peer = new Y.Doc();
    const local = new Y.Doc();
    peer.getText("t").insert(0, "theirs");
    Y.applyUpdate(local, Y.encodeStateAsUpdate(peer));
    const empty = readSavedVector(savedMessage(new Y.Doc()));
    expect(isSaved(local, empty)).toBe(true);
    expect(isSaved(local, empty, [local.clientID, peer.clientID])).toBe(false);
  });
});
