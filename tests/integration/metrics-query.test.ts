/**
 * The metrics query engine end to end (POST /api/v1/metrics/query), on whichever back end
 * DATABASE_URL selects. Expected values are computed here from the data the test logged, never by
 * the engine's own code.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { sql } from "drizzle-orm";
import { rows } from "../../db/client";
import { ensureRollups } from "../../server/metrics/ensureRollups";
import { api, startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
const N = 100_000;
const SPIKE = 54_321;
const T0 = 1_700_000_000;
const lossAt = (i: number) => (i === SPIKE ? 1e9 : Math.sin(i / 777) + ((i * 7919) % 1000) / 5000);
const timeAt = (i: number) => T0 + 10 + i * 0.5;

async function logRows(run: string, rowsIn: Array<{ step: number; time?: number; metrics: Record<string, unknown> }>) {
  for (let i = 0; i < rowsIn.length; i += 40_000) {
    const res = await api(t, "POST", `/api/v1/runs/${run}/history`, { rows: rowsIn.slice(i, i + 40_000) });
    expect(res.status).toBe(200);
  }
}

const query = (body: unknown) => api(t, "POST", "/api/v1/metrics/query", body);

/** Group values series' points by bucket of the response grid. */
const bucketOf = (grid: { origin: number; width: number; count: number }, x: number) =>
  Math.min(grid.count - 1, Math.max(0, Math.floor((x - grid.origin) / grid.width)));

function expectM4(res: any, truth: Array<{ x: number; y: number; step: number }>, lo = -Infinity, hi = Infinity) {
  const { grid } = res;
  const s = res.series[0];
  const inRange = truth.filter((p) => p.x >= lo && p.x <= hi);
  const trueMin = new Map<number, number>();
  const trueMax = new Map<number, number>();
  for (const p of inRange) {
    const b = bucketOf(grid, p.x);
    trueMin.set(b, Math.min(trueMin.get(b) ?? Infinity, p.y));
    trueMax.set(b, Math.max(trueMax.get(b) ?? -Infinity, p.y));
  }
  const gotMin = new Map<number, number>();
  const gotMax = new Map<number, number>();
  const byStep = new Map(truth.map((p) => [p.step, p]));
  s.step.forEach((step: number, i: number) => {
    const p = byStep.get(step)!;
    expect(s.y[i]).toBe(p.y); // every returned point is a real one
    expect(s.x[i]).toBeCloseTo(p.x, 6);
    const b = bucketOf(grid, p.x);
    gotMin.set(b, Math.min(gotMin.get(b) ?? Infinity, p.y));
    gotMax.set(b, Math.max(gotMax.get(b) ?? -Infinity, p.y));
  });
  expect(gotMin).toEqual(trueMin);
  expect(gotMax).toEqual(trueMax);
  expect(s.step[0]).toBe(inRange[0].step);
  expect(s.step[s.step.length - 1]).toBe(inRange[inRange.length - 1].step);
  expect(s.pointCount).toBe(inRange.length);
}

const truthLoss = Array.from({ length: N }, (_, i) => ({ step: i, x: i, y: lossAt(i) }));

beforeAll(async () => {
  t = await startTestServer();
  await api(t, "POST", "/api/v1/runs", { project: "metrics", id: "m-big" });
  await logRows("m-big", Array.from({ length: N }, (_, i) => ({ step: i, time: timeAt(i), metrics: { loss: lossAt(i) } })));
}, 240_000);
afterAll(async () => t?.close());

