import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendFile, mkdtemp, readFile, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FolioClient } from "./client";
import { appendSpoolRecords, parseSpoolRecord, readDoneMarker, spoolFilePath, type SpoolRecord } from "./spool";
import { syncSpool, syncSpoolFile } from "./syncSpool";
import { startFakeFolioServer, type FakeFolioServer } from "./testing/startFakeFolioServer";

const FAST = { budgetMs: 200, baseMs: 5, maxMs: 20 };

function records(runId: string, steps: number): SpoolRecord[] {
  return [
    { op: "create", body: { project: "mnist", id: runId, name: `n-${runId}`, config: { lr: 0.1 } } },
    ...Array.from({ length: steps }, (_, step): SpoolRecord => ({
      op: "history",
      body: { rows: [{ step, time: 1732300000 + step, metrics: { loss: 1 / (step + 1) } }] },
    })),
    { op: "patch", body: { summary: { best: 0.1 } } },
    { op: "finish", body: { exitCode: 0 } },
  ];
}

describe("spool format", () => {
  it("round-trips every record kind through JSON lines", () => {
    for (const record of records("r1", 2)) {
      expect(parseSpoolRecord(JSON.stringify(record), "f", 1)).toEqual(record);
    }
  });

  it("reads the Python client's bare NaN/Infinity tokens as the API's strings", () => {
    const line = '{"op": "history", "body": {"rows": [{"step": 0, "metrics": {"a": NaN, "b": Infinity, "c": -Infinity, "NaN": 1}}]}}';
    expect(parseSpoolRecord(line, "f", 1)).toEqual({
      op: "history",
      body: { rows: [{ step: 0, metrics: { a: "NaN", b: "Infinity", c: "-Infinity", NaN: 1 } }] },
    });
  });

  it("drops null metric values and accepts a null exit code, as Python may write them", () => {
    expect(parseSpoolRecord('{"op":"history","body":{"rows":[{"step":3.0,"metrics":{"a":null,"b":1}}]}}', "f", 1)).toEqual({
      op: "history",
      body: { rows: [{ step: 3, metrics: { b: 1 } }] },
    });
    expect(parseSpoolRecord('{"op":"finish","body":{"exitCode":null}}', "f", 1)).toEqual({ op: "finish", body: { exitCode: null } });
  });

  it("names file and line of a bad record", () => {
    expect(() => parseSpoolRecord("{nope", "run.jsonl", 7)).toThrow(/^run\.jsonl:7: not valid JSON/);
    expect(() => parseSpoolRecord('{"op":"history","body":{"rows":[{"step":-1,"metrics":{}}]}}', "run.jsonl", 8)).toThrow(
      /^run\.jsonl:8: not a spool record: body\.rows\.0\.step/,
    );
    expect(() => parseSpoolRecord('{"op":"explode","body":{}}', "run.jsonl", 9)).toThrow(/run\.jsonl:9/);
  });
});

