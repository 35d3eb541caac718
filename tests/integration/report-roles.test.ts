/**
 * Report roles (issue 6): the permissions matrix (every caller × every action, each cell asserted),
 * then access changes while connected, the team default, invitations, ownership and share links.
 *
 * Cast: alice is the instance admin (first account) and in no team of the report; owner and editor
 * are in team "acme" (the report's team default is `edit`); commenter and viewer are invited from
 * outside the team; stranger belongs only to another team.
 */
import * as encoding from "lib0/encoding";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { memberships, reportSnapshots, reportUpdates } from "../../db/schema";
import { CloseCode, FRAGMENT_NAME, MessageType } from "../../editor/protocol";
import { createTeam } from "../../server/services/teams";
import { loadReportPage, loadSharedReport } from "../../app/data/reports.server";
import { PanelGrid } from "../../editor/panels/panelSpec";
import { runSetKey } from "../../app/lib/panels/run-set-query";
import { rawSocket, waitFor } from "../helpers/collabClient";
import { api, startTestServer, type TestServer } from "../helpers/server";

type Caller = "anonymous" | "share" | "viewer" | "commenter" | "editor" | "owner" | "stranger" | "admin";
const CALLERS: Caller[] = ["anonymous", "share", "viewer", "commenter", "editor", "owner", "stranger", "admin"];

let t: TestServer;
let reportId: string;
let shareToken: string;
let threadId: string;
const people = {} as Record<"owner" | "editor" | "commenter" | "viewer" | "stranger", { user: { id: string; name: string }; apiKey: string }>;

/** Request headers for a caller. */
function headersOf(caller: Caller): Record<string, string> {
  if (caller === "anonymous") return {};
  if (caller === "share") return { "x-folio-share": shareToken };
  const key = caller === "admin" ? t.apiKey : people[caller].apiKey;
  return { authorization: `Bearer ${key}` };
}

/** A request as `caller` (no Authorization for anonymous and share callers). */
async function as(caller: Caller, method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { ...headersOf(caller), ...(body !== undefined ? { "content-type": "application/json" } : {}), ...extra },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

const asOwner = () => ({ url: t.url, apiKey: people.owner.apiKey });

/** Stores the report's canonical copy with one panel grid reading `projects` (what compaction writes). */
async function setPanelProjects(id: string, projects: string[]) {
  const prosemirror = {
    type: "doc",
    content: [
      { type: "paragraph", content: [{ type: "text", text: "Results" }] },
      { type: "panel_grid", attrs: { runSets: JSON.stringify([{ id: "rs1", name: "Sweep", projects }]) }, content: [] },
    ],
  };
  const empty = Y.encodeStateAsUpdate(new Y.Doc());
  // Fold in every stored update first: a compaction still due (a room closing, an edit that may
  // add a mention) would otherwise rewrite the copy set here from the real document.
  await t.server.services.collab.compact(id);
  await t.server.services.db
    .insert(reportSnapshots)
    .values({ reportId: id, state: empty, uptoSeq: 0, prosemirror, markdown: "Results\n" })
    .onConflictDoUpdate({ target: reportSnapshots.reportId, set: { prosemirror } });
}

const updateFrame = (update: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
};

/** Path and headers of a caller's collab socket. */
function socketFor(caller: Caller, id = reportId) {
  if (caller === "share") return rawSocket(t.url, `${id}?share=${encodeURIComponent(shareToken)}`);
  return rawSocket(t.url, id, headersOf(caller));
}

/**
 * Tries to edit over the WebSocket: "write" if the server applied the update, "read" if it kept the
 * socket open but applied nothing, or the close code it refused the socket with.
 */
async function tryEdit(caller: Caller): Promise<"write" | "read" | number> {
  const s = socketFor(caller);
  // A refused socket is accepted and then closed with a code before any frame.
  let refused: number | null = null;
  void s.closed.then((c) => (refused = c.code));
  await waitFor(() => refused !== null || s.frames.length >= 2, "sync step 1 and saved, or a refusal");
  if (refused !== null) {
    expect(s.frames).toHaveLength(0);
    return refused;
  }
  const doc = new Y.Doc();
  let update: Uint8Array | null = null;
  doc.on("update", (u: Uint8Array) => (update = u));
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(`edit by ${caller}`)]);
  doc.getXmlFragment(FRAGMENT_NAME).push([p]);
  s.ws.send(updateFrame(update!));
  const seen = s.frames.length;
  s.ws.send(Uint8Array.from([MessageType.sync, 0, 1, 0]));
  await waitFor(() => s.frames.length > seen, "the answer after the update");
  const vector = await t.server.services.collab.read(reportId, (d) => Y.decodeStateVector(Y.encodeStateVector(d)));
  const applied = vector.has(doc.clientID);
  if (applied && caller !== "admin") {
    // Attribution: the stored update row names its author.
    const userId = people[caller as keyof typeof people].user.id;
    await waitFor(async () => (await t.server.services.db.select().from(reportUpdates).where(eq(reportUpdates.userId, userId))).length > 0, "an attributed update row");
  }
  s.ws.close();
  await s.closed;
  return applied ? "write" : "read";
}

