import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FolioClient } from "./client";
import { countPoints, dedupeRows, sendHistory, splitRows } from "./sendHistory";
import { startFakeFolioServer, type FakeFolioServer } from "./testing/startFakeFolioServer";
import type { HistoryRow } from "./types";

const row = (step: number, n: number): HistoryRow => ({
  step,
  metrics: Object.fromEntries(Array.from({ length: n }, (_, i) => [`m${i}`, i])),
});

describe("splitRows", () => {
  it("packs rows into batches of at most maxPoints points", () => {
    const batches = splitRows([row(0, 3), row(1, 3), row(2, 3), row(3, 1)], 6);
    expect(batches.map((b) => b.map((r) => r.step))).toEqual([[0, 1], [2, 3]]);
  });
  it("splits a single row larger than a batch", () => {
    const batches = splitRows([row(0, 5)], 2);
    expect(batches.map(countPoints)).toEqual([2, 2, 1]);
    expect(batches.flat().every((r) => r.step === 0)).toBe(true);
  });
});

describe("dedupeRows", () => {
  it("keeps the last value of each (key, step)", () => {
    const rows: HistoryRow[] = [
      { step: 0, metrics: { a: 1, b: 1 } },
      { step: 1, metrics: { a: 1 } },
      { step: 0, metrics: { a: 2 } },
      { step: 1, metrics: { a: 3 } },
    ];
    expect(dedupeRows(rows)).toEqual([
      { step: 0, metrics: { b: 1 } },
      { step: 0, metrics: { a: 2 } },
      { step: 1, metrics: { a: 3 } },
    ]);
    const unique = [row(0, 2), row(1, 2)];
    expect(dedupeRows(unique)).toEqual(unique);
  });
});

describe("sendHistory", () => {
  let server: FakeFolioServer;
  let client: FolioClient;
  beforeEach(async () => {
    server = await startFakeFolioServer();
    client = new FolioClient({ url: server.url, apiKey: server.apiKey });
    await client.createRun({ project: "p", id: "r" });
  });
  afterEach(() => server.close());

  it("halves a batch the server finds too large", async () => {
    server.faults.push({ fault: { status: 413, code: "payload_too_large" } });
    const rows = Array.from({ length: 10 }, (_, i) => row(i, 2));
    expect(await sendHistory(client, "r", rows, { retry: { budgetMs: 0 } })).toBe(20);
    const sizes = server.requests.filter((r) => r.path.endsWith("/history")).map((r) => (r.body as { rows: unknown[] }).rows.length);
    expect(sizes).toEqual([10, 5, 5]);
    expect(server.pointCount("r")).toBe(20);
  });
});
