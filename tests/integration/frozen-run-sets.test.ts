/**
 * Frozen run sets (docs/decisions/011-panel-data.md): `until: { [runId]: lastStep }` on
 * POST /api/v1/metrics/query, on whichever back end DATABASE_URL selects. Two checks: a frozen run
 * answers exactly like a reference run that holds only the points up to the cut (every x axis, the
 * rollup and raw paths, grouped series), and a frozen answer is unchanged, value for value, after
 * the runs log more points (and a new key).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
const T0 = 1_700_000_000;
const CUT = 6000; // inside rollup bucket 93 (5952…6015): that bucket is read from raw points
const lossAt = (i: number) => Math.sin(i / 50) + ((i * 7919) % 1000) / 4000;
const accAt = (i: number) => i / 20_000 + ((i * 31) % 17) / 1000;
const row = (i: number) => ({ step: i, time: T0 + i * 0.25, metrics: { loss: lossAt(i), acc: accAt(i) } });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

async function log(run: string, steps: number[], extra: (i: number) => Record<string, number> = () => ({})) {
  for (let i = 0; i < steps.length; i += 20_000) {
    const rows = steps.slice(i, i + 20_000).map((s) => {
      const r = row(s);
      return { ...r, metrics: { ...r.metrics, ...extra(s) } };
    });
    const res = await api(t, "POST", `/api/v1/runs/${run}/history`, { rows });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

const query = (body: unknown) => api(t, "POST", "/api/v1/metrics/query", body);
const lastSteps = async () => {
  const res = await api(t, "POST", "/api/v1/runs/query", { project: "panels", limit: 100 });
  expect(res.status).toBe(200);
  return Object.fromEntries((res.body.runs as Array<{ id: string; lastStep: number | null }>).map((r) => [r.id, r.lastStep]));
};

/** Bodies for the frozen runs `a` (cut at CUT) and `b` (cut at its last step, 499). */
const bodies = (a: string) => [
  { runs: [a, "f-b"], keys: ["loss"], points: 64 }, // step axis, M4 over rollups
  { runs: [a, "f-b"], keys: ["loss"], points: 100_000 }, // every point
  { runs: [a], keys: ["loss", "acc"], points: 200, xRange: [1000, 8000] },
  { runs: [a, "f-b"], keys: ["loss"], x: "wallTime", points: 64 },
  { runs: [a, "f-b"], keys: ["loss"], x: "relativeTime", points: 64 },
  { runs: [a], keys: ["loss"], x: "acc", points: 64 },
  { runs: [a, "f-b"], keysRegex: ".", points: 400 },
  { keys: ["loss", "acc"], points: 20, groupBy: { groups: [{ name: "g", runs: [a, "f-b"] }, { name: "a", runs: [a] }] } }, // rollups
  { keys: ["loss"], points: 10_000, groupBy: { groups: [{ name: "g", runs: [a, "f-b"] }] } }, // raw, one bucket per step
];
const frozen = (body: object) => ({ ...body, until: { "f-a": CUT, "f-b": 499 } });