beforeAll(async () => {
  t = await startTestServer();
  for (const name of ["owner", "editor", "commenter", "viewer", "stranger"] as const) people[name] = await t.addUser(`${name}@example.com`);
  const db = t.server.services.db;
  const acme = await createTeam(db, { ...people.owner.user, email: "owner@example.com", isAdmin: false }, { name: "Acme", slug: "acme" });
  await db.insert(memberships).values({ teamId: acme.id, userId: people.editor.user.id, role: "member" });
  await createTeam(db, { ...people.stranger.user, email: "stranger@example.com", isAdmin: false }, { name: "Elsewhere", slug: "elsewhere" });

  for (const [project, run] of [["acme/panels", "panel-run"], ["acme/other", "other-run"]]) {
    expect((await api(asOwner(), "POST", "/api/v1/runs", { project, id: run })).status).toBe(201);
    expect((await api(asOwner(), "POST", `/api/v1/runs/${run}/history`, { rows: [{ step: 0, metrics: { loss: 1 } }, { step: 1, metrics: { loss: 0.5 } }] })).status).toBe(200);
  }
  const created = await api(asOwner(), "POST", "/api/v1/reports", { project: "acme/panels", title: "Sweep results", markdown: "# Findings" });
  expect(created.status).toBe(201);
  reportId = created.body.id;
  for (const [who, role] of [["commenter", "commenter"], ["viewer", "viewer"]] as const) {
    const invited = await api(asOwner(), "POST", `/api/v1/reports/${reportId}/members`, { user: `${who}@example.com`, role });
    expect(invited.status).toBe(201);
    expect(invited.body).toEqual({ id: people[who].user.id, name: who, role });
  }
  const link = await api(asOwner(), "POST", `/api/v1/reports/${reportId}/share-links`, {});
  expect(link.status).toBe(201);
  expect(link.body.url).toBe(`/s/${link.body.token}`);
  shareToken = link.body.token;
  const thread = await api(asOwner(), "POST", `/api/v1/reports/${reportId}/threads`, { body: "Is the lr right?" });
  expect(thread.status).toBe(201);
  threadId = thread.body.id;
  await setPanelProjects(reportId, ["acme/panels"]);
});
afterAll(async () => t?.close());

/** Expected outcome per caller, in CALLERS order. */
const row = (...cells: unknown[]) => Object.fromEntries(CALLERS.map((c, i) => [c, cells[i]])) as Record<Caller, any>;

