/** Room's lazy hydration: the first sync is answered from the stored bytes, the document is built after. */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { FRAGMENT_NAME, MessageType } from "../editor/protocol";
import type { Connection } from "./Connection";
import { compactUpdates, silentLogger } from "./documentCopy";
import { GroupCommitter } from "./GroupCommitter";
import { createMemoryPersistence } from "./persistence/memory";
import { RefusedFrame, Room } from "./Room";

/** A connection that records what the room sends it. */
const fakeConnection = (id: string) => {
  const sent: Uint8Array[] = [];
  const conn = { sent, send: (m: Uint8Array) => sent.push(m), access: "write", closed: false, awarenessIds: new Set<number>(), identity: { id, name: id, color: "" } };
  return conn as unknown as Connection & { sent: Uint8Array[] };
};

const syncFrame = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  write(e);
  return encoding.toUint8Array(e);
};

/** Applies the sync messages in `sent` to `doc`; returns the message types seen, in order. */
const receive = (doc: Y.Doc, sent: Uint8Array[]) =>
  sent.map((m) => {
    const d = decoding.createDecoder(m);
    const type = decoding.readVarUint(d);
    if (type !== MessageType.sync) return `${type}`;
    return `sync:${syncProtocol.readSyncMessage(d, encoding.createEncoder(), doc, "test")}`;
  });

/** Stored state: a "snapshot" with one paragraph, then `tail` updates each adding a character. */
function stored(tail: number): Uint8Array[] {
  const doc = new Y.Doc();
  const text = new Y.XmlText("snapshot ");
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [text]);
  doc.getXmlFragment(FRAGMENT_NAME).push([p]);
  const updates = [Y.encodeStateAsUpdate(doc)];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < tail; i++) text.insert(text.length, String(i % 10));
  return updates;
}

const deps = () => ({
  committer: new GroupCommitter(createMemoryPersistence(), silentLogger),
  logger: silentLogger,
  maxDocumentBytes: 1e9,
  compactEvery: 1e9,
  mentionCompactionDelayMs: 1e9,
  requestCompaction() {},
  onStorageFailure() {},
  onLoadFailure() {},
  onIdle() {},
});
const nextTurn = () => new Promise((r) => setImmediate(r));

describe("Room hydration", () => {
  it("answers a sync step 1 from the stored bytes, then builds the document and sends its step 1 and saved vector", async () => {
    const room = new Room("r", stored(20), deps());
    const conn = fakeConnection("ann");
    room.join(conn);
    room.receive(conn, syncFrame((e) => syncProtocol.writeSyncStep1(e, new Y.Doc())));
    expect(room.hydrated).toBe(false);
    const client = new Y.Doc();
    expect(receive(client, conn.sent.splice(0))).toEqual(["sync:1", "sync:2"]);
    expect(client.getXmlFragment(FRAGMENT_NAME).toString()).toBe("<paragraph>snapshot 01234567890123456789</paragraph>");

    await nextTurn();
    expect(room.hydrated).toBe(true);
    expect(room.doc.getXmlFragment(FRAGMENT_NAME).toString()).toBe(client.getXmlFragment(FRAGMENT_NAME).toString());
    // The room's own step 1, and the saved vector covering everything stored.
    const types = conn.sent.map((m) => decoding.readVarUint(decoding.createDecoder(m)));
    expect(types).toEqual([MessageType.sync, MessageType.saved]);
    room.destroy();
  });

  it("refuses a malformed state vector before hydration as after", () => {
    const room = new Room("r", stored(1), deps());
    const conn = fakeConnection("ann");
    room.join(conn);
    const badVector = syncFrame((e) => {
      encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
      encoding.writeVarUint8Array(e, new Uint8Array([5, 1]));
    });
    expect(() => room.receive(conn, badVector)).toThrow();
    room.destroy();
  });

  it("hydrates at once when an update arrives first, and relays it to the other sockets", () => {
    const state = stored(3);
    const room = new Room("r", state, deps());
    const ann = fakeConnection("ann");
    const bob = fakeConnection("bob");
    room.join(ann);
    room.join(bob);
    const editor = new Y.Doc();
    for (const u of state) Y.applyUpdate(editor, u);
    let update: Uint8Array | null = null;
    editor.on("update", (u: Uint8Array) => (update = u));
    (editor.getXmlFragment(FRAGMENT_NAME).get(0) as Y.XmlElement).insert(1, [new Y.XmlText("more")]);
    room.receive(ann, syncFrame((e) => syncProtocol.writeUpdate(e, update!)));
    expect(room.hydrated).toBe(true);
    expect(room.doc.getXmlFragment(FRAGMENT_NAME).toString()).toBe(editor.getXmlFragment(FRAGMENT_NAME).toString());
    const bobs = new Y.Doc();
    for (const u of state) Y.applyUpdate(bobs, u);
    receive(bobs, bob.sent);
    expect(bobs.getXmlFragment(FRAGMENT_NAME).toString()).toBe(editor.getXmlFragment(FRAGMENT_NAME).toString());
    room.destroy();
  });

  it("gives the room up, without throwing out of the event loop, when the stored state cannot be applied", async () => {
    const failed: Room[] = [];
    const room = new Room("r", [new Uint8Array([3, 200, 1, 7, 7])], { ...deps(), onLoadFailure: (r: Room) => (failed.push(r), r.destroy()) });
    await nextTurn();
    expect(failed).toEqual([room]);
    expect(room.destroyed).toBe(true);
  });
});

describe("Room size estimate", () => {
  it("restarts from the compacted state's size plus what was appended during the compaction", () => {
    const room = new Room("r", [], { ...deps(), maxDocumentBytes: 1_000 });
    const ann = fakeConnection("ann");
    room.join(ann);
    const editor = new Y.Doc();
    const sent: Uint8Array[] = [];
    editor.on("update", (u: Uint8Array) => {
      sent.push(u);
      room.receive(ann, syncFrame((e) => syncProtocol.writeUpdate(e, u)));
    });
    const text = new Y.XmlText();
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [text]);
    editor.getXmlFragment(FRAGMENT_NAME).push([p]);
    text.insert(0, "x".repeat(600));
    text.delete(0, 600);
    // Compaction reads the rows so far; an update arrives while it runs.
    room.compacting();
    const { state } = compactUpdates(sent.slice());
    text.insert(0, "hi");
    room.compactedTo(state.byteLength);
    // 600 more characters fit: the deleted ones no longer count, the one typed meanwhile does.
    expect(() => text.insert(2, "y".repeat(600))).not.toThrow();
    expect(() => text.insert(0, "z".repeat(600))).toThrow(RefusedFrame);
    room.destroy();
  });
});
