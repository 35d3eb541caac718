import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import { rewriteAwareness } from "./awarenessIdentity";

const identity = { id: "u1", name: "Alice", color: "hsl(1, 70%, 45%)" };

function updateFor(clientId: number, state: unknown) {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const a = new awarenessProtocol.Awareness(doc);
  a.setLocalState(state as Record<string, unknown>);
  const u = awarenessProtocol.encodeAwarenessUpdate(a, [clientId]);
  a.destroy();
  return u;
}

function states(update: Uint8Array) {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  return Array.from({ length: n }, () => ({ client: decoding.readVarUint(d), clock: decoding.readVarUint(d), state: JSON.parse(decoding.readVarString(d)) }));
}

describe("rewriteAwareness", () => {
  it("overwrites the user field with the server's identity and keeps the rest", () => {
    const owned = new Set<number>();
    const out = rewriteAwareness(updateFor(7, { user: { name: "Mallory" }, cursor: { anchor: 1 } }), identity, owned, () => false);
    expect(states(out!)).toEqual([{ client: 7, clock: 1, state: { user: identity, cursor: { anchor: 1 } } }]);
    expect([...owned]).toEqual([7]);
  });

  it("drops entries for client ids another socket owns", () => {
    expect(rewriteAwareness(updateFor(9, { x: 1 }), identity, new Set(), (id) => id === 9)).toBeNull();
  });

  it("throws on malformed JSON, non-object states and trailing bytes", () => {
    const bad = new Uint8Array([1, 5, 1, 3, ...new TextEncoder().encode("{x:")]);
    expect(() => rewriteAwareness(bad, identity, new Set(), () => false)).toThrow();
    expect(() => rewriteAwareness(updateFor(3, [1, 2] as unknown), identity, new Set(), () => false)).toThrow();
    expect(() => rewriteAwareness(new Uint8Array([...updateFor(3, {}), 0]), identity, new Set(), () => false)).toThrow();
  });
});
