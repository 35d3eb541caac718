import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendSpoolRecords } from "../spool";
import { captureContext } from "../testing/captureContext";
import { startFakeFolioServer, type FakeFolioServer } from "../testing/startFakeFolioServer";
import { main } from "./main";

let server: FakeFolioServer;
let home: string;
beforeEach(async () => {
  server = await startFakeFolioServer();
  home = await mkdtemp(join(tmpdir(), "folio-cli-"));
});
afterEach(async () => {
  await server.close();
  await rm(home, { recursive: true, force: true });
});
const env = () => ({ FOLIO_URL: server.url, FOLIO_API_KEY: server.apiKey, FOLIO_CONFIG_DIR: join(home, "config"), FOLIO_RETRY_SECONDS: "1" });

describe("folio (dispatch)", () => {
  it("prints help, and exits 2 for no or an unknown command", async () => {
    const help = captureContext();
    expect(await main(["--help"], help)).toBe(0);
    expect(help.stdout.text).toMatch(/Usage: folio <command>[\s\S]*import[\s\S]*admin/);

    const none = captureContext();
    expect(await main([], none)).toBe(2);
    expect(none.stderr.text).toContain("Usage: folio");

    const unknown = captureContext();
    expect(await main(["snyc"], unknown)).toBe(2);
    expect(unknown.stderr.text).toContain('unknown command "snyc"; did you mean "sync"?');
  });

  it("prints a command's help, and exits 2 on bad flags", async () => {
    const help = captureContext();
    expect(await main(["sync", "--help"], help)).toBe(0);
    expect(help.stdout.text).toContain("Usage: folio sync");
    const bad = captureContext();
    expect(await main(["sync", "--nope"], bad)).toBe(2);
    expect(bad.stderr.text).toMatch(/folio sync: Unknown option '--nope'[\s\S]*folio sync --help/);
  });

  it("explains a missing configuration", async () => {
    const ctx = captureContext({ env: { FOLIO_CONFIG_DIR: join(home, "empty") } });
    await writeFile(join(home, "x.csv"), "step,loss\n0,1\n");
    expect(await main(["import", join(home, "x.csv"), "--project", "p"], ctx)).toBe(1);
    expect(ctx.stderr.text).toContain("no Folio server configured: run `folio login`");
  });
});

describe("folio login", () => {
  it("verifies the key, saves url and key with mode 0600, and later commands use them", async () => {
    const configDir = join(home, "config");
    const ctx = captureContext({ env: { FOLIO_CONFIG_DIR: configDir }, input: `${server.apiKey}\n` });
    expect(await main(["login", "--url", server.url], ctx)).toBe(0);
    expect(ctx.stderr.text).toContain(`API key for ${server.url}: `);
    expect(ctx.stdout.text).toContain("Logged in to");
    expect(ctx.stdout.text).toContain("Alice <alice@example.com>");
    const file = join(configDir, "config.json");
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ url: server.url, apiKey: server.apiKey });
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    await writeFile(join(home, "x.csv"), "step,loss\n0,1\n");
    const later = captureContext({ env: { FOLIO_CONFIG_DIR: configDir } });
    expect(await main(["import", join(home, "x.csv"), "--project", "p"], later)).toBe(0);
  });

  it("refuses a wrong key and saves nothing", async () => {
    const ctx = captureContext({ env: { FOLIO_CONFIG_DIR: join(home, "config") } });
    expect(await main(["login", "--url", server.url, "--key", "wrong"], ctx)).toBe(1);
    expect(ctx.stderr.text).toContain("folio login: bad key (HTTP 401 unauthorized)");
    expect(await readdir(home)).toEqual([]);
  });
});

