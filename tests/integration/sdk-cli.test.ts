/**
 * The SDK and the `folio` CLI end to end against a real server on a fresh database: logging
 * (through a fault-injecting proxy too), spooling while the server is unreachable then
 * `folio sync`, `folio import`, `folio demo` and `folio login`.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../sdk/cli/main";
import { FolioClient } from "../../sdk/client";
import { init } from "../../sdk/index";
import { captureContext } from "../../sdk/testing/captureContext";
import type { HistoryPoint } from "../../sdk/types";
import { startFaultyProxy } from "../helpers/faultyProxy";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let client: FolioClient;
let home: string;
beforeAll(async () => {
  t = await startTestServer();
  client = new FolioClient({ url: t.url, apiKey: t.apiKey });
  home = await mkdtemp(join(tmpdir(), "folio-sdk-it-"));
});
afterAll(async () => {
  await t?.close();
  await rm(home, { recursive: true, force: true });
});

const FAST = { flushIntervalMs: 50, backoffBaseMs: 10, backoffMaxMs: 200, probeMs: 100 };
const env = () => ({ FOLIO_URL: t.url, FOLIO_API_KEY: t.apiKey, FOLIO_CONFIG_DIR: join(home, "config"), FOLIO_RETRY_SECONDS: "10" });

/** Every point of a run, following `nextFromStep` pages. */
async function allPoints(runId: string): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = [];
  let fromStep: number | undefined;
  for (;;) {
    const page = await client.getHistory(runId, { fromStep, limit: 10_000 });
    points.push(...page.points);
    if (page.nextFromStep === null) return points;
    fromStep = page.nextFromStep;
  }
}

describe("SDK", () => {
  it("logs a run with NaN/Infinity, summary and config, and finishes it", async () => {
    const run = await init({ project: "sdk-it", url: t.url, apiKey: t.apiKey, env: {}, config: { lr: 0.1 }, tags: ["it"], timing: FAST, handleExit: false });
    for (let step = 0; step < 500; step++) run.log({ loss: 1 / (step + 1), acc: step / 500 });
    run.log({ loss: NaN, grad: Infinity, neg: -Infinity });
    run.updateSummary({ best_acc: 0.998 });
    run.updateConfig({ epochs: 3 });
    expect(await run.finish()).toEqual({ synced: true, spoolFile: null, errors: [] });

    const info = await client.getRun(run.id);
    expect(info).toMatchObject({ state: "finished", exitCode: 0, lastStep: 500, config: { lr: 0.1, epochs: 3 }, tags: ["it"] });
    expect(info.summary).toMatchObject({ best_acc: 0.998 });
    expect(info.runtime).toEqual({ node: process.version });
    const points = await allPoints(run.id);
    expect(points).toHaveLength(1003);
    const at500 = Object.fromEntries(points.filter((p) => p.step === 500).map((p) => [p.key, p.value]));
    expect(at500).toEqual({ loss: "NaN", grad: "Infinity", neg: "-Infinity" });
  });

  it("loses and duplicates nothing through a proxy that fails and drops requests", async () => {
    const proxy = await startFaultyProxy(t.url, { seed: 7, rate: 0.1 });
    try {
      const run = await init({ project: "sdk-it", url: proxy.url, apiKey: t.apiKey, env: {}, timing: FAST, handleExit: false });
      for (let step = 0; step < 300; step++) {
        run.log({ loss: step + 0.5 });
        if (step % 50 === 0) await new Promise((r) => setTimeout(r, 60));
      }
      expect((await run.finish()).synced).toBe(true);
      const points = await allPoints(run.id);
      expect(points.map((p) => [p.step, p.value])).toEqual(Array.from({ length: 300 }, (_, s) => [s, s + 0.5]));
      expect((await client.getRun(run.id)).state).toBe("finished");
    } finally {
      await proxy.close();
    }
  });

  it("spools while the server is unreachable, and `folio sync` uploads it", async () => {
    const spoolDir = join(home, "spool");
    // Nothing listens on port 1: every request is refused.
    const run = await init({ project: "offline", url: "http://127.0.0.1:1", apiKey: t.apiKey, env: {}, spoolDir, retrySeconds: 0.2, timing: FAST, handleExit: false, warn: () => {} });
    for (let step = 0; step < 100; step++) run.log({ loss: 100 - step });
    run.updateSummary({ note: "offline" });
    const result = await run.finish(2);
    expect(result.spoolFile).toBe(join(spoolDir, `${run.id}.jsonl`));

    const ctx = captureContext({ env: env() });
    expect(await main(["sync", "--dir", spoolDir], ctx)).toBe(0);
    expect(ctx.stdout.text).toContain(`synced  ${run.id}  100 points`);
    expect(await readdir(spoolDir)).toEqual([]);
    const info = await client.getRun(run.id);
    expect(info).toMatchObject({ state: "failed", exitCode: 2, project: expect.stringMatching(/\/offline$/), summary: expect.objectContaining({ note: "offline" }) });
    expect(await allPoints(run.id)).toHaveLength(100);
  });
});