describe("syncSpool", () => {
  let server: FakeFolioServer;
  let client: FolioClient;
  let dir: string;
  beforeEach(async () => {
    server = await startFakeFolioServer();
    client = new FolioClient({ url: server.url, apiKey: server.apiKey });
    dir = await mkdtemp(join(tmpdir(), "folio-sync-"));
  });
  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("replays files oldest first, create first, merging history records, and deletes them", async () => {
    await appendSpoolRecords(dir, "older", records("older", 5));
    await utimes(spoolFilePath(dir, "older"), new Date(1000), new Date(1000));
    await appendSpoolRecords(dir, "newer", records("newer", 3));
    const progress: number[] = [];
    const result = await syncSpool(client, dir, (p) => progress.push(p.bytesDone / p.bytesTotal), { retry: FAST });
    expect(result.files.map((f) => [f.runId, f.status, f.points])).toEqual([["older", "synced", 5], ["newer", "synced", 3]]);
    expect(result.points).toBe(8);
    expect(progress.at(-1)).toBe(1);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/v1/runs",
      "POST /api/v1/runs/older/history",
      "PATCH /api/v1/runs/older",
      "POST /api/v1/runs/older/finish",
      "POST /api/v1/runs",
      "POST /api/v1/runs/newer/history",
      "PATCH /api/v1/runs/newer",
      "POST /api/v1/runs/newer/finish",
    ]);
    expect(server.runs.get("older")).toMatchObject({ name: "n-older", state: "finished", config: { lr: 0.1 } });
    expect(await readdir(dir)).toEqual([]);
  });

  it("resumes after an interrupted sync from the acknowledged offset, without loss", async () => {
    await appendSpoolRecords(dir, "r1", records("r1", 4));
    const file = spoolFilePath(dir, "r1");
    // The server dies at the patch: create and history were acknowledged.
    server.faults.push({ match: (r) => r.method === "PATCH", fault: { drop: "before" } });
    server.down = false;
    const first = await syncSpoolFile(client, file, { retry: { budgetMs: 0 } });
    expect(first).toMatchObject({ status: "failed", points: 4, line: 6 });
    expect(await readDoneMarker(file)).toMatchObject({ line: 6 });

    server.requests.length = 0;
    const second = await syncSpoolFile(client, file, { retry: FAST });
    expect(second.status).toBe("synced");
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["PATCH /api/v1/runs/r1", "POST /api/v1/runs/r1/finish"]);
    expect(server.pointCount("r1")).toBe(4);
    expect(server.runs.get("r1")!.state).toBe("finished");
    expect(await readdir(dir)).toEqual([]);
  });

  it("keeps a file the server refuses, reports the line, and still syncs the others", async () => {
    await writeFile(join(dir, "bad.jsonl"), JSON.stringify({ op: "create", body: { project: "p", id: "bad" } }) + "\n" + "{oops\n");
    await appendSpoolRecords(dir, "good", records("good", 1));
    const result = await syncSpool(client, dir, undefined, { retry: FAST });
    const bad = result.files.find((f) => f.runId === "bad")!;
    expect(bad).toMatchObject({ status: "failed", line: 2 });
    expect(String(bad.error)).toMatch(/bad\.jsonl:2: not valid JSON/);
    expect(result.files.find((f) => f.runId === "good")!.status).toBe("synced");
    expect(await readdir(dir)).toEqual(expect.arrayContaining(["bad.jsonl"]));
  });

  it("stops early, keeping everything, when the server stays unreachable", async () => {
    await appendSpoolRecords(dir, "a", records("a", 1));
    await appendSpoolRecords(dir, "b", records("b", 1));
    server.down = true;
    const result = await syncSpool(client, dir, undefined, { retry: { budgetMs: 50, baseMs: 5 } });
    expect(result.stoppedEarly).toBe(true);
    expect(result.files).toHaveLength(1);
    expect((await readdir(dir)).filter((n) => n.endsWith(".jsonl")).sort()).toEqual(["a.jsonl", "b.jsonl"]);
  });

  it("leaves a fresh torn last record for later, and discards an old one", async () => {
    await appendSpoolRecords(dir, "t", records("t", 2));
    const file = spoolFilePath(dir, "t");
    await appendFile(file, '{"op":"history","body":{"ro');
    const fresh = await syncSpoolFile(client, file, { retry: FAST });
    expect(fresh.status).toBe("kept");
    expect(server.pointCount("t")).toBe(2);
    const warnings: string[] = [];
    const old = await syncSpoolFile(client, file, { retry: FAST, tornTailGraceMs: 0, warn: (w) => warnings.push(w) });
    expect(old.status).toBe("synced");
    expect(warnings[0]).toMatch(/t\.jsonl:6: discarding an incomplete last record/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("keeps a file that grew while it was being synced", async () => {
    await appendSpoolRecords(dir, "g", records("g", 1).slice(0, 2));
    const file = spoolFilePath(dir, "g");
    let appended = false;
    server.faults.push({
      match: (r) => {
        if (r.path.endsWith("/history") && !appended) {
          appended = true;
          void appendFile(file, JSON.stringify({ op: "finish", body: { exitCode: 1 } }) + "\n");
        }
        return false;
      },
      fault: { status: 500 },
    });
    const first = await syncSpoolFile(client, file, { retry: FAST });
    expect(first.status).toBe("kept");
    const second = await syncSpoolFile(client, file, { retry: FAST });
    expect(second.status).toBe("synced");
    expect(server.runs.get("g")!.state).toBe("failed");
  });

  it("ignores a stale marker longer than the file", async () => {
    await appendSpoolRecords(dir, "s", records("s", 1));
    const file = spoolFilePath(dir, "s");
    await writeFile(`${file}.done`, JSON.stringify({ offset: 10_000, line: 99 }));
    expect((await syncSpoolFile(client, file, { retry: FAST })).status).toBe("synced");
    expect(server.pointCount("s")).toBe(1);
  });

  it("splits merged history into requests of at most maxPoints points", async () => {
    await appendSpoolRecords(dir, "m", records("m", 10));
    await syncSpoolFile(client, spoolFilePath(dir, "m"), { retry: FAST, maxPoints: 4 });
    const sizes = server.requests.filter((r) => r.path.endsWith("/history")).map((r) => (r.body as { rows: unknown[] }).rows.length);
    expect(sizes).toEqual([4, 4, 2]);
    expect(server.pointCount("m")).toBe(10);
  });

  it("has an empty result for a missing directory", async () => {
    expect(await syncSpool(client, join(dir, "none"))).toEqual({ files: [], points: 0, stoppedEarly: false });
    expect(await readFile(join(dir, "none")).catch((e: NodeJS.ErrnoException) => e.code)).toBe("ENOENT");
  });
});
