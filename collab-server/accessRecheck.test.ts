/**
 * collab-server's side of issue 6: open sockets re-checked (`recheckAccess`) and closed with
 * accessRevoked / accessChanged, and guests (share links) that are invisible and, when anonymous,
 * blind to everyone's awareness. Real server on port 0, memory persistence, real clients.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import * as decoding from "lib0/decoding";
import { afterEach, describe, expect, it } from "vitest";
import { connectClient, rawSocket, waitFor } from "../tests/helpers/collabClient";
import { CloseCode, MessageType } from "../editor/protocol";
import type { Access } from "./Connection";
import { createCollabServer, type Authorize } from "./createCollabServer";
import { initialState } from "./documentCopy";
import { createMemoryPersistence } from "./persistence/memory";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Access per user, changeable by the test; "guest" and "anon" tokens are share-link guests. */
const granted = new Map<string, Access | null>();
const authorize: Authorize = async (req) => {
  const who = /^Bearer (\w+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
  const access = granted.get(who) ?? null;
  if (!access) return { ok: false, reason: "notFound" };
  const guest = who === "guest" || who === "anon" ? { anonymous: who === "anon" } : undefined;
  return { ok: true, user: { id: who, name: who }, access, guest, recheck: async () => granted.get(who) ?? null };
};

async function start() {
  const persistence = createMemoryPersistence();
  await persistence.append([{ reportId: "r1", update: initialState("Hello"), userId: null }]);
  const collab = createCollabServer({ authorize, persistence });
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

const awarenessFrames = (frames: Uint8Array[]) => frames.filter((f) => decoding.readVarUint(decoding.createDecoder(f)) === MessageType.awareness);

describe("access re-checks", () => {
  it("closes sockets whose access is gone (accessRevoked) or changed (accessChanged), leaves the rest", async () => {
    granted.clear();
    for (const [who, access] of [["ann", "write"], ["bob", "write"], ["cat", "read"]] as const) granted.set(who, access);
    const { url, collab } = await start();
    const sockets = Object.fromEntries(["ann", "bob", "cat"].map((who) => [who, rawSocket(url, "r1", { authorization: `Bearer ${who}` })]));
    await Promise.all(Object.values(sockets).map((s) => s.opened));
    await waitFor(() => Object.values(sockets).every((s) => s.frames.length >= 2), "all synced");
    granted.set("bob", null);
    granted.set("cat", "write");
    await collab.recheckAccess("r1");
    expect((await sockets.bob.closed).code).toBe(CloseCode.accessRevoked);
    expect((await sockets.cat.closed).code).toBe(CloseCode.accessChanged);
    expect(sockets.ann.ws.readyState).toBe(sockets.ann.ws.OPEN);
    // Unknown reports and a full sweep are harmless.
    await collab.recheckAccess("nope");
    await collab.recheckAccess();
    expect(sockets.ann.ws.readyState).toBe(sockets.ann.ws.OPEN);
    sockets.ann.ws.close();
  });

  it("keeps guests invisible, and anonymous guests blind to who is there", async () => {
    granted.clear();
    for (const [who, access] of [["ann", "write"], ["guest", "read"], ["anon", "read"]] as const) granted.set(who, access);
    const { url, collab } = await start();
    const ann = connectClient(url, "r1", "ann");
    cleanups.push(() => ann.destroy());
    await ann.synced;
    ann.provider.awareness.setLocalStateField("cursor", { at: 1 });
    const guest = rawSocket(url, "r1", { authorization: "Bearer guest" });
    const anon = rawSocket(url, "r1", { authorization: "Bearer anon" });
    await Promise.all([guest.opened, anon.opened]);
    await waitFor(() => awarenessFrames(guest.frames).length > 0, "the named guest sees ann");
    // A guest's awareness is dropped: nobody sees a guest.
    const guestClient = connectClient(url, "r1", "guest");
    cleanups.push(() => guestClient.destroy());
    await guestClient.synced;
    guestClient.provider.awareness.setLocalStateField("cursor", { at: 2 });
    ann.provider.awareness.setLocalStateField("cursor", { at: 3 });
    await waitFor(() => guestClient.provider.awareness.getStates().has(ann.doc.clientID), "the guest client sees ann");
    expect(ann.provider.awareness.getStates().has(guestClient.doc.clientID)).toBe(false);
    expect(collab.presence("r1").map((p) => p.id).sort()).toEqual(["ann"]);
    expect(awarenessFrames(anon.frames)).toEqual([]);
    guest.ws.close();
    anon.ws.close();
  });
});
