/**
 * An in-memory stand-in for the Folio API (docs/api.md) with a fault injector, for the SDK's
 * and CLI's unit tests: it records every request, and can answer errors, stall, or drop the
 * connection (before or after applying a write, to test lost acknowledgements). It implements
 * just enough of the contract (idempotent resume, last-write-wins points, merged config and
 * summary) to check that the client's retries neither lose nor duplicate data.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the fake server saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
}

/** What to do to a request instead of (or after) serving it. */
export type Fault =
  | { status: number; code?: string; retryAfter?: number }
  | { drop: "before" | "after" }
  | { delayMs: number };

/** A stored run. */
export interface FakeRun {
  id: string;
  project: string;
  name: string;
  state: "running" | "finished" | "failed" | "crashed";
  exitCode: number | null;
  config: Record<string, unknown>;
  summary: Record<string, unknown>;
  fields: Record<string, unknown>;
  createdCount: number;
}

/** A running fake server. */
export interface FakeFolioServer {
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  runs: Map<string, FakeRun>;
  /** Points per run, keyed `${key}@${step}`. */
  points: Map<string, Map<string, { key: string; step: number; time: number; value: unknown }>>;
  /** Faults applied to the next matching requests, in order. */
  faults: { match?: (request: RecordedRequest) => boolean; fault: Fault }[];
  /** While true, every connection is dropped. */
  down: boolean;
  /** Number of points stored for `runId`. */
  pointCount(runId: string): number;
  close(): Promise<void>;
}

