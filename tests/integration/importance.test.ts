/**
 * Parameter importance (POST /api/v1/analysis/importance) over real HTTP, on whichever back end
 * DATABASE_URL selects: a sweep where the loss depends only on the learning rate.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../../server/analysis/randomForest";
import { api, startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
const N = 60;
const rand = mulberry32(2026);
const sweep = Array.from({ length: N }, (_, i) => ({
  id: `sw-${i}`,
  config: {
    lr: 0.001 + rand() * 0.1,
    batch: [32, 64, 128][Math.floor(rand() * 3)],
    optimizer: rand() < 0.5 ? "adam" : "sgd",
    model: { layers: 2 + Math.floor(rand() * 10) },
    seed: i,
  },
}));
const lossOf = (lr: number) => 5 * lr + 0.1;

const importance = (body: unknown, who: { url: string; apiKey: string } = t) => api(who, "POST", "/api/v1/analysis/importance", body);

beforeAll(async () => {
  t = await startTestServer();
  for (const r of sweep) {
    expect((await api(t, "POST", "/api/v1/runs", { project: "sweep", id: r.id, config: r.config })).status).toBe(201);
    expect((await api(t, "PATCH", `/api/v1/runs/${r.id}`, { summary: { loss: lossOf(r.config.lr) } })).status).toBe(200);
  }
  // Not used: a diverged run (loss "NaN") and one without a loss.
  await api(t, "POST", "/api/v1/runs", { project: "sweep", id: "sw-nan", config: { lr: 0.5, batch: 32, optimizer: "adam" } });
  await api(t, "PATCH", "/api/v1/runs/sw-nan", { summary: { loss: "NaN" } });
  await api(t, "POST", "/api/v1/runs", { project: "sweep", id: "sw-none", config: { lr: 0.7, extra: 1 } });
}, 120_000);
afterAll(async () => t?.close());

describe("importance", () => {
  it("ranks the one parameter the metric depends on first, with |correlation| 1, over every config key", async () => {
    const res = await importance({ runQuery: { project: "sweep" }, metric: "summary.loss" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { body } = res;
    expect(body).toMatchObject({ metric: "summary.loss", runs: N, truncated: false });
    expect(body.params.map((p: any) => p.param).sort()).toEqual(
      ["config.batch", "config.lr", "config.model.layers", "config.optimizer", "config.seed"]); // not config.extra: only on an unused run
    const [top] = body.params;
    expect(top).toMatchObject({ param: "config.lr", kind: "number", n: N });
    expect(top.correlation).toBeCloseTo(1, 10);
    expect(top.importance).toBeGreaterThan(0.8);
    expect(body.params.find((p: any) => p.param === "config.optimizer")).toMatchObject({ kind: "category", correlation: null, n: N });
    const imps = body.params.map((p: any) => p.importance);
    expect(imps).toEqual([...imps].sort((a, b) => b - a));
    expect(imps.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 10);
    for (const p of body.params) expect(p.importance).toBeGreaterThanOrEqual(0);
    // Seeded: the same request gives the same answer.
    expect((await importance({ runQuery: { project: "sweep" }, metric: "summary.loss" })).body).toEqual(body);
  });

  it("takes named parameters and a filtered run query", async () => {
    const adam = sweep.filter((r) => r.config.optimizer === "adam");
    const res = await importance({
      runQuery: { project: "sweep", filter: { "config.optimizer": "adam" } },
      metric: "summary.loss", params: ["config.batch", "config.lr", "state", "config.extra"],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.runs).toBe(adam.length);
    expect(res.body.params.map((p: any) => p.param)).toEqual(["config.lr", expect.any(String), expect.any(String), expect.any(String)]);
    // config.extra is only set on a run without a loss: no run has both.
    expect(res.body.params.find((p: any) => p.param === "config.extra")).toMatchObject({ n: 0, importance: 0, correlation: null });
    expect(res.body.params.find((p: any) => p.param === "state")).toMatchObject({ kind: "category", importance: 0, n: adam.length });
  });

  it("reports truncation at the run query's limit", async () => {
    const res = await importance({ runQuery: { project: "sweep", limit: 10 }, metric: "summary.loss", params: ["config.lr"] });
    expect(res.body).toMatchObject({ truncated: true, params: [{ param: "config.lr", kind: "number" }] });
    expect(res.body.runs).toBeLessThanOrEqual(10);
  });

  it("reads only projects the caller may read: another team's is a 404", async () => {
    const bob = await t.addUser("bob@example.com");
    const asBob = { url: t.url, apiKey: bob.apiKey };
    const denied = await importance({ runQuery: { project: "alice/sweep" }, metric: "summary.loss" }, asBob);
    expect(denied.status).toBe(404);
    expect(denied.body.error.code).toBe("not_found");
    expect(JSON.stringify(denied.body)).not.toContain("config.lr");
    await api(asBob, "POST", "/api/v1/runs", { project: "mine", id: "bob-1", config: { lr: 0.1 } });
    await api(asBob, "PATCH", "/api/v1/runs/bob-1", { summary: { loss: 1 } });
    const own = await importance({ runQuery: { project: "mine" }, metric: "summary.loss" }, asBob);
    expect(own.body).toEqual({ metric: "summary.loss", runs: 1, truncated: false,
      params: [{ param: "config.lr", correlation: null, importance: 0, n: 1, kind: "number" }] });
    expect((await importance({ runQuery: { project: "sweep" }, metric: "summary.loss" }, { url: t.url, apiKey: "nope" })).status).toBe(401);
  });

  it("answers 400 naming the field", async () => {
    const cases: Array<[unknown, string]> = [
      [{ metric: "summary.loss" }, "runQuery"],
      [{ runQuery: "sweep", metric: "summary.loss" }, "runQuery"],
      [{ runQuery: { project: "sweep" } }, "metric"],
      [{ runQuery: { project: "sweep" }, metric: "tags" }, "metric"],
      [{ runQuery: { project: "sweep" }, metric: "bogus.loss" }, "metric"],
      [{ runQuery: { project: "sweep" }, metric: "summary.loss", params: [] }, "params"],
      [{ runQuery: { project: "sweep" }, metric: "summary.loss", params: ["config.lr", "createdAt"] }, "params.1"],
      [{ runQuery: { project: "sweep" }, metric: "summary.loss", params: ["config."] }, "params.0"],
      [{ runQuery: { project: "sweep" }, metric: "summary.loss", params: Array.from({ length: 101 }, (_, i) => `config.p${i}`) }, "params"],
      [{ runQuery: { project: "sweep", limit: 5000 }, metric: "summary.loss" }, "runQuery.limit"],
      [{ runQuery: { project: "sweep", filter: { field: "name", op: "like", value: "x" } }, metric: "summary.loss" }, "runQuery.filter.op"],
      [{ runQuery: { project: "sweep", groupBy: "config.lr" }, metric: "summary.loss" }, "runQuery.groupBy"],
      [{ runQuery: { project: "sweep" }, metric: "summary.loss", trees: 5 }, ""],
    ];
    for (const [body, path] of cases) {
      const res = await importance(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
      if (path) expect(res.body.error.path, JSON.stringify(body)).toBe(path);
    }
  });
});