describe("permissions matrix", () => {
  it("read report (GET /api/v1/reports/:id)", async () => {
    const expected = row(401, 200, 200, 200, 200, 200, 404, 200);
    for (const caller of CALLERS) {
      const res = await as(caller, "GET", `/api/v1/reports/${reportId}`);
      expect([caller, res.status]).toEqual([caller, expected[caller]]);
      if (res.status === 200) {
        expect(res.body.title).toBe("Sweep results");
        expect(res.body.role).toBe({ share: "share", viewer: "viewer", commenter: "commenter", editor: "editor", owner: "owner", admin: "viewer" }[caller as string]);
      } else expect(res.body.error.code).toBe(res.status === 401 ? "unauthorized" : "not_found");
    }
  });

  it("comment (POST /threads)", async () => {
    const expected = row(401, 401, 403, 201, 201, 201, 404, 403);
    for (const caller of CALLERS) {
      const res = await as(caller, "POST", `/api/v1/reports/${reportId}/threads`, { body: `from ${caller}` });
      expect([caller, res.status]).toEqual([caller, expected[caller]]);
      if (res.status === 201) expect(res.body.comments[0].body).toBe(`from ${caller}`);
    }
    const { body } = await as("viewer", "GET", `/api/v1/reports/${reportId}/comments`);
    expect(body.threads.map((th: any) => th.comments[0].body).sort()).toEqual(["Is the lr right?", "from commenter", "from editor", "from owner"]);
  });

  it("resolve a thread", async () => {
    const expected = row(401, 401, 403, 200, 200, 200, 404, 403);
    for (const caller of CALLERS) {
      const res = await as(caller, "POST", `/api/v1/reports/${reportId}/threads/${threadId}/resolve`);
      expect([caller, res.status]).toEqual([caller, expected[caller]]);
      if (res.status === 200) expect(res.body.resolved.by.name).toBe(caller);
    }
  });

  it("mention search (GET /mentionable)", async () => {
    const expected = row(401, 401, 403, 200, 200, 200, 404, 403);
    for (const caller of CALLERS) {
      const res = await as(caller, "GET", `/api/v1/reports/${reportId}/mentionable?q=`);
      expect([caller, res.status]).toEqual([caller, expected[caller]]);
      // Only people who can open the report: never the stranger, nor the admin who only reads everything.
      if (res.status === 200) expect(res.body.users.map((u: any) => u.name).sort()).toEqual(["commenter", "editor", "owner", "viewer"]);
    }
  });

  it("query panel data (metrics of the runs of a project the report's panels query)", async () => {
    await setPanelProjects(reportId, ["acme/panels"]);
    const expected = row(401, 200, 200, 200, 200, 200, 404, 200);
    for (const caller of CALLERS) {
      // The report page names the report it renders for; a share link implies it.
      const extra: Record<string, string> = caller === "share" || caller === "anonymous" ? {} : { "x-folio-report": reportId };
      const res = await as(caller, "POST", "/api/v1/metrics/query", { runQuery: { project: "acme/panels" }, keys: ["loss"] }, extra);
      expect([caller, res.status]).toEqual([caller, expected[caller]]);
      if (res.status === 200) expect(res.body.series.map((s: any) => [s.run, s.y])).toEqual([["panel-run", [1, 0.5]]]);
      const runs = await as(caller, "POST", "/api/v1/runs/query", { project: "acme/panels" }, extra);
      expect([caller, runs.status]).toEqual([caller, expected[caller]]);
      if (runs.status === 200) expect(runs.body.runs.map((r: any) => r.id)).toEqual(["panel-run"]);
    }
  });

  it("query another project's runs (not in the report's panels)", async () => {
    await setPanelProjects(reportId, ["acme/panels"]);
    const expected = row(401, 404, 404, 404, 200, 200, 404, 200);
    for (const caller of CALLERS) {
      const extra: Record<string, string> = caller === "share" || caller === "anonymous" ? {} : { "x-folio-report": reportId };
      const res = await as(caller, "POST", "/api/v1/runs/query", { project: "acme/other" }, extra);
      expect([caller, res.status]).toEqual([caller, expected[caller]]);
      if (res.status === 200) expect(res.body.runs.map((r: any) => r.id)).toEqual(["other-run"]);
      const metrics = await as(caller, "POST", "/api/v1/metrics/query", { runs: ["other-run"], keys: ["loss"] }, extra);
      expect([caller, metrics.status]).toEqual([caller, expected[caller]]);
    }
  });

  it("grants nothing of another team's project a panel names (an editor cannot open a team's data through a report)", async () => {
    const stranger = { url: t.url, apiKey: people.stranger.apiKey };
    expect((await api(stranger, "POST", "/api/v1/runs", { project: "elsewhere/secret", id: "secret-run" })).status).toBe(201);
    await setPanelProjects(reportId, ["acme/panels", "elsewhere/secret"]);
    try {
      // Only the stranger (a member of that team) and the admin read it, as without the report.
      const expected = row(401, 404, 404, 404, 404, 404, 200, 200);
      for (const caller of CALLERS) {
        const extra: Record<string, string> = caller === "share" || caller === "anonymous" ? {} : { "x-folio-report": reportId };
        if (caller === "stranger") delete extra["x-folio-report"];
        const runs = await as(caller, "POST", "/api/v1/runs/query", { project: "elsewhere/secret" }, extra);
        expect([caller, runs.status]).toEqual([caller, expected[caller]]);
        const metrics = await as(caller, "POST", "/api/v1/metrics/query", { runs: ["secret-run"], keys: ["loss"] }, extra);
        expect([caller, metrics.status]).toEqual([caller, expected[caller]]);
      }
    } finally {
      await setPanelProjects(reportId, ["acme/panels"]);
    }
  });

  it("list reports (GET /api/v1/reports?project=)", async () => {
    const expected = row(401, 401, 404, 404, 200, 200, 404, 200);
    for (const caller of CALLERS) {
      const res = await as(caller, "GET", "/api/v1/reports?project=acme/panels");
      expect([caller, res.status]).toEqual([caller, expected[caller]]);
      if (res.status === 200) expect(res.body.reports.map((r: any) => r.id)).toEqual([reportId]);
    }
    // People invited from outside the team find it among the reports shared with them.
    for (const caller of ["viewer", "commenter"] as const) {
      const res = await as(caller, "GET", "/api/v1/reports");
      expect(res.body.reports.map((r: any) => [r.id, r.role])).toEqual([[reportId, caller]]);
    }
  });

  it("change access (PATCH /members/:userId)", async () => {
    const expected = row(401, 401, 403, 403, 403, 200, 404, 403);
    for (const caller of CALLERS) {
      const res = await as(caller, "PATCH", `/api/v1/reports/${reportId}/members/${people.viewer.user.id}`, { role: "viewer" });
      expect([caller, res.status]).toEqual([caller, expected[caller]]);
    }
    const settings = await as("owner", "GET", `/api/v1/reports/${reportId}/access`);
    expect(settings.body.members.map((m: any) => [m.name, m.role])).toEqual([["commenter", "commenter"], ["owner", "owner"], ["viewer", "viewer"]]);
    expect(settings.body.shareLinks).toHaveLength(1);
    // Those who do not manage access see who has it, without emails or share links; a share link sees nothing.
    const asViewer = await as("viewer", "GET", `/api/v1/reports/${reportId}/access`);
    expect(asViewer.body.members.every((m: any) => m.email === undefined)).toBe(true);
    expect(asViewer.body.shareLinks).toBeUndefined();
    expect((await as("share", "GET", `/api/v1/reports/${reportId}/access`)).status).toBe(401);
  });

  it("edit over the WebSocket", async () => {
    const expected = row(CloseCode.unauthorized, "read", "read", "read", "write", "write", CloseCode.notFound, "read");
    for (const caller of CALLERS) expect([caller, await tryEdit(caller)]).toEqual([caller, expected[caller]]);
  });
});