/** Starts a fake server on a free port. */
export async function startFakeFolioServer(options: { apiKey?: string } = {}): Promise<FakeFolioServer> {
  const apiKey = options.apiKey ?? "folio_test_key";
  const state: FakeFolioServer = {
    url: "",
    apiKey,
    requests: [],
    runs: new Map(),
    points: new Map(),
    faults: [],
    down: false,
    pointCount: (runId) => state.points.get(runId)?.size ?? 0,
    close: async () => {},
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "internal", message: String(error) } }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (state.down) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://x");
    let body: unknown;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        return send(res, 400, { error: { code: "invalid_json", message: "body is not JSON" } });
      }
    }
    const request: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      body,
      authorization: req.headers.authorization,
    };
    state.requests.push(request);

    const faultIndex = state.faults.findIndex((f) => !f.match || f.match(request));
    const fault = faultIndex >= 0 ? state.faults.splice(faultIndex, 1)[0]!.fault : null;
    if (fault && "delayMs" in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && "drop" in fault && fault.drop === "before") {
      req.socket.destroy();
      return;
    }
    if (fault && "status" in fault) {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
      return send(res, fault.status, { error: { code: fault.code ?? "injected", message: `injected ${fault.status}` } }, headers);
    }
    const [status, answer] = route(request);
    if (fault && "drop" in fault) {
      req.socket.destroy();
      return;
    }
    send(res, status, answer);
  }

  function route(r: RecordedRequest): [number, unknown] {
    if (r.path === "/healthz") return [200, { ok: true, db: "pglite" }];
    if (r.authorization !== `Bearer ${apiKey}`) return [401, { error: { code: "unauthorized", message: "bad key" } }];
    if (r.method === "GET" && r.path === "/api/v1/me") {
      return [200, { user: { id: "u1", email: "alice@example.com", name: "Alice" }, teams: [{ slug: "alice", name: "Alice", role: "owner" }] }];
    }
    const body = (r.body ?? {}) as Record<string, any>;
    if (r.method === "POST" && r.path === "/api/v1/runs") return createRun(body);
    if (r.method === "GET" && r.path === "/api/v1/runs") {
      const project = qualify(r.query.get("project") ?? "");
      return [200, { runs: [...state.runs.values()].filter((run) => run.project === project).map(view), nextCursor: null }];
    }
    const match = /^\/api\/v1\/runs\/([^/]+)(?:\/(history|finish|heartbeat))?$/.exec(r.path);
    const run = match ? state.runs.get(decodeURIComponent(match[1]!)) : undefined;
    if (!match || !run) return [404, { error: { code: "not_found", message: "no such run" } }];
    const action = `${r.method} ${match[2] ?? ""}`;
    switch (action) {
      case "GET ":
        return [200, view(run)];
      case "PATCH ":
        merge(run.config, body.config);
        merge(run.summary, body.summary);
        for (const key of ["name", "displayName", "tags", "notes", "group", "jobType"]) {
          if (key in body) key === "name" ? (run.name = body.name) : (run.fields[key] = body[key]);
        }
        return [200, view(run)];
      case "POST finish":
        run.exitCode = body.exitCode ?? 0;
        run.state = run.exitCode === 0 ? "finished" : "failed";
        return [200, view(run)];
      case "POST heartbeat":
        return [200, { ok: true }];
      case "POST history":
        return logHistory(run, body);
      case "GET history": {
        const points = [...(state.points.get(run.id)?.values() ?? [])].sort(
          (a, b) => a.key.localeCompare(b.key) || a.step - b.step,
        );
        return [200, { points, nextFromStep: null }];
      }
    }
    return [404, { error: { code: "not_found", message: "no route" } }];
  }

  function createRun(body: Record<string, any>): [number, unknown] {
    if (typeof body.project !== "string" || !body.project) {
      return [400, { error: { code: "invalid_input", message: "project: required", path: "project" } }];
    }
    const project = qualify(body.project);
    const id: string = body.id ?? `gen${state.runs.size}`;
    const existing = state.runs.get(id);
    if (existing && existing.project !== project) return [409, { error: { code: "conflict", message: "id used elsewhere" } }];
    if (existing) {
      existing.state = "running";
      existing.createdCount++;
      merge(existing.config, body.config);
      if (body.name) existing.name = body.name;
      return [200, { id, url: `${state.url}/${project}/runs/${id}`, resumed: true }];
    }
    state.runs.set(id, {
      id,
      project,
      name: body.name ?? `fake-run-${state.runs.size}`,
      state: "running",
      exitCode: null,
      config: { ...body.config },
      summary: {},
      fields: Object.fromEntries(Object.entries(body).filter(([k]) => !["project", "id", "name", "config"].includes(k))),
      createdCount: 1,
    });
    return [201, { id, url: `${state.url}/${project}/runs/${id}`, resumed: false }];
  }

  function logHistory(run: FakeRun, body: Record<string, any>): [number, unknown] {
    if (!Array.isArray(body.rows)) return [400, { error: { code: "invalid_input", message: "rows: required", path: "rows" } }];
    const store = state.points.get(run.id) ?? new Map();
    const staged: [string, { key: string; step: number; time: number; value: unknown }][] = [];
    for (const [i, row] of (body.rows as any[]).entries()) {
      if (!Number.isInteger(row.step) || row.step < 0) {
        return [400, { error: { code: "invalid_input", message: `rows.${i}.step: expected an integer ≥ 0`, path: `rows.${i}.step` } }];
      }
      for (const [key, value] of Object.entries(row.metrics ?? {})) {
        if (typeof value !== "number" && !["NaN", "Infinity", "-Infinity"].includes(value as string)) {
          const path = `rows.${i}.metrics.${key}`;
          return [400, { error: { code: "invalid_input", message: `${path}: expected a number`, path } }];
        }
        staged.push([`${key}@${row.step}`, { key, step: row.step, time: row.time ?? Date.now() / 1000, value }]);
      }
    }
    for (const [k, v] of staged) {
      store.set(k, v);
      run.summary[v.key] = v.value;
    }
    state.points.set(run.id, store);
    if (run.state === "crashed") run.state = "running";
    return [200, { accepted: staged.length }];
  }

  function view(run: FakeRun) {
    const steps = [...(state.points.get(run.id)?.values() ?? [])].map((p) => p.step);
    return {
      ...run.fields,
      id: run.id,
      project: run.project,
      name: run.name,
      state: run.state,
      exitCode: run.exitCode,
      config: run.config,
      summary: run.summary,
      lastStep: steps.length ? Math.max(...steps) : null,
      url: `${state.url}/${run.project}/runs/${run.id}`,
    };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

function qualify(project: string): string {
  return project.includes("/") ? project : `alice/${project}`;
}

function merge(target: Record<string, unknown>, patch: unknown): void {
  if (!patch || typeof patch !== "object") return;
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else target[key] = value;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
