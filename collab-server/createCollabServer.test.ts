/** collab-server on its own: a real HTTP server on port 0, memory persistence, real y-websocket clients. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { connectClient, rawSocket, waitFor, type TestClient } from "../tests/helpers/collabClient";
import { CloseCode, FRAGMENT_NAME } from "../editor/protocol";
import { createCollabServer, type Authorize, type CollabServer } from "./createCollabServer";
import { initialState } from "./documentCopy";
import { createMemoryPersistence } from "./persistence/memory";
import type { Persistence } from "./persistence/Persistence";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Tokens are "user:access", e.g. "ann:write". */
const authorize: Authorize = async (req) => {
  const m = /^Bearer (\w+):(write|read)$/.exec(req.headers.authorization ?? "");
  return m ? { ok: true, user: { id: m[1], name: m[1] }, access: m[2] as "write" | "read" } : { ok: false, reason: "unauthorized" };
};

async function start(persistence: Persistence, limits = {}): Promise<{ url: string; collab: CollabServer }> {
  const collab = createCollabServer({ authorize, persistence, limits });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket, head) => collab.handleUpgrade(req, socket, head) || socket.destroy());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(async () => {
    await collab.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, collab };
}

const client = (url: string, id: string, token: string) => {
  const c = connectClient(url, id, token);
  cleanups.push(() => c.destroy());
  return c;
};
const paragraph = (c: TestClient, text: string) => {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  c.doc.getXmlFragment(FRAGMENT_NAME).push([p]);
};

describe("createCollabServer", () => {
  it("loads a report once for concurrent sockets, and only after the stored state is read", async () => {
    const memory = createMemoryPersistence();
    await memory.append([{ reportId: "r1", update: initialState("# Stored"), userId: null }]);
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { url } = await start({ ...memory, load: async (id) => (loads++, await gate, memory.load(id)) });
    const clients = Array.from({ length: 4 }, () => client(url, "r1", "ann:write"));
    await new Promise((r) => setTimeout(r, 100));
    expect(clients.some((c) => c.provider.synced)).toBe(false);
    release();
    await Promise.all(clients.map((c) => c.synced));
    expect(loads).toBe(1);
    expect(clients[3].doc.getXmlFragment(FRAGMENT_NAME).toString()).toContain("Stored");
  });

  it("a failed load closes with loadFailed and creates no document", async () => {
    const memory = createMemoryPersistence();
    let fail = true;
    const appended: string[] = [];
    const { url } = await start({
      ...memory,
      load: async (id) => {
        if (fail) throw new Error("database down");
        return memory.load(id);
      },
      append: async (entries) => (appended.push(...entries.map((e) => e.reportId)), memory.append(entries)),
    });
    const s = rawSocket(url, "r2", { authorization: "Bearer ann:write" });
    expect((await s.closed).code).toBe(CloseCode.loadFailed);
    expect(s.frames).toHaveLength(0);
    expect(appended).toEqual([]);
    fail = false;
    const c = client(url, "r2", "ann:write");
    await c.synced;
  });

  it("applies nothing from a read-only socket but syncs it", async () => {
    const memory = createMemoryPersistence();
    const { url } = await start(memory);
    const writer = client(url, "r3", "ann:write");
    const reader = client(url, "r3", "bob:read");
    await Promise.all([writer.synced, reader.synced]);
    paragraph(reader, "from the reader");
    paragraph(writer, "from the writer");
    await waitFor(() => reader.doc.getXmlFragment(FRAGMENT_NAME).toString().includes("from the writer"), "reader receives");
    await waitFor(() => writer.allSaved(), "writer saved");
    expect(writer.doc.getXmlFragment(FRAGMENT_NAME).toString()).not.toContain("from the reader");
    expect(reader.allSaved()).toBe(false);
  });

  it("closes all sockets with storageFailed when commits keep failing, and recovers from the clients", async () => {
    const memory = createMemoryPersistence();
    let failing = false;
    const { url } = await start({ ...memory, append: async (e) => (failing ? Promise.reject(new Error("disk full")) : memory.append(e)) });
    const a = client(url, "r4", "ann:write");
    await a.synced;
    failing = true;
    paragraph(a, "unsaved for now");
    await waitFor(() => a.closes.includes(CloseCode.storageFailed), "storageFailed close", 10_000);
    expect(a.allSaved()).toBe(false);
    failing = false;
    // The provider reconnects; its sync step 2 carries the unsaved edit to a freshly loaded room.
    await waitFor(() => a.allSaved(), "saved after reconnect", 10_000);
    expect((await memory.load("r4")).length).toBeGreaterThan(0);
  });

  it("close() commits accepted updates before closing sockets with serverShuttingDown", async () => {
    const memory = createMemoryPersistence();
    // Slow commits: the update is still in flight when close() is called.
    const { url, collab } = await start({ ...memory, append: async (e) => (await new Promise((r) => setTimeout(r, 300)), memory.append(e)) });
    const a = client(url, "r5", "ann:write");
    await a.synced;
    paragraph(a, "last words");
    await waitFor(async () => (await collab.read("r5", (d) => d.getXmlFragment(FRAGMENT_NAME).toString())).includes("last words"), "update reached the room");
    expect(await memory.load("r5")).toHaveLength(0);
    await collab.close();
    await waitFor(() => a.closes.includes(CloseCode.serverShuttingDown), "shutdown close");
    expect(a.allSaved()).toBe(true);
    a.provider.disconnect();
    const doc = new Y.Doc();
    for (const u of await memory.load("r5")) Y.applyUpdate(doc, u);
    expect(doc.getXmlFragment(FRAGMENT_NAME).toString()).toContain("last words");
  });

  it("refuses an update that would grow the document past its limit, and keeps the others editing", async () => {
    const memory = createMemoryPersistence();
    const { url } = await start(memory, { maxDocumentBytes: 4_000 });
    const big = client(url, "r6", "ann:write");
    const small = client(url, "r6", "bob:write");
    await Promise.all([big.synced, small.synced]);
    paragraph(big, "x".repeat(5_000));
    await waitFor(() => big.closes.includes(CloseCode.documentTooLarge), "documentTooLarge close");
    big.provider.disconnect();
    paragraph(small, "still fine");
    await waitFor(() => small.allSaved(), "the other client keeps saving");
    const doc = new Y.Doc();
    for (const u of await memory.load("r6")) Y.applyUpdate(doc, u);
    expect(doc.getXmlFragment(FRAGMENT_NAME).toString()).not.toContain("xxxxx");
  });
});
