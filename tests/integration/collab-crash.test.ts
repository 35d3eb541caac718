/**
 * Crash test (issue 4 acceptance): 10 clients edit a report on a server in its own process; the
 * server is SIGKILLed at a seeded random moment; after a restart every update covered by a "saved"
 * message is present. Clients are destroyed right after the kill so they cannot resend their
 * unsaved edits and mask a loss.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openDatabase } from "../../db/client";
import { CloseCode, FRAGMENT_NAME } from "../../editor/protocol";
import { signUp } from "../../server/services/accounts";
import { createApiKey } from "../../server/services/apiKeys";
import { databaseEnv, databaseTarget, killChild, spawnServer, type ChildServer } from "../helpers/childServer";
import { connectClient, waitFor, type TestClient } from "../helpers/collabClient";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { prng, randomEdit } from "../helpers/randomEdits";
import { api } from "../helpers/server";

let tdb: TestDatabase | null = null;
let child: ChildServer | null = null;
afterEach(async () => {
  await killChild(child);
  child = null;
  await tdb?.drop();
  tdb = null;
});


async function seed(d: TestDatabase): Promise<string> {
  const database = await openDatabase(databaseTarget(d));
  await database.migrate();
  const user = await signUp(database.db, { email: "crash@example.com", password: "correct horse battery" });
  const { key } = await createApiKey(database.db, user.id, {});
  await database.close();
  return key;
}

describe("collab crash safety", () => {
  it.each([11, 12, 13])("SIGKILL while 10 clients edit loses no saved update (seed %i)", async (seedNo) => {
    tdb = await createTestDatabase();
    const apiKey = await seed(tdb);
    child = await spawnServer(databaseEnv(tdb));
    const t = { url: child.url, apiKey };
    const { body } = await api(t, "POST", "/api/v1/reports", { project: "crash", title: "crash", markdown: "# Crash" });
    const random = prng(seedNo);
    const clients: TestClient[] = Array.from({ length: 10 }, () => connectClient(t.url, body.id, apiKey));
    await Promise.all(clients.map((c) => c.synced));

    let killed = false;
    const typing = clients.map(async (c, i) => {
      const r = prng(seedNo * 100 + i);
      while (!killed) {
        randomEdit(c.doc, r);
        await new Promise((res) => setTimeout(res, 2 + Math.floor(r() * 15)));
      }
    });
    // Kill at a seeded moment once some saves were confirmed.
    const savedCount = () => clients.reduce((n, c) => n + (c.saved.get(c.doc.clientID) ?? 0), 0);
    await waitFor(() => savedCount() > 20, "some confirmed saves", 30_000);
    await new Promise((res) => setTimeout(res, Math.floor(random() * 800)));
    child.proc.kill("SIGKILL");
    killed = true;
    // Freeze what was confirmed, and stop the clients before they could resend anything.
    const confirmed = new Map<number, number>();
    for (const c of clients) for (const [client, clock] of c.saved) confirmed.set(client, Math.max(confirmed.get(client) ?? 0, clock));
    const totalTyped = clients.reduce((n, c) => n + Y.decodeStateVector(Y.encodeStateVector(c.doc)).get(c.doc.clientID)!, 0);
    for (const c of clients) c.destroy();
    await Promise.all(typing);
    await child.exited;

    child = await spawnServer(databaseEnv(tdb));
    const reader = connectClient(child.url, body.id, apiKey);
    await reader.synced;
    const stored = Y.decodeStateVector(Y.encodeStateVector(reader.doc));
    let covered = 0;
    for (const [client, clock] of confirmed) {
      expect(stored.get(client) ?? 0, `client ${client}`).toBeGreaterThanOrEqual(clock);
      covered += clock;
    }
    expect(covered).toBeGreaterThan(20);
    expect(reader.doc.getXmlFragment(FRAGMENT_NAME).length).toBeGreaterThan(0);
    console.log(`[crash seed ${seedNo}] confirmed clock sum ${covered} of ${totalTyped} typed; stored ${[...stored.values()].reduce((a, b) => a + b, 0)}`);
    reader.destroy();
    child.proc.kill("SIGTERM");
    expect(await child.exited).toBe(0);
  });

  it("SIGTERM commits accepted updates, closes sockets with serverShuttingDown, exits 0", async () => {
    tdb = await createTestDatabase();
    const apiKey = await seed(tdb);
    child = await spawnServer(databaseEnv(tdb));
    const t = { url: child.url, apiKey };
    const { body } = await api(t, "POST", "/api/v1/reports", { project: "term", title: "term", markdown: "# Term" });
    const clients: TestClient[] = Array.from({ length: 3 }, () => connectClient(t.url, body.id, apiKey));
    await Promise.all(clients.map((c) => c.synced));
    const r = prng(5);
    for (let i = 0; i < 60; i++) randomEdit(clients[i % 3].doc, r);
    await waitFor(() => clients.every((c) => (c.saved.get(c.doc.clientID) ?? 0) > 0), "first saves");
    child.proc.kill("SIGTERM");
    await waitFor(() => clients.every((c) => c.closes.includes(CloseCode.serverShuttingDown)), "serverShuttingDown closes");
    expect(await child.exited).toBe(0);
    // Everything typed before the signal reached the server, so all of it was confirmed before the close.
    expect(clients.every((c) => c.allSaved())).toBe(true);
    const confirmed = new Map<number, number>();
    for (const c of clients) for (const [client, clock] of c.saved) confirmed.set(client, Math.max(confirmed.get(client) ?? 0, clock));
    for (const c of clients) c.destroy();
    child = await spawnServer(databaseEnv(tdb));
    const reader = connectClient(child.url, body.id, apiKey);
    await reader.synced;
    const stored = Y.decodeStateVector(Y.encodeStateVector(reader.doc));
    for (const [client, clock] of confirmed) expect(stored.get(client) ?? 0).toBeGreaterThanOrEqual(clock);
    reader.destroy();
  });
});
