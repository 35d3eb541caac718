/**
 * The live change feed: SSE scoped to readable projects, fed by PostgreSQL LISTEN/NOTIFY (so it
 * also works across server processes), and the heartbeat-timeout crash sweep.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestServer, type TestServer } from "../helpers/server";
import { startFolio } from "../../server/app";
import { LiveTails } from "../../server/metrics/LiveTails";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { FOLIO_HEARTBEAT_TIMEOUT_SECONDS: "1", FOLIO_CRASH_SWEEP_SECONDS: "0.2" } });
});
afterAll(async () => t?.close());

/** Opens an SSE stream and collects parsed `runs` events until closed. */
async function subscribe(url: string, apiKey: string) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` }, signal: controller.signal });
  const events: Array<{ event: string; data: any }> = [];
  const waiters: Array<() => void> = [];
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buf = "";
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          let i: number;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = [...block.matchAll(/^data: (.*)$/gm)].map((m) => m[1]);
            // A `tails` event names its metric on the first data line, its points on the second.
            if (event && data.length) events.push({ event, data: event === "tails" ? { key: JSON.parse(data[0]), ...JSON.parse(data[1]) } : JSON.parse(data[0]) });
            waiters.splice(0).forEach((w) => w());
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  const waitFor = async (pred: (e: { event: string; data: any }) => boolean, ms = 10_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = events.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 100);
      });
    }
  };
  return { status: res.status, events, waitFor, close: () => controller.abort() };
}

describe("change feed", () => {
  it("tells subscribers which runs advanced, for created, points and state changes", async () => {
    await api(t, "POST", "/api/v1/runs", { project: "live", id: "warmup" });
    const sub = await subscribe(`${t.url}/api/v1/events?project=live`, t.apiKey);
    expect(sub.status).toBe(200);
    await sub.waitFor((e) => e.event === "ready");
    await api(t, "POST", "/api/v1/runs", { project: "live", id: "live-1" });
    await sub.waitFor((e) => e.event === "runs" && e.data.kind === "created" && e.data.runs.includes("live-1"));
    await api(t, "POST", "/api/v1/runs/live-1/history", { rows: [{ step: 0, metrics: { loss: 1 } }] });
    await sub.waitFor((e) => e.data.kind === "points" && e.data.runs.includes("live-1"));
    await api(t, "POST", "/api/v1/runs/live-1/finish", { exitCode: 0 });
    const ev = await sub.waitFor((e) => e.data.kind === "state" && e.data.runs.includes("live-1"));
    expect(ev.data.project).toBe("alice/live");
    sub.close();
  });

  it("refuses to subscribe to a project the caller cannot read", async () => {
    const eve = await t.addUser("eve@example.com");
    const sub = await subscribe(`${t.url}/api/v1/events?project=alice/live`, eve.apiKey);
    expect(sub.status).toBe(404);
    const anon = await fetch(`${t.url}/api/v1/events?project=alice/live`);
    expect(anon.status).toBe(401);
  });

  it("pushes the new points of the metrics a subscriber names before each points message", async () => {
    await api(t, "POST", "/api/v1/runs", { project: "tails", id: "tail-0" }); // the project, to subscribe to
    const sub = await subscribe(`${t.url}/api/v1/events?project=tails&key=loss&key=acc`, t.apiKey);
    expect(sub.status).toBe(200);
    await sub.waitFor((e) => e.event === "ready");
    await api(t, "POST", "/api/v1/runs", { project: "tails", id: "tail-1" });
    await sub.waitFor((e) => e.event === "runs" && e.data.kind === "created" && e.data.runs.includes("tail-1"));
    const log = (step: number, metrics: Record<string, number>) => api(t, "POST", "/api/v1/runs/tail-1/history", { rows: [{ step, metrics }] });
    const pointsAfter = async (n: number) => {
      await sub.waitFor((e) => e.event === "runs" && e.data.kind === "points" && sub.events.filter((x) => x.event === "runs" && x.data.kind === "points").length >= n);
      // (Other messages may come between: the crash sweep marks the idle run crashed.)
      const i = sub.events.findLastIndex((e) => e.event === "runs" && e.data.kind === "points");
      // The `tails` events (one per metric) just before it.
      const tails = [];
      for (let j = i - 1; sub.events[j]?.event === "tails"; j--) tails.unshift(sub.events[j].data);
      if (!tails.length) return null;
      expect(tails.every((e) => e.project === "alice/tails" && e.series.every((s: { key: string }) => s.key === e.key))).toBe(true);
      return { series: tails.flatMap((e) => e.series) };
    };
    // The run's first message only notes where it is: nothing is pushed yet.
    await api(t, "POST", "/api/v1/runs/tail-1/history", { rows: [0, 1, 2, 3, 4, 5].map((step) => ({ step, metrics: { loss: step, acc: step, other: step } })) });
    expect(await pointsAfter(1)).toBeNull();
    // Then every new point of the named metrics, after the step last sent, just before the message.
    await api(t, "POST", "/api/v1/runs/tail-1/history", { rows: [{ step: 6, metrics: { loss: 6, acc: 0.5, other: 6 } }, { step: 7, metrics: { loss: 7, other: 7 } }] });
    const second = await pointsAfter(2);
    expect(second!.series).toEqual([
      { run: "tail-1", key: "loss", since: 5, step: [6, 7], y: [6, 7] },
      { run: "tail-1", key: "acc", since: 5, step: [6], y: [0.5] },
    ]);
    await log(8, { loss: 8, other: 8 });
    expect((await pointsAfter(3))!.series).toEqual([
      { run: "tail-1", key: "loss", since: 7, step: [8], y: [8] },
      { run: "tail-1", key: "acc", since: 6, step: [], y: [] },
    ]);
    sub.close();
    // Without `key`, no points are pushed.
    const plain = await subscribe(`${t.url}/api/v1/events?project=tails`, t.apiKey);
    await plain.waitFor((e) => e.event === "ready");
    await log(9, { loss: 9 });
    await plain.waitFor((e) => e.event === "runs" && e.data.kind === "points");
    await log(10, { loss: 10 });
    await plain.waitFor((e) => e.event === "runs" && e.data.kind === "points" && plain.events.filter((x) => x.event === "runs").length >= 2);
    expect(plain.events.some((e) => e.event === "tails")).toBe(false);
    plain.close();
  });

  it("follows at most so many runs per connection, forgetting the one that logged longest ago", async () => {
    const ids = ["cap-a", "cap-b", "cap-c"];
    for (const id of ids) await api(t, "POST", "/api/v1/runs", { project: "tails-cap", id });
    const log = (id: string, step: number) => api(t, "POST", `/api/v1/runs/${id}/history`, { rows: [{ step, metrics: { loss: step } }] });
    for (const id of ids) await log(id, 0);
    const { db, dbKind } = t.server.services;
    const tails = new LiveTails(db, t.user, ["loss"], dbKind, 2);
    const lines = async (runs: string[]) => (await tails.next(runs)).map((s) => `${s.run}:${s.since}>${s.step.join(",")}`);
    // First messages: a and b are followed (nothing sent yet), c is past the limit.
    expect(await lines(ids)).toEqual([]);
    for (const id of ids) await log(id, 1);
    // a and b get their new points; c is followed now, and a (first in the message: logged
    // longest ago) forgotten.
    expect(await lines(ids)).toEqual(["cap-a:0>1", "cap-b:0>1"]);
    for (const id of ids) await log(id, 2);
    expect(await lines(["cap-c", "cap-b"])).toEqual(["cap-c:1>2", "cap-b:1>2"]);
    // a logs again: a first message once more.
    expect(await lines(["cap-a"])).toEqual([]);
  });

  it("refuses more metric names than it pushes, naming the parameter", async () => {
    const keys = Array.from({ length: 51 }, (_, i) => `key=m${i}`).join("&");
    const res = await fetch(`${t.url}/api/v1/events?project=tails&${keys}`, { headers: { authorization: `Bearer ${t.apiKey}` } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { path?: string; message: string } };
    expect(body.error.path).toBe("key");
    expect(body.error.message).toMatch(/more than 50 metrics/);
  });

  it("does not leak other projects' changes into a subscription", async () => {
    const sub = await subscribe(`${t.url}/api/v1/events?project=live`, t.apiKey);
    await sub.waitFor((e) => e.event === "ready");
    await api(t, "POST", "/api/v1/runs", { project: "other-live", id: "elsewhere" });
    await api(t, "POST", "/api/v1/runs", { project: "live", id: "marker" });
    await sub.waitFor((e) => e.data.runs?.includes("marker"));
    expect(sub.events.some((e) => e.data.runs?.includes("elsewhere"))).toBe(false);
    sub.close();
  });

  it("marks runs without a heartbeat as crashed, and a later heartbeat revives them", async () => {
    await api(t, "POST", "/api/v1/runs", { project: "live", id: "silent" });
    const sub = await subscribe(`${t.url}/api/v1/events?project=live`, t.apiKey);
    await sub.waitFor((e) => e.data.kind === "state" && e.data.runs.includes("silent"));
    expect((await api(t, "GET", "/api/v1/runs/silent")).body.state).toBe("crashed");
    await api(t, "POST", "/api/v1/runs/silent/heartbeat");
    expect((await api(t, "GET", "/api/v1/runs/silent")).body.state).toBe("running");
    sub.close();
  });

  it.runIf(!!process.env.DATABASE_URL)("works across server processes sharing one PostgreSQL", async () => {
    const second = await startFolio({ ...t.config, port: 0 }, { remix: "none" });
    try {
      const sub = await subscribe(`${second.url.replace("localhost", "127.0.0.1")}/api/v1/events?project=live`, t.apiKey);
      await sub.waitFor((e) => e.event === "ready");
      await api(t, "POST", "/api/v1/runs", { project: "live", id: "cross-proc" });
      await sub.waitFor((e) => e.data.runs?.includes("cross-proc"));
      sub.close();
    } finally {
      await second.close();
    }
  });
});