describe("downsampling", () => {
  it("keeps a single spike, the first and the last point at any budget; a budget ≥ the point count is exact", async () => {
    for (const points of [8, 100, 1000, 10_000]) {
      const res = await query({ runs: ["m-big"], keys: ["loss"], points });
      expect(res.status).toBe(200);
      const s = res.body.series[0];
      expect(s).toMatchObject({ run: "m-big", key: "loss", exact: false, pointCount: N });
      expect(s.y.length).toBeLessThanOrEqual(points);
      expect(s.step[s.y.indexOf(1e9)]).toBe(SPIKE);
      expect(s.step[0]).toBe(0);
      expect(s.step[s.step.length - 1]).toBe(N - 1);
    }
    const all = await query({ runs: ["m-big"], keys: ["loss"], points: N });
    expect(all.body.series[0].exact).toBe(true);
    expect(all.body.series[0].step).toEqual(truthLoss.map((p) => p.step));
    expect(all.body.series[0].y).toEqual(truthLoss.map((p) => p.y));
  });

  it("returns each bucket's true min and max (rollup path and raw path)", async () => {
    const full = await query({ runs: ["m-big"], keys: ["loss"], points: 1000 });
    expect(full.body.grid.width % 64).toBe(0); // aligned to rollups
    expectM4(full.body, truthLoss);
    // Buckets narrower than half a coarse rollup bucket (32 steps) are read from the 8-step level
    // (a range too short even for that holds no more points than the budget: it is exact).
    const odd = await query({ runs: ["m-big"], keys: ["loss"], points: 1000, xRange: [1234.5, 8_000] });
    expect(odd.body.grid.width).toBeLessThan(64);
    expect(odd.body.grid.width % 8).toBe(0);
    expectM4(odd.body, truthLoss, 1235, 8_000);
    const short = await query({ runs: ["m-big"], keys: ["loss"], points: 1000, xRange: [3, 2_002] });
    expect(short.body.grid).toMatchObject({ origin: 0, width: 16 });
    expectM4(short.body, truthLoss, 3, 2_002);
    // Wider ones are widened to whole rollup buckets: never more buckets than asked, never fewer than half.
    const widened = await query({ runs: ["m-big"], keys: ["loss"], points: 1000, xRange: [1000, 10_999] });
    expect(widened.body.grid.width).toBe(64);
    expect(widened.body.grid.count).toBeGreaterThanOrEqual(125);
    expectM4(widened.body, truthLoss, 1000, 10_999);
    const aligned = await query({ runs: ["m-big"], keys: ["loss"], points: 400, xRange: [1001, 98_765] });
    expectM4(aligned.body, truthLoss, 1001, 98_765);
  });

  it("zoom returns finer data, and every point once the range holds fewer than the budget", async () => {
    const full = await query({ runs: ["m-big"], keys: ["loss"], points: 1000 });
    const within = (s: any) => s.step.filter((x: number) => x >= 50_000 && x <= 51_000).length;
    const zoom = await query({ runs: ["m-big"], keys: ["loss"], points: 1000, xRange: [50_000, 51_000] });
    expect(within(zoom.body.series[0])).toBeGreaterThan(within(full.body.series[0]) * 10);
    expectM4(zoom.body, truthLoss, 50_000, 51_000);
    const exact = await query({ runs: ["m-big"], keys: ["loss"], points: 1000, xRange: [50_000, 50_999] });
    expect(exact.body.series[0].exact).toBe(true);
    expect(exact.body.series[0].step).toEqual(truthLoss.slice(50_000, 51_000).map((p) => p.step));
  });

  it("sees points written after its rollups were built (a re-sent old step)", async () => {
    await query({ runs: ["m-big"], keys: ["loss"], points: 1000 });
    await logRows("m-big", [{ step: 777, time: timeAt(777), metrics: { loss: -5e9 } }]);
    const res = await query({ runs: ["m-big"], keys: ["loss"], points: 1000 });
    expect(res.body.series[0].step[res.body.series[0].y.indexOf(-5e9)]).toBe(777);
    await logRows("m-big", [{ step: 777, time: timeAt(777), metrics: { loss: lossAt(777) } }]);
    expect((await query({ runs: ["m-big"], keys: ["loss"], points: 1000 })).body.series[0].y).not.toContain(-5e9);
  });
});

