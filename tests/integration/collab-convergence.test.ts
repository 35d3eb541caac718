import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { docFromUpdates } from "../../collab-server/documentCopy";
import { createPostgresPersistence } from "../../collab-server/persistence/postgres";
import { FRAGMENT_NAME } from "../../editor/protocol";
import { connectClient, waitFor, type TestClient } from "../helpers/collabClient";
import { prng, randomEdit } from "../helpers/randomEdits";
import { api, startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const content = (doc: Y.Doc) => doc.getXmlFragment(FRAGMENT_NAME).toString();
const reload = async (id: string) => {
  const doc = docFromUpdates(await createPostgresPersistence(t.server.services.db).load(id), "test:reload");
  const s = { content: content(doc), vector: Y.encodeStateVector(doc) };
  doc.destroy();
  return s;
};

describe("randomized convergence", () => {
  for (const seed of [1, 2, 3]) {
    it(`5 clients with random concurrent edits converge to what the database reloads (seed ${seed})`, async () => {
      const { body } = await api(t, "POST", "/api/v1/reports", { project: "conv", title: `seed ${seed}`, markdown: "# Start\n\nhello" });
      const random = prng(seed);
      const clients: TestClient[] = Array.from({ length: 5 }, () => connectClient(t.url, body.id, t.apiKey));
      await Promise.all(clients.map((c) => c.synced));
      // Bursts of edits from random clients, interleaved with the event loop so messages cross.
      for (let round = 0; round < 40; round++) {
        for (let i = 0; i < 5; i++) randomEdit(clients[Math.floor(random() * 5)].doc, random);
        if (random() < 0.5) await new Promise((r) => setImmediate(r));
        else await new Promise((r) => setTimeout(r, Math.floor(random() * 5)));
      }
      const expected = () => content(clients[0].doc);
      await waitFor(() => clients.every((c) => content(c.doc) === expected()), "all clients converge");
      await waitFor(() => clients.every((c) => c.allSaved()), "every client's edits confirmed saved");
      const stored = await reload(body.id);
      expect(stored.content).toBe(expected());
      expect(Y.decodeStateVector(stored.vector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(clients[0].doc)));
      const md = await fetch(`${t.url}/api/v1/reports/${body.id}?format=md`, { headers: { authorization: `Bearer ${t.apiKey}` } });
      expect(md.status).toBe(200);
      for (const c of clients) c.destroy();
      // The room closes, compacts; the compacted state is the same document.
      await waitFor(() => t.server.services.collab.stats().rooms === 0, "room dropped after the last client left");
      expect((await reload(body.id)).content).toBe(stored.content);
    });
  }
});