describe("access changes while connected", () => {
  const openSocket = async (caller: Caller) => {
    const s = socketFor(caller);
    await s.opened;
    await waitFor(() => s.frames.length >= 2, "synced");
    return s;
  };

  it("closes a removed person's socket with accessRevoked, a downgraded editor's with accessChanged", async () => {
    const { body } = await api(asOwner(), "POST", `/api/v1/reports/${reportId}/members`, { user: "editor", role: "editor" });
    expect(body.role).toBe("editor");
    const viewer = await openSocket("viewer");
    const editor = await openSocket("editor");
    const started = Date.now();
    expect((await api(asOwner(), "DELETE", `/api/v1/reports/${reportId}/members/${people.viewer.user.id}`)).status).toBe(204);
    expect((await viewer.closed).code).toBe(CloseCode.accessRevoked);
    expect((await api(asOwner(), "PATCH", `/api/v1/reports/${reportId}/members/${people.editor.user.id}`, { role: "viewer" })).status).toBe(200);
    expect((await editor.closed).code).toBe(CloseCode.accessChanged);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await as("viewer", "GET", `/api/v1/reports/${reportId}`)).status).toBe(404);
    // Reconnecting, the downgraded editor only reads.
    expect(await tryEdit("editor")).toBe("read");
    // Removing the grant puts a team member back on the team default (edit).
    expect((await api(asOwner(), "DELETE", `/api/v1/reports/${reportId}/members/${people.editor.user.id}`)).status).toBe(204);
    expect(await tryEdit("editor")).toBe("write");
    await api(asOwner(), "POST", `/api/v1/reports/${reportId}/members`, { user: "viewer@example.com", role: "viewer" });
  });

  it("closes share-link sockets when the link is revoked, and the link then opens nothing", async () => {
    const link = await api(asOwner(), "POST", `/api/v1/reports/${reportId}/share-links`, { anonymous: true });
    const s = rawSocket(t.url, `${reportId}?share=${link.body.token}`);
    await s.opened;
    expect((await api(asOwner(), "DELETE", `/api/v1/reports/${reportId}/share-links/${link.body.id}`)).status).toBe(204);
    expect((await s.closed).code).toBe(CloseCode.accessRevoked);
    const res = await fetch(`${t.url}/api/v1/reports/${reportId}`, { headers: { "x-folio-share": link.body.token } });
    expect(res.status).toBe(404);
    const again = rawSocket(t.url, `${reportId}?share=${link.body.token}`);
    expect((await again.closed).code).toBe(CloseCode.notFound);
  });

  it("closes a team member's socket when they leave the team and the report relied on the team default", async () => {
    const db = t.server.services.db;
    const { body } = await api(asOwner(), "POST", "/api/v1/reports", { project: "acme/panels", title: "Team only" });
    const s = socketFor("editor", body.id);
    await s.opened;
    const { removeMember } = await import("../../server/services/teams");
    const [acme] = await db.execute(sql`select id from teams where slug = 'acme'`).then((r: any) => (Array.isArray(r) ? r : r.rows));
    await removeMember(db, { ...people.owner.user, email: "owner@example.com", isAdmin: false }, { id: acme.id, slug: "acme", name: "Acme", personal: false, role: "admin" }, people.editor.user.id);
    expect((await s.closed).code).toBe(CloseCode.accessRevoked);
    await db.insert(memberships).values({ teamId: acme.id, userId: people.editor.user.id, role: "member" });
  });
});