describe("folio import", () => {
  it("uploads a CSV in batches and prints the run URL", async () => {
    const rows = ["step,time,loss,acc"];
    for (let step = 0; step < 25_000; step++) rows.push(`${step},${1732300000 + step},${1 / (step + 1)},${step % 2 ? "" : 0.5}`);
    await writeFile(join(home, "big.csv"), rows.join("\n") + "\n");
    const ctx = captureContext({ env: env(), cwd: home });
    expect(await main(["import", "big.csv", "--project", "mnist", "--run", "imp1"], ctx)).toBe(0);
    expect(ctx.stdout.text).toBe(`${server.url}/alice/mnist/runs/imp1\n`);
    expect(server.pointCount("imp1")).toBe(37_500);
    expect(server.runs.get("imp1")).toMatchObject({ name: "big", state: "finished" });
    expect(server.requests.filter((r) => r.path.endsWith("/history")).length).toBeGreaterThan(1);
    expect(ctx.stderr.text).toMatch(/uploading 100%.*points\/s/);
    expect(ctx.stderr.text).toContain("Imported 37,500 points (25,000 steps) as run imp1");
  });

  it("uploads JSONL of both shapes", async () => {
    await writeFile(join(home, "m.jsonl"), '{"step":0,"metrics":{"loss":1}}\n{"step":1,"loss":NaN}\n');
    const ctx = captureContext({ env: env(), cwd: home });
    expect(await main(["import", "m.jsonl", "--project", "p", "--name", "from-jsonl"], ctx)).toBe(0);
    const run = [...server.runs.values()][0]!;
    expect(run.name).toBe("from-jsonl");
    expect(server.pointCount(run.id)).toBe(2);
  });

  it("reports every bad line and writes nothing", async () => {
    await writeFile(join(home, "data.csv"), "step,loss,acc\n0,1,2\n1,abc,2\n2,1\n3,1,2\n");
    const ctx = captureContext({ env: env(), cwd: home });
    expect(await main(["import", "data.csv", "--project", "p"], ctx)).toBe(1);
    expect(ctx.stderr.text).toContain('data.csv:3: column "loss": "abc" is not a number');
    expect(ctx.stderr.text).toContain("data.csv:4: expected 3 cells like the header, found 2");
    expect(ctx.stderr.text).toContain("data.csv: 2 problems; nothing was uploaded");
    expect(server.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("explains a failed upload and how to resume it", async () => {
    await writeFile(join(home, "d.csv"), "step,loss\n0,1\n");
    server.faults.push({ match: (r) => r.path.endsWith("/history"), fault: { status: 400, code: "invalid_input" } });
    const ctx = captureContext({ env: env(), cwd: home });
    expect(await main(["import", "d.csv", "--project", "p"], ctx)).toBe(1);
    expect(ctx.stderr.text).toContain("upload stopped after 0 of 1 points");
  });

  it("needs a file and a project", async () => {
    const ctx = captureContext({ env: env(), cwd: home });
    expect(await main(["import", "--project", "p"], ctx)).toBe(2);
    expect(await main(["import", "missing.csv"], ctx)).toBe(2);
    expect(await main(["import", "missing.csv", "--project", "p"], ctx)).toBe(1);
    expect(ctx.stderr.text).toContain("missing.csv: no such file");
  });
});

describe("folio sync", () => {
  it("uploads the spool with progress and a summary", async () => {
    const dir = join(home, "spool");
    await appendSpoolRecords(dir, "s1", [
      { op: "create", body: { project: "p", id: "s1" } },
      { op: "history", body: { rows: [{ step: 0, metrics: { loss: 1 } }] } },
      { op: "finish", body: { exitCode: 0 } },
    ]);
    const ctx = captureContext({ env: env() });
    expect(await main(["sync", "--dir", dir], ctx)).toBe(0);
    expect(ctx.stderr.text).toMatch(/Syncing 1 run .* from .*spool to/);
    expect(ctx.stderr.text).toMatch(/syncing 100%\s+1\/1 runs/);
    expect(ctx.stdout.text).toContain(`synced  s1  1 points  ${server.url}/alice/p/runs/s1`);
    expect(ctx.stdout.text).toMatch(/Synced 1 of 1 run, 1 points in/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("says so when there is nothing to sync, and fails when the server is down", async () => {
    const empty = captureContext({ env: { ...env(), FOLIO_SPOOL_DIR: join(home, "none") } });
    expect(await main(["sync"], empty)).toBe(0);
    expect(empty.stdout.text).toContain("Nothing to sync");

    const dir = join(home, "spool");
    await appendSpoolRecords(dir, "s2", [{ op: "create", body: { project: "p", id: "s2" } }]);
    server.down = true;
    const down = captureContext({ env: { ...env(), FOLIO_RETRY_SECONDS: "0.05" } });
    expect(await main(["sync", "--dir", dir], down)).toBe(1);
    expect(down.stdout.text).toMatch(/failed  s2  .*s2\.jsonl:1: .*could not reach/);
  });
});

describe("folio demo", () => {
  it("streams a sweep with finished, failed and stopped runs", async () => {
    const ctx = captureContext({ env: env() });
    expect(await main(["demo", "--minutes", "0.03", "--runs", "4", "--seed", "7"], ctx)).toBe(0);
    const lines = ctx.stdout.text.trim().split("\n");
    expect(lines[0]).toBe(`Streaming 4 demo runs over 1.8s to ${server.url}/alice/demo`);
    expect(lines.at(-1)).toBe(`${server.url}/alice/demo`);
    const runs = [...server.runs.values()];
    expect(runs).toHaveLength(4);
    expect(runs.map((r) => r.state).sort()).toEqual(["failed", "finished", "finished", "running"]);
    expect(new Set(runs.map((r) => r.config.lr)).size).toBeGreaterThan(1);
    expect(runs.every((r) => (r.fields.tags as string[]).includes("demo") && typeof r.fields.group === "string")).toBe(true);
    for (const run of runs) expect(server.pointCount(run.id)).toBeGreaterThan(100);
    const failed = runs.find((r) => r.state === "failed")!;
    expect([...server.points.get(failed.id)!.values()].some((p) => p.value === "NaN")).toBe(true);
    expect(server.requests.filter((r) => r.path.endsWith("/finish"))).toHaveLength(3);
  });

  it("validates its options", async () => {
    const ctx = captureContext({ env: env() });
    expect(await main(["demo", "--minutes", "0"], ctx)).toBe(2);
    expect(await main(["demo", "--runs", "x"], ctx)).toBe(2);
  });
});