describe("rollups kept current", () => {
  const rollupRows = (run: string) =>
    rows<{ bucket: number; version: string }>(
      t.server.services.db,
      sql`select m.bucket::float8 as bucket, m.xmin::text as version from metric_rollups m join runs r on r.seq = m.run_seq
          where r.id = ${run} order by m.bucket`,
    );
  const fineRows = async (run: string) =>
    (await rows<{ n: number }>(t.server.services.db, sql`select count(*)::int4 as n from metric_fine_rollups m join runs r on r.seq = m.run_seq where r.id = ${run}`))[0].n;
  const dirtyFrom = async (run: string) =>
    (await rows<{ dirty: number | null }>(t.server.services.db, sql`select rm.rollup_dirty_from::float8 as dirty from run_metrics rm join runs r on r.seq = rm.run_seq where r.id = ${run}`))[0]?.dirty;

  it("an append rebuilds only the rollup buckets it touched, and the answer includes it", async () => {
    // Only queries bring rollups up to date in this test.
    await t.server.services.rollups.stop();
    onTestFinished(() => t.server.services.rollups.start());
    await api(t, "POST", "/api/v1/runs", { project: "metrics", id: "m-live" });
    const truth = Array.from({ length: 20_000 }, (_, i) => ({ step: i, x: i, y: Math.cos(i / 50) }));
    await logRows("m-live", truth.map((p) => ({ step: p.step, metrics: { v: p.y } })));
    const first = await query({ runs: ["m-live"], keys: ["v"], points: 1000 });
    expectM4(first.body, truth);
    const before = await rollupRows("m-live");
    expect(before).toHaveLength(Math.ceil(20_000 / 64));
    expect(await fineRows("m-live")).toBe(20_000 / 8);
    expect(await dirtyFrom("m-live")).toBeNull();

    // 20,000 … 20,099: step 19,999's bucket (312) is appended to, 313 and 314 are new.
    const more = Array.from({ length: 100 }, (_, i) => ({ step: 20_000 + i, x: 20_000 + i, y: i === 50 ? 99 : -1 }));
    await logRows("m-live", more.map((p) => ({ step: p.step, metrics: { v: p.y } })));
    expect(await dirtyFrom("m-live")).toBe(20_000);
    const next = await query({ runs: ["m-live"], keys: ["v"], points: 1000 });
    expectM4(next.body, [...truth, ...more]);
    const after = await rollupRows("m-live");
    expect(after.map((r) => r.bucket)).toEqual(Array.from({ length: 315 }, (_, b) => b));
    // Buckets before the append are the very same rows; the touched one was rewritten.
    expect(after.slice(0, 312).map((r) => r.version)).toEqual(before.slice(0, 312).map((r) => r.version));
    expect(after[312].version).not.toBe(before[312].version);
    expect(await fineRows("m-live")).toBe(Math.ceil(20_100 / 8));

    // A late re-send of an old step marks the key dirty from there.
    await logRows("m-live", [{ step: 700, metrics: { v: 1e6 } }]);
    expect(await dirtyFrom("m-live")).toBe(700);
    const late = await query({ runs: ["m-live"], keys: ["v"], points: 1000 });
    expect(late.body.series[0].step[late.body.series[0].y.indexOf(1e6)]).toBe(700);
  });

  it("can be brought forward in bounded bites, staying dirty from where a bite stopped", async () => {
    await t.server.services.rollups.stop();
    onTestFinished(() => t.server.services.rollups.start());
    await api(t, "POST", "/api/v1/runs", { project: "metrics", id: "m-bite" });
    const truth = Array.from({ length: 5_000 }, (_, i) => ({ step: i, x: i, y: (i % 97) - 48 }));
    await logRows("m-bite", truth.map((p) => ({ step: p.step, metrics: { b: p.y } })));
    const [ids] = await rows<{ run_seq: number; key_id: number }>(t.server.services.db, sql`select rm.run_seq::float8 as run_seq, rm.key_id from run_metrics rm join runs r on r.seq = rm.run_seq where r.id = 'm-bite'`);
    const series = [{ runSeq: Number(ids.run_seq), keyId: ids.key_id }];
    expect(await ensureRollups(t.server.services.db, series, { maxSteps: 1_000 })).toBe(1);
    expect(await dirtyFrom("m-bite")).toBe(1_024);
    expect((await rollupRows("m-bite")).map((r) => r.bucket)).toEqual(Array.from({ length: 16 }, (_, b) => b));
    expect(await fineRows("m-bite")).toBe(128);
    await ensureRollups(t.server.services.db, series);
    expect(await dirtyFrom("m-bite")).toBeNull();
    expect((await rollupRows("m-bite")).length).toBe(Math.ceil(5_000 / 64));
    expectM4((await query({ runs: ["m-bite"], keys: ["b"], points: 400 })).body, truth);
  });

  it("are brought up to date in the background, without a query", async () => {
    await api(t, "POST", "/api/v1/runs", { project: "metrics", id: "m-bg" });
    await t.server.services.rollups.stop();
    await logRows("m-bg", Array.from({ length: 5_000 }, (_, i) => ({ step: i, metrics: { w: i } })));
    expect(await dirtyFrom("m-bg")).toBe(0);
    t.server.services.rollups.start();
    await expect.poll(() => dirtyFrom("m-bg"), { timeout: 20_000, interval: 100 }).toBeNull();
    expect((await rollupRows("m-bg")).length).toBe(Math.ceil(5_000 / 64));
  });
});