async function answers(list: object[]) {
  const out = [];
  for (const body of list) {
    const res = await query(body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    out.push(res.body);
  }
  return out;
}

/** Deep equality, numbers to 1e-12 relative. */
function expectSame(got: unknown, want: unknown, path = ""): void {
  if (typeof want === "number" && typeof got === "number") {
    expect(Math.abs(got - want), path).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
  } else if (typeof want === "object" && want !== null) {
    expect(typeof got, path).toBe("object");
    expect(Object.keys(got as object).sort(), path).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) expectSame((got as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect(got, path).toEqual(want);
  }
}

beforeAll(async () => {
  t = await startTestServer();
  for (const id of ["f-a", "f-ref", "f-b", "f-c", "f-empty"]) {
    expect((await api(t, "POST", "/api/v1/runs", { project: "panels", id })).status).toBe(201);
  }
  await log("f-a", range(0, 9999));
  await log("f-ref", range(0, CUT)); // what f-a held at its cut
  await log("f-b", range(0, 499));
  await log("f-c", range(0, 99));
}, 120_000);
afterAll(async () => t?.close());

describe("runs query: lastStep", () => {
  it("gives each run's highest logged step, null before the first point", async () => {
    expect(await lastSteps()).toEqual({ "f-a": 9999, "f-ref": CUT, "f-b": 499, "f-c": 99, "f-empty": null });
  });
});

describe("until", () => {
  let before: unknown[];

  it("answers a frozen run exactly like a run holding only the points up to the cut", async () => {
    before = await answers(bodies("f-a").map(frozen));
    const reference = await answers(bodies("f-ref"));
    // Identical, except that grouped means may differ in the last bits: the reference sums bucket 93
    // from its rollup, the frozen run from raw points, in another order.
    expectSame(JSON.parse(JSON.stringify(reference).replaceAll('"f-ref"', '"f-a"')), before);
    // Spot checks against the logged values, not the engine: the exact answer ends at the cut.
    const all = before[1] as any;
    expect(all.xRange).toEqual([0, CUT]);
    expect(all.series.map((s: any) => [s.run, s.exact, s.pointCount])).toEqual([["f-a", true, CUT + 1], ["f-b", true, 500]]);
    expect(all.series[0].y).toEqual(range(0, CUT).map(lossAt));
    const down = before[0] as any;
    expect(down.series[0].exact).toBe(false);
    expect(down.series[0].pointCount).toBe(CUT + 1);
    expect(down.series[0].step.at(-1)).toBe(CUT);
    expect(Math.max(...down.series[0].y)).toBe(Math.max(...range(0, CUT).map(lossAt)));
    const zoom = before[2] as any;
    expect(zoom.series.map((s: any) => [s.key, s.step[0], s.step.at(-1), s.pointCount])).toEqual([["acc", 1000, CUT, CUT - 999], ["loss", 1000, CUT, CUT - 999]]);
    const grouped = before[8] as any;
    const g = grouped.groups[0];
    expect(g.x.length).toBe(CUT + 1);
    expect(g.n.slice(0, 500)).toEqual(Array(500).fill(2));
    expect(g.n.slice(500)).toEqual(Array(CUT + 1 - 500).fill(1));
    expect(g.mean[CUT]).toBe(lossAt(CUT));
    expect(g.mean[10]).toBeCloseTo((lossAt(10) * 2) / 2, 12);
    // 18 queries, two of them every point of 10,000 steps: ~40 s on the embedded database of a loaded CI machine.
  }, 180_000);

  it("does not change after the runs log more points and a new key; unlisted runs are unaffected", async () => {
    const cBefore = (await query({ runs: ["f-c"], keys: ["loss"], until: { "f-a": CUT } })).body;
    expect(cBefore.series[0].pointCount).toBe(100);
    await log("f-a", range(10_000, 14_999), (i): Record<string, number> => (i >= 12_000 ? { late_key: i } : {}));
    await log("f-b", range(500, 2999));
    await log("f-c", range(100, 199));
    expect(await lastSteps()).toMatchObject({ "f-a": 14_999, "f-b": 2999, "f-c": 199 });

    const after = await answers(bodies("f-a").map(frozen));
    expect(after).toEqual(before);
    expect((after[6] as any).series.map((s: any) => `${s.run}/${s.key}`)).toEqual(["f-a/acc", "f-a/loss", "f-b/acc", "f-b/loss"]);

    const cAfter = (await query({ runs: ["f-c"], keys: ["loss"], until: { "f-a": CUT } })).body;
    expect(cAfter.series[0].pointCount).toBe(200);
    const unfrozen = (await query({ runs: ["f-a"], keysRegex: "." })).body;
    expect(unfrozen.series.map((s: any) => [s.key, s.pointCount])).toEqual([["acc", 15_000], ["late_key", 3000], ["loss", 15_000]]);
  });

  it("lastStep -1 is a run with no points; a cut at a bucket's last step reads only rollups there", async () => {
    await log("f-empty", range(0, 10));
    const none = (await query({ runs: ["f-empty"], keys: ["loss"], until: { "f-empty": -1 } })).body;
    expect(none).toEqual({ x: "step", xRange: null, grid: null, series: [] });
    const mixed = (await query({ runs: ["f-empty", "f-c"], keys: ["loss"], until: { "f-empty": -1 } })).body;
    expect(mixed.series.map((s: any) => s.run)).toEqual(["f-c"]);
    // 6015 ends rollup bucket 93: compare with every point up to it.
    const edge = (await query({ runs: ["f-a"], keys: ["loss"], points: 64, until: { "f-a": 6015 } })).body;
    const truth = range(0, 6015).map(lossAt);
    expect(edge.series[0].pointCount).toBe(6016);
    expect(edge.series[0].step.at(-1)).toBe(6015);
    expect(Math.min(...edge.series[0].y)).toBe(Math.min(...truth));
    edge.series[0].step.forEach((s: number, i: number) => expect(edge.series[0].y[i]).toBe(lossAt(s)));
  });

  it("answers 400 naming until.<runId>", async () => {
    const cases: Array<[unknown, string]> = [
      [{ "f-a": -2 }, "until.f-a"],
      [{ "f-a": 1.5 }, "until.f-a"],
      [{ "f-a": "10" }, "until.f-a"],
      [{ "f-a": 10, "not a run!": 3 }, "until.not a run!"],
      [[1, 2], "until"],
      [5, "until"],
    ];
    for (const [until, path] of cases) {
      const res = await query({ runs: ["f-a"], keys: ["loss"], until });
      expect(res.status, JSON.stringify(until)).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
      expect(res.body.error.path, JSON.stringify(until)).toBe(path);
    }
  });
});
