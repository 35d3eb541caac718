/**
 * Durability and shutdown, with the server in its own process:
 * - SIGKILL while clients ingest, restart: every batch the server acknowledged is stored, exactly.
 * - SIGTERM: in-flight requests finish, the process exits 0, and the data is there.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, rows } from "../../db/client";
import { signUp } from "../../server/services/accounts";
import { createApiKey } from "../../server/services/apiKeys";
import { databaseEnv, databaseTarget, killChild, spawnServer, type ChildServer } from "../helpers/childServer";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { api } from "../helpers/server";

let tdb: TestDatabase | null = null;
let child: ChildServer | null = null;
afterEach(async () => {
  await killChild(child);
  child = null;
  await tdb?.drop();
  tdb = null;
});


/** Creates the schema, a user and a key directly, before any server holds the database. */
async function seed(d: TestDatabase): Promise<string> {
  const database = await openDatabase(databaseTarget(d));
  await database.migrate();
  const user = await signUp(database.db, { email: "crash@example.com", password: "correct horse battery" });
  const { key } = await createApiKey(database.db, user.id, {});
  await database.close();
  return key;
}

async function storedSteps(d: TestDatabase, runId: string): Promise<Map<number, number>> {
  const database = await openDatabase(databaseTarget(d));
  const found = await rows<{ step: number; value: number }>(
    database.db,
    sql`select p.step::float8 as step, p.value from metric_points p join runs r on r.seq = p.run_seq where r.id = ${runId}`,
  );
  await database.close();
  return new Map(found.map((r) => [Number(r.step), Number(r.value)]));
}

describe("durability", () => {
  it.each([1, 2, 3])("SIGKILL during ingestion loses no acknowledged batch (seed %i)", async (seedNo) => {
    tdb = await createTestDatabase();
    const apiKey = await seed(tdb);
    child = await spawnServer(databaseEnv(tdb));
    const t = { url: child.url, apiKey };
    const runIds = ["k1", "k2", "k3"];
    for (const id of runIds) expect((await api(t, "POST", "/api/v1/runs", { project: "crash", id })).status).toBe(201);

    // Each client sends consecutive batches of 50 steps; a batch counts only once its 200 arrived.
    const acked = new Map<string, number[]>(runIds.map((id) => [id, []]));
    let killed = false;
    const client = async (id: string) => {
      for (let batch = 0; !killed; batch++) {
        const rowsIn = Array.from({ length: 50 }, (_, i) => ({ step: batch * 50 + i, metrics: { loss: batch * 50 + i + 0.5 } }));
        try {
          const res = await fetch(`${t.url}/api/v1/runs/${id}/history`, {
            method: "POST",
            headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
            body: JSON.stringify({ rows: rowsIn }),
          });
          if (res.status === 200) acked.get(id)!.push(batch);
        } catch {
          return; // connection refused/reset: the server is gone
        }
      }
    };
    const clients = runIds.map(client);
    // Kill at a pseudo-random moment once some batches were acknowledged.
    const deadline = Date.now() + 30_000;
    while ([...acked.values()].reduce((n, a) => n + a.length, 0) < 5 + seedNo * 7 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.proc.kill("SIGKILL");
    killed = true;
    await child.exited;
    await Promise.all(clients);

    // Restart on the same data: it must come up (recovery) and serve every acknowledged point.
    child = await spawnServer(databaseEnv(tdb));
    const health = await fetch(`${child.url}/healthz`);
    expect(health.status).toBe(200);
    child.proc.kill("SIGTERM");
    expect(await child.exited).toBe(0);

    let total = 0;
    for (const id of runIds) {
      const stored = await storedSteps(tdb, id);
      for (const batch of acked.get(id)!) {
        for (let i = 0; i < 50; i++) {
          const step = batch * 50 + i;
          expect(stored.get(step), `run ${id} step ${step}`).toBe(step + 0.5);
        }
        total++;
      }
    }
    expect(total).toBeGreaterThan(0);
  });

  it("SIGTERM finishes in-flight requests, exits 0, and keeps the data", async () => {
    tdb = await createTestDatabase();
    const apiKey = await seed(tdb);
    child = await spawnServer(databaseEnv(tdb));
    const t = { url: child.url, apiKey };
    await api(t, "POST", "/api/v1/runs", { project: "term", id: "t1" });
    const rowsIn = Array.from({ length: 20_000 }, (_, step) => ({ step, metrics: { a: step, b: step, c: step } }));
    const inflight = api(t, "POST", "/api/v1/runs/t1/history", { rows: rowsIn });
    // Signal once the request is on its way (the server has the bytes, or is reading them).
    await new Promise((r) => setTimeout(r, 50));
    child.proc.kill("SIGTERM");
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(60_000);
    expect(await child.exited).toBe(0);
    expect(child.output()).toContain("stopped cleanly");
    const stored = await storedSteps(tdb, "t1");
    expect(stored.size).toBe(20_000);
    // and a new connection after the signal is refused
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
  });
});
