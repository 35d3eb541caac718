import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CloseCode, FRAGMENT_NAME, MessageType } from "../../editor/protocol";
import { sessionCookie } from "../../server/auth/sessionCookie";
import { createApiKey, revokeApiKey } from "../../server/services/apiKeys";
import { createSession } from "../../server/services/sessions";
import { connectClient, rawSocket, waitFor } from "../helpers/collabClient";
import { api, startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let reportId: string;
let bob: { user: { id: string }; apiKey: string };
beforeAll(async () => {
  t = await startTestServer();
  reportId = (await api(t, "POST", "/api/v1/reports", { project: "secret", title: "Alice's", markdown: "# Private" })).body.id;
  bob = await t.addUser("bob@example.com");
});
afterAll(async () => t?.close());

/** Opens a raw socket and expects a close with `code` before any frame. */
async function refused(id: string, headers: Record<string, string>, code: number) {
  const s = rawSocket(t.url, id, headers);
  const closed = await s.closed;
  expect(closed.code).toBe(code);
  expect(s.frames).toHaveLength(0);
}

const syncUpdateFrame = (update: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
};

describe("collab access", () => {
  it("refuses no credentials, a forged cookie, a bad or revoked key before any document byte", async () => {
    await refused(reportId, {}, CloseCode.unauthorized);
    await refused(reportId, { cookie: "folio_session=forged.c2lnbmF0dXJl" }, CloseCode.unauthorized);
    await refused(reportId, { authorization: "Bearer folio_not_a_real_key" }, CloseCode.unauthorized);
    const key = await createApiKey(t.server.services.db, t.user.id, { name: "soon revoked" });
    await revokeApiKey(t.server.services.db, t.user.id, key.id);
    await refused(reportId, { authorization: `Bearer ${key.key}` }, CloseCode.unauthorized);
  });

  it("answers another team's report and unknown ids with notFound", async () => {
    await refused(reportId, { authorization: `Bearer ${bob.apiKey}` }, CloseCode.notFound);
    await refused("doesnotexist", { authorization: `Bearer ${t.apiKey}` }, CloseCode.notFound);
  });

  it("accepts a valid session cookie", async () => {
    const sessionId = await createSession(t.server.services.db, t.user.id);
    const cookie = (await sessionCookie(t.server.services.secret, false).serialize(sessionId)).split(";")[0];
    const s = rawSocket(t.url, reportId, { cookie });
    await s.opened;
    await waitFor(() => s.frames.length >= 2, "sync step 1 and saved");
    s.ws.close();
  });

  it("refuses a cookie handshake from another site's page (Origin), accepts this site's", async () => {
    const sessionId = await createSession(t.server.services.db, t.user.id);
    const cookie = (await sessionCookie(t.server.services.secret, false).serialize(sessionId)).split(";")[0];
    await refused(reportId, { cookie, origin: "https://evil.example" }, CloseCode.forbidden);
    await refused(reportId, { cookie, origin: "null" }, CloseCode.forbidden);
    const s = rawSocket(t.url, reportId, { cookie, origin: new URL(t.url).origin });
    await s.opened;
    await waitFor(() => s.frames.length >= 2, "sync step 1 and saved");
    s.ws.close();
  });

  it("stamps the server's identity into awareness states", async () => {
    const a = connectClient(t.url, reportId, t.apiKey);
    const b = connectClient(t.url, reportId, t.apiKey);
    await Promise.all([a.synced, b.synced]);
    a.provider.awareness.setLocalStateField("user", { id: "someone-else", name: "Mallory", color: "red" });
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name !== undefined, "b sees a's state");
    expect(b.provider.awareness.getStates().get(a.doc.clientID)?.user).toEqual({ id: t.user.id, name: "alice", color: expect.stringMatching(/^hsl/) });
    const list = await api(t, "GET", "/api/v1/reports?project=secret");
    expect(list.body.reports[0].activeNow).toEqual([{ id: t.user.id, name: "alice", color: expect.any(String) }]);
    a.destroy();
    b.destroy();
  });

  it("applies none of a read-only socket's updates (a deleted report is read-only)", async () => {
    const { body } = await api(t, "POST", "/api/v1/reports", { project: "secret", title: "to delete", markdown: "kept" });
    expect((await api(t, "DELETE", `/api/v1/reports/${body.id}`)).status).toBe(204);
    const s = rawSocket(t.url, body.id, { authorization: `Bearer ${t.apiKey}` });
    await s.opened;
    await waitFor(() => s.frames.length >= 2, "the read-only socket is synced");
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    doc.getXmlFragment(FRAGMENT_NAME).push([new Y.XmlElement("paragraph")]);
    s.ws.send(syncUpdateFrame(updates[0]));
    // Frames are handled in order: once the answer to this sync step 1 arrives, the update was handled.
    const seen = s.frames.length;
    s.ws.send(Uint8Array.from([MessageType.sync, 0, 1, 0])); // sync step 1 with an empty state vector
    await waitFor(() => s.frames.length > seen, "the server answered after the update");
    expect(s.ws.readyState).toBe(s.ws.OPEN);
    s.ws.close();
    expect((await api(t, "POST", `/api/v1/reports/${body.id}/restore`)).status).toBe(200);
    const md = await fetch(`${t.url}/api/v1/reports/${body.id}?format=md`, { headers: { authorization: `Bearer ${t.apiKey}` } });
    expect(await md.text()).toBe("kept\n");
    const stored = await t.server.services.collab.read(body.id, (d) => Y.encodeStateVector(d));
    expect(Y.decodeStateVector(stored).has(doc.clientID)).toBe(false);
  });
});