describe("x axes", () => {
  it("plots against wall time and relative time", async () => {
    const truth = truthLoss.map((p) => ({ ...p, x: timeAt(p.step) }));
    const wall = await query({ runs: ["m-big"], keys: ["loss"], x: "wallTime", points: 400 });
    expect(wall.status).toBe(200);
    expectM4(wall.body, truth);
    const rel = await query({ runs: ["m-big"], keys: ["loss"], x: "relativeTime", points: 400, xRange: [100, 200] });
    expect(rel.body.series[0].exact).toBe(true);
    expect(rel.body.series[0].x[0]).toBe(100);
    expect(rel.body.series[0].step).toEqual(Array.from({ length: 201 }, (_, i) => 200 + i));
  });

  it("leaves x out on the step axis when asked to (it repeats the step), and only there", async () => {
    const full = await query({ runs: ["m-big"], keys: ["loss"], points: 400 });
    const bare = await query({ runs: ["m-big"], keys: ["loss"], points: 400, omitStepX: true });
    expect(bare.status).toBe(200);
    expect(full.body.series[0].x).toEqual(full.body.series[0].step);
    const { x, ...rest } = full.body.series[0];
    expect(x.length).toBeGreaterThan(0);
    expect(bare.body.series[0]).toEqual(rest);
    const wall = await query({ runs: ["m-big"], keys: ["loss"], x: "wallTime", points: 400, omitStepX: true });
    expect(wall.body.series[0].x).toHaveLength(wall.body.series[0].step.length);
    expect((await query({ runs: ["m-big"], keys: ["loss"], omitStepX: "yes" })).body.error.path).toBe("omitStepX");
  });

  it("plots against another metric at the same step", async () => {
    await api(t, "POST", "/api/v1/runs", { project: "metrics", id: "m-xy" });
    await logRows("m-xy", Array.from({ length: 500 }, (_, i) => ({ step: i, metrics: { lr: 1 / (i + 1), ...(i % 2 ? {} : { loss: i * 3 }) } })));
    const res = await query({ runs: ["m-xy"], keys: ["loss"], x: "lr" });
    expect(res.body.series[0].exact).toBe(true);
    expect(res.body.series[0].x).toEqual(Array.from({ length: 250 }, (_, j) => 1 / (2 * j + 1)));
    expect(res.body.series[0].y).toEqual(Array.from({ length: 250 }, (_, j) => 6 * j));
    const down = await query({ runs: ["m-xy"], keys: ["loss"], x: { metric: "lr" }, points: 40 });
    expectM4(down.body, Array.from({ length: 250 }, (_, j) => ({ step: 2 * j, x: 1 / (2 * j + 1), y: 6 * j })));
  });

  it("encodes non-finite values and selects keys by regex", async () => {
    await api(t, "POST", "/api/v1/runs", { project: "metrics", id: "m-nan" });
    await logRows("m-nan", [
      { step: 0, metrics: { "val/a": "NaN", "val/b": 1, other: 0 } },
      { step: 1, metrics: { "val/a": "Infinity", "val/b": "-Infinity" } },
    ]);
    const res = await query({ runs: ["m-nan"], keysRegex: "^val/" });
    expect(res.body.series.map((s: any) => [s.key, s.y])).toEqual([["val/a", ["NaN", "Infinity"]], ["val/b", [1, "-Infinity"]]]);
  });
});

