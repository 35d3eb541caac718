import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FolioClient } from "./client";
import { FolioApiError } from "./errors";
import { init, type InitOptions } from "./index";
import { syncSpool } from "./syncSpool";
import { startFakeFolioServer, type FakeFolioServer } from "./testing/startFakeFolioServer";
import { waitFor } from "./testing/waitFor";

const FAST = { flushIntervalMs: 20, backoffBaseMs: 5, backoffMaxMs: 20, probeMs: 50, initialCreateMs: 50 };

describe("Run", () => {
  let server: FakeFolioServer;
  let spoolDir: string;
  let warnings: string[];
  const start = (options: Partial<InitOptions> = {}) =>
    init({
      project: "mnist",
      url: server.url,
      apiKey: server.apiKey,
      spoolDir,
      env: {},
      retrySeconds: 2,
      timing: FAST,
      warn: (m) => warnings.push(m),
      handleExit: false,
      ...options,
    });
  const historyRequests = () => server.requests.filter((r) => r.path.endsWith("/history"));

  beforeEach(async () => {
    server = await startFakeFolioServer();
    spoolDir = await mkdtemp(join(tmpdir(), "folio-spool-"));
    warnings = [];
  });
  afterEach(async () => {
    await server.close();
    await rm(spoolDir, { recursive: true, force: true });
  });

  it("creates the run with a client-side id and collected host, command and runtime", async () => {
    const run = await start({ config: { lr: 0.01 }, tags: ["a"], group: "g", name: "first" });
    expect(run.id).toMatch(/^[a-z0-9]{8}$/);
    expect(run.url).toBe(`${server.url}/alice/mnist/runs/${run.id}`);
    const create = server.requests[0]!;
    expect(create.body).toMatchObject({ project: "mnist", id: run.id, name: "first", config: { lr: 0.01 }, tags: ["a"], group: "g" });
    expect(create.body).toMatchObject({ runtime: { node: process.version } });
    expect(typeof (create.body as { host: unknown }).host).toBe("string");
    expect((create.body as { command: string }).command).toMatch(/^node /);
    await run.finish();
  });

  it("auto-increments steps, honours explicit steps, and encodes non-finite values", async () => {
    const run = await start();
    run.log({ loss: 1 });
    run.log({ loss: NaN, up: Infinity, down: -Infinity });
    run.log({ loss: 0.5 }, { step: 10 });
    run.log({ loss: 0.25 });
    expect(run.step).toBe(12);
    const result = await run.finish();
    expect(result).toEqual({ synced: true, spoolFile: null, errors: [] });
    const rows = historyRequests().flatMap((r) => (r.body as { rows: { step: number; metrics: unknown; time: number }[] }).rows);
    expect(rows.map((r) => r.step)).toEqual([0, 1, 10, 11]);
    expect(rows[1]!.metrics).toEqual({ loss: "NaN", up: "Infinity", down: "-Infinity" });
    expect(rows.every((r) => Math.abs(r.time - Date.now() / 1000) < 60)).toBe(true);
    expect(server.runs.get(run.id)!.state).toBe("finished");
  });

  it("rejects non-numeric values with a TypeError naming the key, queuing nothing", async () => {
    const run = await start();
    expect(() => run.log({ loss: 1, acc: "0.5" as unknown as number })).toThrow(/metric "acc" must be a number, got the string "0.5"/);
    expect(() => run.log({ loss: 1 }, { step: -1 })).toThrow(TypeError);
    expect(() => run.log({ loss: 1 }, { step: 1.5 })).toThrow(TypeError);
    await run.finish();
    expect(historyRequests()).toHaveLength(0);
    expect(() => run.log({ loss: 1 })).toThrow(/after finish/);
  });

  it("flushes early once flushRows rows are queued", async () => {
    const run = await start({ timing: { ...FAST, flushIntervalMs: 60_000, flushRows: 100 } });
    for (let i = 0; i < 100; i++) run.log({ loss: i });
    await waitFor(() => server.pointCount(run.id) === 100, 2000, "the early flush");
    await run.finish();
  });

  it("retries through 500s and dropped connections without losing or duplicating points", async () => {
    const run = await start();
    server.faults.push(
      { match: (r) => r.path.endsWith("/history"), fault: { status: 500 } },
      { match: (r) => r.path.endsWith("/history"), fault: { drop: "before" } },
      { match: (r) => r.path.endsWith("/history"), fault: { drop: "after" } },
      { match: (r) => r.path.endsWith("/finish"), fault: { status: 503 } },
    );
    for (let step = 0; step < 300; step++) run.log({ loss: 1 / (step + 1), acc: step / 300 });
    const result = await run.finish();
    expect(result.synced).toBe(true);
    expect(server.pointCount(run.id)).toBe(600);
    expect(server.faults).toHaveLength(0);
    expect(server.runs.get(run.id)!.state).toBe("finished");
  });

  it("sends summary and config patches in order, merged", async () => {
    const run = await start({ config: { lr: 1 } });
    run.updateSummary({ best: 0.5 });
    run.summary = { final: 0.1, nan: NaN };
    run.updateConfig({ epochs: 3 });
    expect(run.summary).toEqual({ final: 0.1, nan: NaN });
    expect(run.config).toEqual({ lr: 1, epochs: 3 });
    await run.finish();
    const patches = server.requests.filter((r) => r.method === "PATCH").map((r) => r.body);
    // The setter deleted "best", set through updateSummary, because it is not in the new value.
    expect(patches).toEqual([{ summary: { best: null, final: 0.1, nan: "NaN" }, config: { epochs: 3 } }]);
    expect(server.runs.get(run.id)!.summary).toEqual({ final: 0.1, nan: "NaN" });
  });

  it("sends heartbeats while idle", async () => {
    const run = await start({ timing: { ...FAST, heartbeatMs: 30 } });
    await waitFor(() => server.requests.filter((r) => r.path.endsWith("/heartbeat")).length >= 2, 2000, "heartbeats");
    await run.finish();
  });

  it("continues after the last step when resuming a run", async () => {
    const first = await start({ id: "resume01" });
    first.log({ loss: 1 }, { step: 41 });
    await first.finish();
    const again = await start({ id: "resume01" });
    expect(again.step).toBe(42);
    await again.finish();
  });

  it("abandon() flushes but never finishes", async () => {
    const run = await start();
    run.log({ loss: 1 });
    await run.abandon();
    expect(server.pointCount(run.id)).toBe(1);
    expect(server.requests.some((r) => r.path.endsWith("/finish"))).toBe(false);
  });

  it("rejects init() when the server refuses the key", async () => {
    const error = await start({ apiKey: "wrong" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FolioApiError);
    expect(error).toMatchObject({ status: 401 });
  });

  it("rejects invalid options with a TypeError", async () => {
    await expect(start({ id: "bad id!" })).rejects.toThrow(/init\(\): id: must be 1–64 characters/);
    await expect(start({ project: "" })).rejects.toThrow(TypeError);
  });

  it("spools when the server stays down past the retry budget, and syncSpool replays it", async () => {
    server.down = true;
    const run = await start({ retrySeconds: 0.1, config: { lr: 0.5 }, name: "offline" });
    run.log({ loss: 2 });
    run.log({ loss: NaN });
    run.updateSummary({ note: 1 });
    run.log({ loss: 1 });
    const result = await run.finish(0);
    expect(result.synced).toBe(false);
    expect(result.spoolFile).toBe(join(spoolDir, `${run.id}.jsonl`));
    const records = (await readFile(result.spoolFile!, "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    expect(records.map((r) => r.op)).toEqual(expect.arrayContaining(["create", "history", "patch", "finish"]));
    expect(records[0]).toMatchObject({ op: "create", body: { id: run.id, project: "mnist", name: "offline", config: { lr: 0.5 } } });
    expect(records.at(-1)).toEqual({ op: "finish", body: { exitCode: 0 } });
    expect(warnings.some((w) => w.includes("spooling"))).toBe(true);

    server.down = false;
    const client = new FolioClient({ url: server.url, apiKey: server.apiKey });
    const sync = await syncSpool(client, spoolDir);
    expect(sync.files.map((f) => f.status)).toEqual(["synced"]);
    expect(sync.points).toBe(3);
    expect(server.runs.get(run.id)).toMatchObject({ name: "offline", state: "finished", summary: { note: 1 } });
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it("goes back online by uploading its spool when the server returns", async () => {
    const run = await start({ retrySeconds: 0.05 });
    run.log({ loss: 1 });
    await waitFor(() => server.pointCount(run.id) === 1, 2000, "the first point");
    server.down = true;
    run.log({ loss: 2 });
    await waitFor(() => run.spooling, 3000, "spooling");
    run.log({ loss: 3 });
    server.down = false;
    await waitFor(() => !run.spooling, 3000, "recovery");
    run.log({ loss: 4 });
    const result = await run.finish();
    expect(result.synced).toBe(true);
    expect(server.pointCount(run.id)).toBe(4);
    expect(server.runs.get(run.id)!.state).toBe("finished");
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it("starts offline when the server is unreachable at init, and creates the run later", async () => {
    server.down = true;
    const run = await start();
    expect(run.url).toBeNull();
    run.log({ loss: 1 });
    server.down = false;
    await run.finish();
    expect(run.url).toContain(run.id);
    expect(server.pointCount(run.id)).toBe(1);
  });

  it("spools instead of dropping when the key is revoked mid-run", async () => {
    const run = await start();
    server.faults.push({ match: (r) => r.path.endsWith("/history"), fault: { status: 401, code: "unauthorized" } });
    run.log({ loss: 1 });
    const result = await run.finish();
    expect(result.spoolFile).not.toBeNull();
    expect(server.pointCount(run.id)).toBe(0);
  });

  it("drops a refused history batch but keeps going", async () => {
    const run = await start();
    server.faults.push({ match: (r) => r.path.endsWith("/history"), fault: { status: 400, code: "invalid_input" } });
    run.log({ loss: 1 });
    await waitFor(() => historyRequests().length === 1, 2000, "the refused batch");
    run.log({ loss: 2 });
    const result = await run.finish();
    expect(result.errors).toHaveLength(1);
    expect(server.pointCount(run.id)).toBe(1);
    expect(server.runs.get(run.id)!.state).toBe("finished");
  });
});