describe("folio import", () => {
  it("imports a CSV exactly and prints the run URL", async () => {
    const lines = ["step,time,loss,acc"];
    for (let step = 0; step < 3000; step++) lines.push(`${step},${1732300000 + step},${(1 / (step + 1)).toFixed(6)},${step % 3 ? "" : "nan"}`);
    await writeFile(join(home, "train.csv"), lines.join("\n") + "\n");
    const ctx = captureContext({ env: env(), cwd: home });
    expect(await main(["import", "train.csv", "--project", "imports", "--run", "csv-1"], ctx)).toBe(0);
    expect(ctx.stdout.text.trim()).toMatch(/\/imports\/runs\/csv-1$/);
    const info = await client.getRun("csv-1");
    expect(info).toMatchObject({ name: "train", state: "finished", lastStep: 2999 });
    const points = await allPoints("csv-1");
    expect(points).toHaveLength(4000);
    expect(points.find((p) => p.key === "loss" && p.step === 1)).toMatchObject({ value: 0.5, time: 1732300001 });
    expect(points.find((p) => p.key === "acc" && p.step === 3)!.value).toBe("NaN");
  });

  it("writes nothing for a file with a bad line", async () => {
    await writeFile(join(home, "bad.jsonl"), '{"step":0,"loss":1}\n{"step":1,"loss":"abc"}\n');
    const ctx = captureContext({ env: env(), cwd: home });
    expect(await main(["import", "bad.jsonl", "--project", "bad-imports"], ctx)).toBe(1);
    expect(ctx.stderr.text).toContain('bad.jsonl:2: "loss": "abc" is not a number');
    expect((await client.listRuns({ project: "bad-imports" }).catch(() => ({ runs: [] }))).runs).toEqual([]);
  });
});

describe("folio demo", () => {
  it("streams a sweep into the project", async () => {
    const ctx = captureContext({ env: env() });
    expect(await main(["demo", "--project", "demo-it", "--minutes", "0.05", "--runs", "4", "--seed", "1"], ctx)).toBe(0);
    expect(ctx.stdout.text.split("\n")[0]).toMatch(/^Streaming 4 demo runs over 3\.0s to http.*\/demo-it$/);
    const { runs } = await client.listRuns({ project: "demo-it" });
    expect(runs).toHaveLength(4);
    expect(runs.map((r) => r.state).sort()).toEqual(["failed", "finished", "finished", "running"]);
    expect(runs.every((r) => r.group?.startsWith("sweep-") && r.tags.includes("demo"))).toBe(true);
  });
});

describe("folio login", () => {
  it("verifies the key with /api/v1/me and saves it", async () => {
    const configDir = join(home, "login");
    const ctx = captureContext({ env: { FOLIO_CONFIG_DIR: configDir } });
    expect(await main(["login", "--url", t.url, "--key", t.apiKey], ctx)).toBe(0);
    expect(ctx.stdout.text).toContain("alice@example.com");
    const file = join(configDir, "config.json");
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ url: t.url, apiKey: t.apiKey });
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const wrong = captureContext({ env: { FOLIO_CONFIG_DIR: join(home, "login-wrong") } });
    expect(await main(["login", "--url", t.url, "--key", "folio_wrong"], wrong)).toBe(1);
    expect(wrong.stderr.text).toContain("401");
  });
});