describe("groups", () => {
  const members = ["g1", "g2", "g3", "g4", "g5"];
  const valueAt = (r: number, i: number) => Math.cos(i / 7 + r) * (r + 1) + r;
  const stepsOf = (r: number) => (r === 4 ? 150 : 200);

  beforeAll(async () => {
    for (const [r, id] of members.entries()) {
      await api(t, "POST", "/api/v1/runs", { project: "metrics", id });
      await logRows(id, Array.from({ length: stepsOf(r) }, (_, i) => ({ step: i, metrics: { loss: valueAt(r, i) } })));
    }
  });

  const stats = (vs: number[]) => {
    const n = vs.length;
    const mean = vs.reduce((a, b) => a + b, 0) / n;
    const sorted = [...vs].sort((a, b) => a - b);
    const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    const std = n > 1 ? Math.sqrt(vs.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : null;
    return { mean, median, min: sorted[0], max: sorted[n - 1], std, stderr: std === null ? null : std / Math.sqrt(n), n };
  };

  function expectGroups(body: any, groups: Array<{ name: string; runs: number[] }>, width: number) {
    expect(body.groups.map((g: any) => g.group)).toEqual(groups.map((g) => g.name));
    for (const [gi, g] of groups.entries()) {
      const out = body.groups[gi];
      const buckets = Math.ceil(200 / width);
      expect(out.x).toEqual(Array.from({ length: buckets }, (_, b) => b * width));
      for (let b = 0; b < buckets; b++) {
        const perRun = g.runs
          .map((r) => Array.from({ length: width }, (_, j) => b * width + j).filter((i) => i < stepsOf(r)).map((i) => valueAt(r, i)))
          .filter((vs) => vs.length > 0)
          .map((vs) => vs.reduce((a, v) => a + v, 0) / vs.length);
        const want = stats(perRun);
        expect(out.n[b]).toBe(want.n);
        for (const k of ["mean", "median", "min", "max", "std", "stderr"] as const) {
          if (want[k] === null) expect(out[k][b]).toBeNull();
          else expect(out[k][b]).toBeCloseTo(want[k]!, 9);
        }
      }
    }
  }

  it("aggregates mean, median, min, max, std, stderr and n per step across a group's runs", async () => {
    const groups = [{ name: "a", runs: [0, 1, 4] }, { name: "b", runs: [2, 3] }];
    const res = await query({ keys: ["loss"], groupBy: { groups: groups.map((g) => ({ name: g.name, runs: g.runs.map((r) => members[r]) })) } });
    expect(res.status).toBe(200);
    expect(res.body.grid.width).toBe(1);
    expectGroups(res.body, groups, 1);
  });

  it("aggregates per bucket of the run means when buckets span several steps", async () => {
    const groups = [{ name: "all", runs: [0, 1, 2, 3, 4] }];
    // 200 steps: 5-step buckets from the points, 16-step ones from the 8-step rollups.
    for (const [points, width] of [[40, 5], [20, 16]]) {
      const res = await query({ keys: ["loss"], points, groupBy: { groups: [{ name: "all", runs: members }] } });
      expect(res.body.grid.width).toBe(width);
      expectGroups(res.body, groups, width);
    }
  });

  it("aggregates from rollups with the same results as from raw points", async () => {
    const body = { keys: ["loss"], points: 50, groupBy: { groups: [{ name: "big", runs: ["m-big"] }] } };
    const res = await query(body);
    const { grid } = res.body;
    expect(grid.width % 64).toBe(0);
    const sums = new Map<number, { s: number; n: number }>();
    for (const p of truthLoss) {
      const b = bucketOf(grid, p.x);
      const e = sums.get(b) ?? { s: 0, n: 0 };
      sums.set(b, { s: e.s + p.y, n: e.n + 1 });
    }
    const g = res.body.groups[0];
    expect(g.mean.length).toBe(sums.size);
    g.x.forEach((x: number, i: number) => {
      const e = sums.get(bucketOf(grid, x))!;
      expect(g.mean[i]).toBeCloseTo(e.s / e.n, 6);
      expect(g.n[i]).toBe(1);
      expect(g.std[i]).toBeNull();
    });
  });
});

describe("many series", () => {
  it("answers a 40-run query (split across statements) exactly like 40 one-run queries", async () => {
    const ids = Array.from({ length: 40 }, (_, r) => `many-${r}`);
    for (const [r, id] of ids.entries()) {
      await api(t, "POST", "/api/v1/runs", { project: "many", id });
      await logRows(id, Array.from({ length: 300 }, (_, i) => ({ step: i, metrics: { loss: Math.sin(i * (r + 1)) } })));
    }
    const all = await query({ runs: ids, keys: ["loss"], points: 40 });
    expect(all.body.series.map((s: any) => s.run)).toEqual(ids);
    for (const [r, id] of ids.entries()) {
      const one = await query({ runs: [id], keys: ["loss"], points: 40 });
      expect(all.body.series[r]).toEqual(one.body.series[0]);
      expect(one.body.series[0].y.length).toBeLessThanOrEqual(40);
    }
  });
});

describe("run queries", () => {
  it("reads the runs a run query finds", async () => {
    const res = await query({ runQuery: { project: "metrics" }, keys: ["loss"], points: 100 });
    expect(res.status).toBe(200);
    expect(res.body.series.map((s: any) => s.run).sort()).toEqual(["g1", "g2", "g3", "g4", "g5", "m-big", "m-xy"]);
    const bad = await query({ runQuery: { project: "metrics", limit: 0 }, keys: ["loss"] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.path).toBe("runQuery.limit");
  });
});

describe("access and input", () => {
  it("answers 404 with no data for a run of another team, and for unknown runs", async () => {
    // alice signed up first and is instance admin (who may read every run): use two other users.
    const bob = await t.addUser("bob@example.com");
    const carol = await t.addUser("carol@example.com");
    const asBob = { url: t.url, apiKey: bob.apiKey };
    const asCarol = { url: t.url, apiKey: carol.apiKey };
    await api(asBob, "POST", "/api/v1/runs", { project: "secret", id: "bob-run" });
    await api(asBob, "POST", "/api/v1/runs/bob-run/history", { rows: [{ step: 0, metrics: { loss: 42 } }] });
    await api(asCarol, "POST", "/api/v1/runs", { project: "mine", id: "carol-run" });
    await api(asCarol, "POST", "/api/v1/runs/carol-run/history", { rows: [{ step: 0, metrics: { loss: 7 } }] });
    for (const body of [
      { runs: ["carol-run", "bob-run"], keys: ["loss"] },
      { runs: ["m-big"], keys: ["loss"] },
      { runs: ["no-such-run"], keys: ["loss"] },
      { keys: ["loss"], groupBy: { groups: [{ name: "x", runs: ["carol-run", "bob-run"] }] } },
    ]) {
      const res = await api(asCarol, "POST", "/api/v1/metrics/query", body);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
      expect(JSON.stringify(res.body)).not.toContain("42");
    }
    expect((await api(asBob, "POST", "/api/v1/metrics/query", { runs: ["bob-run"], keys: ["loss"] })).body.series[0].y).toEqual([42]);
    expect((await api(asCarol, "POST", "/api/v1/metrics/query", { runs: ["carol-run"], keys: ["loss"] })).body.series[0].y).toEqual([7]);
  });

  it("answers 400 naming the field", async () => {
    const cases: Array<[unknown, string]> = [
      [{ keys: ["loss"] }, "runs"],
      [{ runs: ["m-big"] }, "keys"],
      [{ runs: "m-big", keys: ["loss"] }, "runs"],
      [{ runs: ["m-big"], keys: ["loss"], points: "many" }, "points"],
      [{ runs: ["m-big"], keys: ["loss"], points: 2 }, "points"],
      [{ runs: ["m-big"], keys: ["loss"], xRange: [5, 1] }, "xRange"],
      [{ runs: ["m-big"], keys: ["loss"], x: 3 }, "x"],
      [{ runs: ["m-big"], keysRegex: "(" }, "keysRegex"],
      [{ runs: ["m-big"], keysRegex: "a{5000}{5000}" }, "keysRegex"],
      [{ runs: ["m-big"], keys: ["loss"], color: "red" }, ""],
      [{ runs: ["m-big"], runQuery: {}, keys: ["loss"] }, "runQuery"],
    ];
    for (const [body, path] of cases) {
      const res = await query(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
      if (path) expect(res.body.error.path, JSON.stringify(body)).toBe(path);
    }
  });

  it("refuses regex back-references only where no statement timeout can stop them (PGlite)", async () => {
    const res = await query({ runs: ["m-nan"], keysRegex: "^(val)/\\1?" });
    if (t.database.kind === "postgres") expect(res.status).toBe(200);
    else expect([res.status, res.body.error.path]).toEqual([400, "keysRegex"]);
  });

  it("needs credentials", async () => {
    expect((await api({ url: t.url, apiKey: "nope" }, "POST", "/api/v1/metrics/query", { runs: ["m-big"], keys: ["loss"] })).status).toBe(401);
  });
});