describe("report pages", () => {
  it("arrive with their panels' run sets answered for their reader, as the API would, never beyond the report's scope", async () => {
    const stranger = { url: t.url, apiKey: people.stranger.apiKey };
    if ((await api(stranger, "GET", "/api/v1/runs/secret-run")).status === 404) {
      expect((await api(stranger, "POST", "/api/v1/runs", { project: "elsewhere/secret", id: "secret-run" })).status).toBe(201);
    }
    const grid = PanelGrid.parse({
      runSets: [{ id: "ours", name: "Ours", projects: ["acme/panels"] }, { id: "theirs", name: "Theirs", projects: ["elsewhere/secret"] }],
      panels: [
        { id: "a", type: "line", runSet: "ours", layout: { x: 0, y: 0, w: 6, h: 6 }, config: { metrics: ["loss"] } },
        { id: "b", type: "line", runSet: "theirs", layout: { x: 6, y: 0, w: 6, h: 6 }, config: { metrics: ["loss"] } },
      ],
    });
    const markdown = `\`\`\`folio-panels\n${JSON.stringify({ id: "g1", ...grid })}\n\`\`\`\n`;
    const made = await api(asOwner(), "POST", "/api/v1/reports", { project: "acme/panels", title: "Pages", markdown });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    const invited = await api(asOwner(), "POST", `/api/v1/reports/${id}/members`, { user: "viewer@example.com", role: "viewer" });
    expect(invited.status).toBe(201);
    const link = await api(asOwner(), "POST", `/api/v1/reports/${id}/share-links`, {});
    const [ours, theirs] = grid.runSets.map(runSetKey);
    const services = t.server.services;
    const ids = (runSets: Record<string, unknown>, key: string) => (runSets[key] as { runs: Array<{ id: string }> } | undefined)?.runs.map((r) => r.id);

    // The invited viewer (not in the team) and a share guest: the report's own panel project only.
    const viewer = await loadReportPage(services, { ...people.viewer.user, email: "viewer@example.com", isAdmin: false }, id, t.url);
    expect(ids(viewer.runSets, ours)).toEqual(["panel-run"]);
    // Another team's project: not answered (the API says 404; the panel asks and shows it).
    expect(viewer.runSets).not.toHaveProperty(theirs);
    const shared = await loadSharedReport(services, link.body.token, t.url);
    expect(ids(shared.runSets, ours)).toEqual(["panel-run"]);
    expect(shared.runSets).not.toHaveProperty(theirs);
    expect(JSON.stringify([viewer, shared])).not.toContain("secret-run");
    // The same as the API answers them through the report (once its stored copy holds the grid:
    // the loader reads the document itself, as the API reads a loaded room).
    await services.collab.compact(id);
    const api200 = await as("share", "POST", "/api/v1/runs/query", { project: "acme/panels" }, { "x-folio-share": link.body.token });
    expect(api200.status, JSON.stringify(api200.body)).toBe(200);
    expect(api200.body.runs.map((r: { id: string }) => r.id)).toEqual(ids(shared.runSets, ours));
    // Not asked for (an action loading the page): nothing resolved.
    expect((await loadReportPage(services, { ...people.owner.user, email: "owner@example.com", isAdmin: false }, id, null)).runSets).toEqual({});
  });
});

