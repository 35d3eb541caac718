/**
 * Acceptance: the TypeScript SDK logs 3 runs × 1,000 steps through a proxy that fails requests,
 * drops connections and loses responses after the server committed; the database holds exactly
 * 3,000 points per key. Plus the admin CLI, directly and through a running server.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../db/client";
import { init } from "../../sdk/index";
import { spawnServer } from "../helpers/childServer";
import { createTestDatabase } from "../helpers/database";
import { startFaultyProxy } from "../helpers/faultyProxy";
import { api, startTestServer, type TestServer } from "../helpers/server";

const exec = promisify(execFile);
let t: TestServer;
let proxy: Awaited<ReturnType<typeof startFaultyProxy>>;
beforeAll(async () => {
  t = await startTestServer();
  proxy = await startFaultyProxy(t.url, { seed: 11, rate: 0.08 });
});
afterAll(async () => {
  await proxy?.close();
  await t?.close();
});

describe("TypeScript SDK", () => {
  it("logs 3 runs × 1,000 steps through injected network failures: exactly 3,000 points per key", async () => {
    const spoolDir = mkdtempSync(path.join(os.tmpdir(), "spool-"));
    const runsStarted = await Promise.all(
      [0, 1, 2].map((i) =>
        init({
          project: "sdk-faults",
          config: { lr: 10 ** -(i + 2) },
          url: proxy.url,
          apiKey: t.apiKey,
          spoolDir,
          retrySeconds: 120,
          handleExit: false,
          timing: { flushIntervalMs: 20, flushRows: 100, backoffBaseMs: 5, backoffMaxMs: 100, initialCreateMs: 60_000 },
        }),
      ),
    );
    for (let step = 0; step < 1000; step++) {
      for (const run of runsStarted) run.log({ loss: 1 / (step + 1), acc: step / 1000 });
      if (step % 100 === 0) await new Promise((r) => setImmediate(r)); // let the background sender work
    }
    const results = await Promise.all(runsStarted.map((r) => r.finish()));
    for (const r of results) expect(r).toMatchObject({ synced: true, spoolFile: null });
    expect(proxy.stats.droppedAfter).toBeGreaterThan(0);

    const counts = await rows<{ name: string; n: number }>(
      t.server.services.db,
      sql`select k.name, count(*)::int as n from metric_points p join metric_keys k on k.id = p.key_id
          join runs r on r.seq = p.run_seq join projects pr on pr.id = r.project_id
          where pr.name = 'sdk-faults' group by k.name order by k.name`,
    );
    expect(counts).toEqual([{ name: "acc", n: 3000 }, { name: "loss", n: 3000 }]);
    for (const run of runsStarted) {
      const view = await api(t, "GET", `/api/v1/runs/${run.id}`);
      expect(view.body).toMatchObject({ state: "finished", lastStep: 999 });
    }
  });
});

describe("folio admin", () => {
  const cli = (args: string[], env: Record<string, string>) =>
    exec(process.execPath, ["bin/folio.mjs", "admin", ...args], { env: { ...process.env, ...env }, timeout: 60_000 });

  it("creates a user and prints only a working API key", async () => {
    const db = await createTestDatabase();
    const env = { FOLIO_DATA_DIR: db.dataDir, ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) };
    try {
      const created = await cli(["create-user", "--email", "ops@example.com", "--password", "long enough pw", "--name", "Ops"], env);
      expect(created.stdout).toContain("ops@example.com");
      const { stdout } = await cli(["create-api-key", "--email", "ops@example.com"], env);
      expect(stdout.trim()).toMatch(/^folio_[A-Za-z0-9_-]{30,}$/);
      const server = await spawnServer(env);
      try {
        const me = await api({ url: server.url, apiKey: stdout.trim() }, "GET", "/api/v1/me");
        expect(me.body.user).toMatchObject({ email: "ops@example.com", name: "Ops", isAdmin: true });
        if (!db.databaseUrl) {
          // While the server holds the embedded database, the CLI goes through it instead.
          const second = await cli(["create-user", "--email", "second@example.com", "--password", "long enough pw"], env);
          expect(second.stdout).toContain("second@example.com");
          const key2 = (await cli(["create-api-key", "--email", "second@example.com"], env)).stdout.trim();
          expect((await api({ url: server.url, apiKey: key2 }, "GET", "/api/v1/me")).body.user.email).toBe("second@example.com");
        }
      } finally {
        server.proc.kill("SIGTERM");
        await server.exited;
      }
    } finally {
      await db.drop();
    }
  });

  it("bad arguments give a clear message and a non-zero exit", async () => {
    const db = await createTestDatabase();
    try {
      await expect(cli(["create-user", "--email", "x@example.com"], { FOLIO_DATA_DIR: db.dataDir })).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining("--password"),
      });
      await expect(cli(["create-api-key", "--email", "nobody@example.com"], { FOLIO_DATA_DIR: db.dataDir })).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining("no user with email nobody@example.com"),
      });
    } finally {
      await db.drop();
    }
  });
});
