/**
 * The Python client (standard library only) against a real server behind a fault-injecting
 * proxy: 3 runs × 1,000 steps arrive exactly once per key, whatever the network did.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { rows } from "../../db/client";
import { startFaultyProxy } from "../helpers/faultyProxy";
import { api, startTestServer, type TestServer } from "../helpers/server";

const run = promisify(execFile);
let t: TestServer;
let proxy: Awaited<ReturnType<typeof startFaultyProxy>>;
beforeAll(async () => {
  t = await startTestServer();
  proxy = await startFaultyProxy(t.url, { seed: 7, rate: 0.08 });
});
afterAll(async () => {
  await proxy?.close();
  await t?.close();
});

it("python3 client logs 3 runs × 1,000 steps through network failures without losing or duplicating a point", async () => {
  const { stdout } = await run("python3", ["clients/python/scenario.py", "--runs", "3", "--steps", "1000", "--project", "py"], {
    env: { ...process.env, FOLIO_URL: proxy.url, FOLIO_API_KEY: t.apiKey, FOLIO_SPOOL_DIR: mkdtempSync(path.join(os.tmpdir(), "spool-")) },
    timeout: 120_000,
  });
  const { runs: ids } = JSON.parse(stdout.trim().split("\n").pop()!) as { runs: string[] };
  expect(ids).toHaveLength(3);
  // faults really happened, including lost responses after commit
  expect(proxy.stats.badGateway + proxy.stats.droppedBefore).toBeGreaterThan(0);
  expect(proxy.stats.droppedAfter).toBeGreaterThan(0);

  for (const id of ids) {
    const counts = await rows<{ name: string; n: number; d: number }>(
      t.server.services.db,
      sql`select k.name, count(*)::int as n, count(distinct p.step)::int as d
          from metric_points p join metric_keys k on k.id = p.key_id join runs r on r.seq = p.run_seq
          where r.id = ${id} group by k.name order by k.name`,
    );
    expect(counts).toEqual([
      { name: "acc", n: 1000, d: 1000 },
      { name: "loss", n: 1000, d: 1000 },
    ]);
    const runView = await api(t, "GET", `/api/v1/runs/${id}`);
    expect(runView.body.state).toBe("finished");
    // the NaN logged at step 7 is stored as NaN
    const h = await api(t, "GET", `/api/v1/runs/${id}/history?keys=loss&fromStep=7&limit=1`);
    expect(h.body.points[0]).toMatchObject({ step: 7, value: "NaN" });
  }
});

it("the Python client's own unit tests pass on the machine's python3", async () => {
  const { stderr } = await run("python3", ["-m", "unittest", "discover", "-s", "clients/python"], { timeout: 120_000 });
  expect(stderr).toMatch(/\nOK/);
});