describe("sharing", () => {
  it("a share link reads its report only: no other report, no member list, no writes", async () => {
    const other = await api(asOwner(), "POST", "/api/v1/reports", { project: "acme/panels", title: "Other" });
    const share = { "x-folio-share": shareToken };
    expect((await fetch(`${t.url}/api/v1/reports/${other.body.id}`, { headers: share })).status).toBe(404);
    expect((await fetch(`${t.url}/api/v1/reports/${other.body.id}/comments`, { headers: share })).status).toBe(404);
    expect((await fetch(`${t.url}/api/v1/reports/${reportId}/mentionable`, { headers: share })).status).toBe(401);
    expect((await fetch(`${t.url}/api/v1/runs/panel-run`, { headers: share })).status).toBe(401);
    expect((await fetch(`${t.url}/api/v1/reports/${reportId}`, { method: "PUT", headers: { ...share, "content-type": "application/json" }, body: JSON.stringify({ markdown: "x" }) })).status).toBe(401);
    const ws = rawSocket(t.url, `${other.body.id}?share=${shareToken}`);
    expect((await ws.closed).code).toBe(CloseCode.notFound);
    expect((await fetch(`${t.url}/api/v1/reports/${reportId}`, { headers: { "x-folio-share": "not-a-real-token-at-all-0123456789" } })).status).toBe(404);
  });

  it("follows the live run feed of the report's panel projects only", async () => {
    await setPanelProjects(reportId, ["acme/panels"]);
    const open = async (query: string, headers: Record<string, string> = {}) => {
      const controller = new AbortController();
      const res = await fetch(`${t.url}/api/v1/events?${query}`, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
      const first = res.status === 200 ? new TextDecoder().decode((await res.body!.getReader().read()).value) : await res.text();
      controller.abort();
      return { status: res.status, first };
    };
    const share = encodeURIComponent(shareToken);
    const ok = await open(`project=acme/panels&share=${share}`);
    expect(ok.status).toBe(200);
    expect(ok.first).toContain('"project":"acme/panels"');
    expect((await open(`project=acme/other&share=${share}`)).status).toBe(404);
    expect((await open("project=acme/panels", { "x-folio-share": shareToken })).status).toBe(200);
    // An outside viewer follows it through the report, not on their own.
    const viewer = { authorization: `Bearer ${people.viewer.apiKey}` };
    expect((await open("project=acme/panels", viewer)).status).toBe(404);
    expect((await open(`project=acme/panels&report=${reportId}`, viewer)).status).toBe(200);
    expect((await open(`project=acme/other&report=${reportId}`, viewer)).status).toBe(404);
    expect((await open(`project=acme/panels&report=${reportId}`, { authorization: `Bearer ${people.stranger.apiKey}` })).status).toBe(404);
    // GET /runs reads through the link like POST /runs/query.
    const runs = await fetch(`${t.url}/api/v1/runs?project=acme/panels`, { headers: { "x-folio-share": shareToken } });
    expect((await runs.json()).runs.map((r: any) => r.id)).toEqual(["panel-run"]);
  });

  it("stores only the token's hash", async () => {
    const rows: any = await t.server.services.db.execute(sql`select token_hash from report_share_links`);
    const hashes = (Array.isArray(rows) ? rows : rows.rows).map((r: any) => r.token_hash);
    expect(hashes).not.toContain(shareToken);
    expect(hashes.length).toBeGreaterThan(0);
  });

  it("an anonymous link hides authors, commenters and mentions", async () => {
    const link = await api(asOwner(), "POST", `/api/v1/reports/${reportId}/share-links`, { anonymous: true });
    await api(asOwner(), "POST", `/api/v1/reports/${reportId}/threads`, { body: `ping @[editor](user:${people.editor.user.id})` });
    const res = await fetch(`${t.url}/api/v1/reports/${reportId}/comments`, { headers: { "x-folio-share": link.body.token } });
    const { threads } = await res.json();
    expect(threads.length).toBeGreaterThan(1);
    for (const th of threads) {
      expect(th.createdBy).toBeNull();
      for (const c of th.comments) expect(c.author).toBeNull();
    }
    const text = JSON.stringify(threads);
    for (const p of Object.values(people)) expect(text).not.toContain(p.user.id);
    expect(threads.at(-1).comments[0].body).toBe("ping @someone");
    const named = await (await fetch(`${t.url}/api/v1/reports/${reportId}/comments`, { headers: { "x-folio-share": shareToken } })).json();
    expect(named.threads.at(-1).comments[0].author.name).toBe("owner");
  });

  it("team default none hides the report from the team; view makes it read-only", async () => {
    const { body } = await api(asOwner(), "POST", "/api/v1/reports", { project: "acme/panels", title: "Private draft" });
    expect((await as("editor", "GET", `/api/v1/reports/${body.id}`)).body.role).toBe("editor");
    expect((await as("editor", "PATCH", `/api/v1/reports/${body.id}/access`, { teamRole: "none" })).status).toBe(403);
    const set = await api(asOwner(), "PATCH", `/api/v1/reports/${body.id}/access`, { teamRole: "none" });
    expect(set.body.teamRole).toBe("none");
    expect((await as("editor", "GET", `/api/v1/reports/${body.id}`)).status).toBe(404);
    expect((await as("editor", "GET", "/api/v1/reports?project=acme/panels")).body.reports.map((r: any) => r.id)).not.toContain(body.id);
    await api(asOwner(), "PATCH", `/api/v1/reports/${body.id}/access`, { teamRole: "view" });
    expect((await as("editor", "GET", `/api/v1/reports/${body.id}`)).body.role).toBe("viewer");
    expect((await as("editor", "PUT", `/api/v1/reports/${body.id}`, { markdown: "nope" })).status).toBe(403);
    expect((await api(asOwner(), "PATCH", `/api/v1/reports/${body.id}/access`, { teamRole: "everyone" })).status).toBe(400);
  });

  it("invites by exact email or by the name of someone you can see, never a stranger by name", async () => {
    const { body } = await api(asOwner(), "POST", "/api/v1/reports", { project: "acme/panels", title: "Invites" });
    const byName = await api(asOwner(), "POST", `/api/v1/reports/${body.id}/members`, { user: "editor", role: "commenter" });
    expect(byName.body).toEqual({ id: people.editor.user.id, name: "editor", role: "commenter" });
    const stranger = await api(asOwner(), "POST", `/api/v1/reports/${body.id}/members`, { user: "stranger", role: "viewer" });
    const missing = await api(asOwner(), "POST", `/api/v1/reports/${body.id}/members`, { user: "nobody", role: "viewer" });
    expect([stranger.status, missing.status]).toEqual([404, 404]);
    expect(stranger.body.error.message.replace("stranger", "X")).toBe(missing.body.error.message.replace("nobody", "X"));
    expect((await api(asOwner(), "POST", `/api/v1/reports/${body.id}/members`, { user: "stranger@example.com", role: "viewer" })).status).toBe(201);
    expect((await api(asOwner(), "POST", `/api/v1/reports/${body.id}/members`, { user: "stranger@example.com", role: "owner" })).status).toBe(400);
    expect((await as("stranger", "GET", `/api/v1/reports/${body.id}`)).body.role).toBe("viewer");
    // Leaving a report is always allowed.
    expect((await as("stranger", "DELETE", `/api/v1/reports/${body.id}/members/${people.stranger.user.id}`)).status).toBe(204);
    expect((await as("stranger", "GET", `/api/v1/reports/${body.id}`)).status).toBe(404);
  });

  it("transfers ownership to someone with access; the old owner becomes an editor", async () => {
    const { body } = await api(asOwner(), "POST", "/api/v1/reports", { project: "acme/panels", title: "Handover" });
    expect((await api(asOwner(), "POST", `/api/v1/reports/${body.id}/transfer`, { userId: people.stranger.user.id })).status).toBe(404);
    expect((await api(asOwner(), "POST", `/api/v1/reports/${body.id}/transfer`, { userId: people.editor.user.id })).status).toBe(200);
    expect((await as("editor", "GET", `/api/v1/reports/${body.id}`)).body.role).toBe("owner");
    expect((await as("owner", "GET", `/api/v1/reports/${body.id}`)).body.role).toBe("editor");
    expect((await as("owner", "POST", `/api/v1/reports/${body.id}/share-links`, {})).status).toBe(403);
  });

  it("reads a report created without Markdown (no 500)", async () => {
    const { body } = await api(asOwner(), "POST", "/api/v1/reports", { project: "acme/panels", title: "Blank" });
    const res = await api(asOwner(), "GET", `/api/v1/reports/${body.id}`);
    expect(res.status).toBe(200);
    expect(res.body.content).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
    const md = await fetch(`${t.url}/api/v1/reports/${body.id}?format=md`, { headers: { authorization: `Bearer ${people.owner.apiKey}` } });
    expect(md.status).toBe(200);
  });
});
