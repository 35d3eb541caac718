import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FolioClient } from "./client";
import { FolioApiError, FolioNetworkError, isRetryable } from "./errors";
import { startFakeFolioServer, type FakeFolioServer } from "./testing/startFakeFolioServer";

describe("FolioClient", () => {
  let server: FakeFolioServer;
  let client: FolioClient;
  beforeEach(async () => {
    server = await startFakeFolioServer();
    client = new FolioClient({ url: server.url + "/", apiKey: server.apiKey });
  });
  afterEach(() => server.close());

  it("calls the documented endpoints with the bearer key", async () => {
    const created = await client.createRun({ project: "mnist", id: "abc12345", config: { lr: 0.1 } });
    expect(created).toEqual({ id: "abc12345", url: `${server.url}/alice/mnist/runs/abc12345`, resumed: false });
    expect(await client.logHistory("abc12345", [{ step: 0, metrics: { loss: 1, acc: "NaN" } }])).toEqual({ accepted: 2 });
    await client.updateRun("abc12345", { summary: { best: 1 } });
    await client.heartbeat("abc12345");
    const finished = await client.finishRun("abc12345", 3);
    expect(finished.state).toBe("failed");
    expect((await client.listRuns({ project: "mnist" })).runs.map((r) => r.id)).toEqual(["abc12345"]);
    expect((await client.getHistory("abc12345", { keys: ["loss"] })).points.length).toBe(2);
    expect((await client.me()).user.email).toBe("alice@example.com");
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/v1/runs",
      "POST /api/v1/runs/abc12345/history",
      "PATCH /api/v1/runs/abc12345",
      "POST /api/v1/runs/abc12345/heartbeat",
      "POST /api/v1/runs/abc12345/finish",
      "GET /api/v1/runs",
      "GET /api/v1/runs/abc12345/history",
      "GET /api/v1/me",
    ]);
    expect(server.requests.every((r) => r.authorization === `Bearer ${server.apiKey}`)).toBe(true);
    expect(server.requests[6]!.query.get("keys")).toBe("loss");
  });

  it("maps JSON error bodies to FolioApiError, final or retryable", async () => {
    const bad = new FolioClient({ url: server.url, apiKey: "wrong" });
    const unauthorized = await bad.me().catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(FolioApiError);
    expect(unauthorized).toMatchObject({ status: 401, code: "unauthorized", message: "bad key", retryable: false });

    await client.createRun({ project: "p", id: "r1" });
    const invalid = await client.logHistory("r1", [{ step: 0, metrics: { loss: "x" as never } }]).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ status: 400, code: "invalid_input", path: "rows.0.metrics.loss" });
    expect(isRetryable(invalid)).toBe(false);

    for (const status of [408, 429, 500, 502, 503]) {
      server.faults.push({ fault: { status, retryAfter: 2 } });
      const error = await client.heartbeat("r1").catch((e: unknown) => e);
      expect(error).toMatchObject({ status, retryable: true, retryAfterMs: 2000 });
      expect(isRetryable(error)).toBe(true);
    }
    expect(await client.getRun("nope").catch((e: unknown) => e)).toMatchObject({ status: 404, code: "not_found", retryable: false });
  });

  it("maps dropped connections and refused connections to retryable network errors", async () => {
    server.faults.push({ fault: { drop: "before" } });
    const dropped = await client.me().catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(FolioNetworkError);
    expect(isRetryable(dropped)).toBe(true);

    const url = server.url;
    await server.close();
    const refused = await new FolioClient({ url, apiKey: "k" }).me().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FolioNetworkError);
    expect((refused as Error).message).toMatch(/could not reach .*ECONNREFUSED/);
  });

  it("times out slow answers as retryable network errors", async () => {
    server.faults.push({ fault: { delayMs: 300 } });
    const error = await new FolioClient({ url: server.url, apiKey: server.apiKey, timeoutMs: 50 }).me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FolioNetworkError);
    expect(error).toMatchObject({ timedOut: true, retryable: true });
  });

  it("passes the caller's abort through instead of calling it a network error", async () => {
    server.faults.push({ fault: { delayMs: 300 } });
    const controller = new AbortController();
    const pending = client.me({ signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error("stop")), 20);
    expect(await pending).toMatchObject({ message: "stop" });
  });
});

describe("FolioClient against non-JSON answers", () => {
  let raw: Server;
  let url: string;
  beforeEach(async () => {
    raw = createServer((req, res) => {
      if (req.url === "/api/v1/me") {
        res.writeHead(502, { "content-type": "text/html" });
        res.end("<html>Bad gateway</html>");
      } else {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html>login</html>");
      }
    });
    await new Promise<void>((r) => raw.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise<void>((r) => raw.close(() => r())));

  it("reports a proxy's HTML error as a retryable http_502", async () => {
    const error = await new FolioClient({ url, apiKey: "k" }).me().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: "http_502", retryable: true });
    expect((error as Error).message).toContain("Bad gateway");
  });

  it("reports a 200 that is not JSON as a final invalid_response", async () => {
    const error = await new FolioClient({ url, apiKey: "k" }).getRun("x").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 200, code: "invalid_response", retryable: false });
  });
});
