import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../db/client";
import { revokeApiKey, listApiKeys } from "../../server/services/apiKeys";
import { api, startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { FOLIO_MAX_BODY_BYTES: "200000" } });
});
afterAll(async () => t?.close());

const count = async (table: string) =>
  Number((await rows<{ n: number }>(t.server.services.db, sql.raw(`select count(*)::int as n from ${table}`)))[0].n);

describe("health", () => {
  it("answers 200 with the back end once migrated", async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: t.database.kind });
  });
});

describe("runs", () => {
  it("creates a run (201), resumes it with the same id (200), and creates missing projects", async () => {
    const created = await api(t, "POST", "/api/v1/runs", { project: "vision", id: "run-a1", config: { lr: 0.1, opt: "sgd" }, tags: ["x"] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: "run-a1", resumed: false });
    expect(created.body.url).toMatch(/\/alice\/vision\/runs\/run-a1$/);
    const resumed = await api(t, "POST", "/api/v1/runs", { project: "alice/vision", id: "run-a1", config: { lr: 0.2 } });
    expect(resumed.status).toBe(200);
    expect(resumed.body.resumed).toBe(true);
    const run = await api(t, "GET", "/api/v1/runs/run-a1");
    expect(run.body.config).toEqual({ lr: 0.2, opt: "sgd" });
    expect(run.body.project).toBe("alice/vision");
  });

  it("logs history idempotently: re-sent rows replace, never duplicate; NaN and ±Infinity round-trip", async () => {
    await api(t, "POST", "/api/v1/runs", { project: "vision", id: "run-h" });
    const body = { rows: [{ step: 0, metrics: { loss: 1.5, weird: "NaN" } }, { step: 1, metrics: { loss: "Infinity", neg: "-Infinity" } }] };
    expect((await api(t, "POST", "/api/v1/runs/run-h/history", body)).body).toEqual({ accepted: 4 });
    expect((await api(t, "POST", "/api/v1/runs/run-h/history", body)).status).toBe(200);
    await api(t, "POST", "/api/v1/runs/run-h/history", { rows: [{ step: 0, metrics: { loss: 1.25 } }] });
    const h = await api(t, "GET", "/api/v1/runs/run-h/history");
    expect(h.body.points).toEqual([
      { key: "loss", step: 0, time: expect.any(Number), value: 1.25 },
      { key: "weird", step: 0, time: expect.any(Number), value: "NaN" },
      { key: "loss", step: 1, time: expect.any(Number), value: "Infinity" },
      { key: "neg", step: 1, time: expect.any(Number), value: "-Infinity" },
    ]);
    const run = await api(t, "GET", "/api/v1/runs/run-h");
    expect(run.body.summary).toEqual({ loss: "Infinity", weird: "NaN", neg: "-Infinity" });
    expect(run.body.lastStep).toBe(1);
  });

  it("pages history without splitting a step", async () => {
    await api(t, "POST", "/api/v1/runs", { project: "vision", id: "run-p" });
    const rowsIn = Array.from({ length: 10 }, (_, step) => ({ step, metrics: { a: step, b: -step } }));
    await api(t, "POST", "/api/v1/runs/run-p/history", { rows: rowsIn });
    const seen: number[] = [];
    let from: number | null = 0;
    while (from !== null) {
      const page = await api(t, "GET", `/api/v1/runs/run-p/history?keys=a,b&limit=3&fromStep=${from}`);
      const steps = page.body.points.map((p: { step: number }) => p.step);
      // each step appears with both keys on the same page
      for (const s of new Set<number>(steps)) expect(steps.filter((x: number) => x === s)).toHaveLength(2);
      seen.push(...steps);
      from = page.body.nextFromStep;
    }
    expect(seen).toHaveLength(20);
  });

  it("patches, finishes, heartbeats", async () => {
    await api(t, "POST", "/api/v1/runs", { project: "vision", id: "run-f", config: { a: 1, b: 2 } });
    const p = await api(t, "PATCH", "/api/v1/runs/run-f", { config: { b: null, c: 3 }, summary: { best: 0.9 }, tags: ["t1"], notes: "n" });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ config: { a: 1, c: 3 }, summary: { best: 0.9 }, tags: ["t1"], notes: "n" });
    expect((await api(t, "POST", "/api/v1/runs/run-f/heartbeat")).body).toEqual({ ok: true });
    const f = await api(t, "POST", "/api/v1/runs/run-f/finish", { exitCode: 3 });
    expect(f.body).toMatchObject({ state: "failed", exitCode: 3 });
    const ok = await api(t, "POST", "/api/v1/runs/run-f/finish", { exitCode: 0 });
    expect(ok.body.state).toBe("finished");
  });

  it("lists runs of a project with paging", async () => {
    for (let i = 0; i < 3; i++) await api(t, "POST", "/api/v1/runs", { project: "listing", id: `l-${i}` });
    const first = await api(t, "GET", "/api/v1/runs?project=listing&limit=2");
    expect(first.body.runs.map((r: { id: string }) => r.id)).toEqual(["l-2", "l-1"]);
    const second = await api(t, "GET", `/api/v1/runs?project=listing&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.runs.map((r: { id: string }) => r.id)).toEqual(["l-0"]);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe("bad input gets its status and message, and writes nothing", () => {
  it("non-numeric metric → 400 naming the field; nothing from that request is stored", async () => {
    await api(t, "POST", "/api/v1/runs", { project: "bad", id: "bad-1" });
    const before = await count("metric_points");
    const res = await api(t, "POST", "/api/v1/runs/bad-1/history", {
      rows: [{ step: 0, metrics: { loss: 1 } }, { step: 1, metrics: { loss: 2 } }, { step: 2, metrics: { loss: "abc" } }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "invalid_input", path: "rows.2.metrics.loss" });
    expect(res.body.error.message).toContain("rows.2.metrics.loss");
    expect(await count("metric_points")).toBe(before);
  });

  it.each([
    [{ rows: [{ step: -1, metrics: {} }] }, "rows.0.step"],
    [{ rows: [{ step: 1.5, metrics: {} }] }, "rows.0.step"],
    [{ rows: [{ metrics: {} }] }, "rows.0.step"],
    [{ rows: "nope" }, "rows"],
    [{ rows: [{ step: 0, metrics: { x: null } }] }, "rows.0.metrics.x"],
    [{ rows: [{ step: 0, metrics: { x: true } }] }, "rows.0.metrics.x"],
  ])("history %j → 400 at %s", async (body, path) => {
    const res = await api(t, "POST", "/api/v1/runs/bad-1/history", body);
    expect(res.status).toBe(400);
    expect(res.body.error.path).toBe(path);
  });

  it("run fields are validated with the field named", async () => {
    expect((await api(t, "POST", "/api/v1/runs", { project: "bad", id: "has space" })).body.error.path).toBe("id");
    expect((await api(t, "POST", "/api/v1/runs", {})).body.error.path).toBe("project");
    expect((await api(t, "POST", "/api/v1/runs", { project: "a/b/c" })).body.error.path).toBe("project");
    expect((await api(t, "POST", "/api/v1/runs", { project: "bad", tags: "x" })).body.error.path).toBe("tags");
    expect((await api(t, "PATCH", "/api/v1/runs/bad-1", { state: "finished" })).status).toBe(400);
    expect((await api(t, "POST", "/api/v1/runs/bad-1/finish", { exitCode: "x" })).body.error.path).toBe("exitCode");
  });

  it("malformed JSON → 400 invalid_json", async () => {
    const res = await api(t, "POST", "/api/v1/runs", "{not json");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_json");
  });

  it("body over the limit → 413, nothing written", async () => {
    const before = await count("metric_points");
    const rowsIn = Array.from({ length: 12000 }, (_, step) => ({ step, metrics: { loss: step } }));
    const res = await api(t, "POST", "/api/v1/runs/bad-1/history", { rows: rowsIn });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
    expect(await count("metric_points")).toBe(before);
  });

  it("unknown run → 404", async () => {
    const res = await api(t, "POST", "/api/v1/runs/nope-nope/history", { rows: [] });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  it("missing, malformed and revoked keys → 401", async () => {
    expect((await fetch(`${t.url}/api/v1/runs?project=x`)).status).toBe(401);
    expect((await api({ url: t.url, apiKey: "folio_notakey" }, "GET", "/api/v1/runs?project=x")).status).toBe(401);
    const bob = await t.addUser("revoked@example.com");
    expect((await api({ url: t.url, apiKey: bob.apiKey }, "GET", "/api/v1/me")).status).toBe(200);
    const [key] = await listApiKeys(t.server.services.db, bob.user.id);
    await revokeApiKey(t.server.services.db, bob.user.id, key.id);
    const res = await api({ url: t.url, apiKey: bob.apiKey }, "GET", "/api/v1/me");
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("another team's project and runs are invisible (404) and cannot be written", async () => {
    await api(t, "POST", "/api/v1/runs", { project: "secret", id: "alice-secret" });
    const mallory = await t.addUser("mallory@example.com");
    const m = { url: t.url, apiKey: mallory.apiKey };
    expect((await api(m, "GET", "/api/v1/runs?project=alice/secret")).status).toBe(404);
    expect((await api(m, "GET", "/api/v1/runs/alice-secret")).status).toBe(404);
    expect((await api(m, "POST", "/api/v1/runs/alice-secret/history", { rows: [{ step: 0, metrics: { x: 1 } }] })).status).toBe(404);
    expect((await api(m, "POST", "/api/v1/runs", { project: "alice/secret" })).status).toBe(404);
    expect((await api(m, "POST", "/api/v1/runs/alice-secret/finish", {})).status).toBe(404);
    const run = await api(t, "GET", "/api/v1/runs/alice-secret");
    expect(run.body.state).toBe("running");
    expect(run.body.lastStep).toBeNull();
  });

  it("a run id used in another project → 409", async () => {
    const res = await api(t, "POST", "/api/v1/runs", { project: "other", id: "run-a1" });
    expect(res.status).toBe(409);
  });

  it("hostile keys and values are stored as data", async () => {
    const evil = { "'; drop table runs; --": 1, constructor: 2, "<img src=x onerror=alert(1)>": 3, __proto__: 4 };
    const rawBody = `{"rows":[{"step":0,"metrics":{"'; drop table runs; --":1,"constructor":2,"<img src=x onerror=alert(1)>":3,"__proto__":4}}]}`;
    await api(t, "POST", "/api/v1/runs", { project: "bad", id: "evil", name: "<script>alert(1)</script>", config: { "a'b": "'; drop table users; --" } });
    expect((await api(t, "POST", "/api/v1/runs/evil/history", rawBody)).body).toEqual({ accepted: 4 });
    const h = await api(t, "GET", "/api/v1/runs/evil/history");
    expect(h.body.points.map((p: { key: string }) => p.key).sort()).toEqual(Object.keys(JSON.parse(rawBody).rows[0].metrics).sort());
    void evil;
    expect((await api(t, "GET", "/api/v1/runs/evil")).body.config).toEqual({ "a'b": "'; drop table users; --" });
  });
});

describe("cookie-authenticated mutations need the CSRF token", () => {
  it("refuses a cross-origin POST and a POST without token", async () => {
    const res = await fetch(`${t.url}/api/v1/runs`, {
      method: "POST",
      headers: { origin: "http://evil.example", "content-type": "application/json", authorization: `Bearer ${t.apiKey}` },
      body: JSON.stringify({ project: "csrf" }),
    });
    expect(res.status).toBe(403);
  });
});
