/**
 * The contract every Persistence must meet, as a vitest suite (run against memory and postgres, and
 * postgres on both PGlite and PostgreSQL: tests/integration/collab-persistence.test.ts).
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { FRAGMENT_NAME } from "../../editor/protocol";
import { docFromUpdates, initialState } from "../documentCopy";
import type { Persistence } from "./Persistence";

/** A fresh store and a way to make report ids it accepts. */
export interface ContractSubject {
  persistence: Persistence;
  newReport(): Promise<string>;
}

const text = (updates: Uint8Array[]) => {
  const doc = docFromUpdates(updates, "test:contract");
  const s = doc.getXmlFragment(FRAGMENT_NAME).toString();
  doc.destroy();
  return s;
};

/** Appends `n` paragraphs typed by one client; returns the doc that made them. */
async function typeParagraphs(p: Persistence, reportId: string, n: number, doc = new Y.Doc()) {
  const updates: Uint8Array[] = [];
  const handler = (u: Uint8Array) => updates.push(u);
  doc.on("update", handler);
  for (let i = 0; i < n; i++) {
    doc.transact(() => {
      const el = new Y.XmlElement("paragraph");
      el.insert(0, [new Y.XmlText(`p${i}`)]);
      doc.getXmlFragment(FRAGMENT_NAME).push([el]);
    }, "test:type");
  }
  doc.off("update", handler);
  await p.append(updates.map((update) => ({ reportId, update, userId: null })));
  return doc;
}

/** Registers the suite for one implementation. */
export function persistenceContract(name: string, make: () => Promise<ContractSubject & { close(): Promise<void> }>) {
  describe(`persistence contract: ${name}`, () => {
    it("loads nothing for a new report, and what was appended in order", async () => {
      const s = await make();
      try {
        const id = await s.newReport();
        expect(await s.persistence.load(id)).toEqual([]);
        const doc = await typeParagraphs(s.persistence, id, 5);
        const loaded = await s.persistence.load(id);
        expect(loaded).toHaveLength(5);
        expect(text(loaded)).toBe(doc.getXmlFragment(FRAGMENT_NAME).toString());
        // Returned bytes are plain Uint8Arrays Yjs can read.
        expect(loaded[0]).toBeInstanceOf(Uint8Array);
      } finally {
        await s.close();
      }
    });

    it("keeps reports apart and appends a group across reports atomically", async () => {
      const s = await make();
      try {
        const [a, b] = [await s.newReport(), await s.newReport()];
        await s.persistence.append([
          { reportId: a, update: initialState("# A"), userId: null },
          { reportId: b, update: initialState("# B"), userId: null },
        ]);
        expect(text(await s.persistence.load(a))).toContain("A");
        expect(text(await s.persistence.load(b))).not.toContain(">A<");
      } finally {
        await s.close();
      }
    });

    it("compacts into one snapshot with a canonical copy, loading the same document", async () => {
      const s = await make();
      try {
        const id = await s.newReport();
        await s.persistence.append([{ reportId: id, update: initialState("# Title\n\nbody"), userId: null }]);
        const doc = await typeParagraphs(s.persistence, id, 20);
        const before = text(await s.persistence.load(id));
        expect((await s.persistence.compact(id)).merged).toBe(21);
        const after = await s.persistence.load(id);
        expect(after).toHaveLength(1);
        expect(text(after)).toBe(before);
        const copy = await s.persistence.readCopy(id);
        // (the typed paragraphs are concurrent with the initial content: their order is Yjs's choice)
        expect(copy?.markdown).toContain("# Title\n\nbody\n");
        expect(copy?.markdown).toContain("p0\n\np1\n");
        expect(copy?.prosemirror).toMatchObject({ type: "doc" });
        // Appends after a compaction land in the log and load on top of the snapshot.
        await typeParagraphs(s.persistence, id, 2, doc);
        expect(await s.persistence.load(id)).toHaveLength(3);
        expect((await s.persistence.compact(id)).merged).toBe(2);
        expect((await s.persistence.compact(id)).merged).toBe(0);
        expect(text(await s.persistence.load(id))).toContain("p1");
      } finally {
        await s.close();
      }
    });

    it("never loses an append that races a compaction", async () => {
      const s = await make();
      try {
        const id = await s.newReport();
        const doc = new Y.Doc();
        await typeParagraphs(s.persistence, id, 10, doc);
        const work: Promise<unknown>[] = [];
        for (let round = 0; round < 10; round++) {
          work.push(typeParagraphs(s.persistence, id, 3, doc));
          work.push(s.persistence.compact(id));
        }
        await Promise.all(work);
        const expected = doc.getXmlFragment(FRAGMENT_NAME).toString();
        expect(text(await s.persistence.load(id))).toBe(expected);
        await s.persistence.compact(id);
        expect(text(await s.persistence.load(id))).toBe(expected);
      } finally {
        await s.close();
      }
    });

    it("keeps a document that does not fit the schema, without a copy", async () => {
      const s = await make();
      try {
        const id = await s.newReport();
        const doc = new Y.Doc();
        const updates: Uint8Array[] = [];
        doc.on("update", (u: Uint8Array) => updates.push(u));
        doc.getXmlFragment(FRAGMENT_NAME).push([new Y.XmlElement("no_such_node")]);
        await s.persistence.append(updates.map((update) => ({ reportId: id, update, userId: null })));
        await s.persistence.compact(id);
        expect(text(await s.persistence.load(id))).toBe("<no_such_node></no_such_node>");
      } finally {
        await s.close();
      }
    });
  });
}
