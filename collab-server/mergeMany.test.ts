import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { mergeMany } from "./mergeMany";

describe("mergeMany", () => {
  it("gives the document Y.mergeUpdates gives, for one, a few and many updates from several clients", () => {
    for (const n of [1, 5, 16, 17, 300]) {
      const docs = [new Y.Doc(), new Y.Doc()];
      const updates: Uint8Array[] = [];
      for (const d of docs) d.on("update", (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < n; i++) {
        const d = docs[i % 2];
        const t = d.getText("t");
        if (i % 7 === 6 && t.length > 0) t.delete(0, 1);
        else t.insert(Math.floor(t.length / 2), String(i % 10));
        Y.applyUpdate(docs[(i + 1) % 2], updates[updates.length - 1]);
      }
      const merged = new Y.Doc();
      Y.applyUpdate(merged, mergeMany(updates));
      const reference = new Y.Doc();
      Y.applyUpdate(reference, Y.mergeUpdates(updates));
      expect(merged.getText("t").toString()).toBe(reference.getText("t").toString());
      expect(merged.getText("t").toString()).toBe(docs[0].getText("t").toString());
      expect(Y.encodeStateVector(merged)).toEqual(Y.encodeStateVector(reference));
    }
  });
});
