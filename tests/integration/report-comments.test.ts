/**
 * Comments, mentions, notifications and mention email (issue 6), against a real server with a
 * local SMTP sink (smtp-server) as FOLIO_SMTP_URL, and the per-report event stream read as a
 * browser's EventSource would.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { memberships } from "../../db/schema";
import { FRAGMENT_NAME } from "../../editor/protocol";
import { createTeam } from "../../server/services/teams";
import { waitFor } from "../helpers/collabClient";
import { api, startTestServer, type TestServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtpSink";

type Person = "ann" | "ben" | "cid" | "val" | "zed";
let t: TestServer;
let smtp: SmtpSink;
let reportId: string;
const people = {} as Record<Person, { user: { id: string; name: string }; apiKey: string }>;
const as = (who: Person) => ({ url: t.url, apiKey: people[who].apiKey });
const mention = (who: Person) => `@[${who}](user:${people[who].user.id})`;

/** The text of a raw message: quoted-printable body and encoded-word headers decoded. */
function decodeMail(raw: string): string {
  const hex = (s: string) => s.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_m, q: string) => hex(q.replace(/_/g, " ")));
  return `${head}\r\n\r\n${hex(raw.slice(split + 4).replace(/=\r?\n/g, ""))}`;
}

/** Reads a Server-Sent Events stream, collecting `{ event, data }` messages. */
function openEvents(path: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const events: { event: string; data: any }[] = [];
  let status = 0;
  const done = (async () => {
    const res = await fetch(`${t.url}${path}`, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
    status = res.status;
    if (!res.body) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) return;
      buffer += decoder.decode(value, { stream: true });
      let i;
      while ((i = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event) events.push({ event, data: data ? JSON.parse(data) : null });
      }
    }
  })().catch((error) => {
    if ((error as Error).name !== "AbortError") throw error;
  });
  return { events, status: () => status, close: () => controller.abort(), done };
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await startTestServer({ env: { FOLIO_SMTP_URL: smtp.url, FOLIO_MAIL_FROM: "Folio <folio@example.test>" } });
  for (const name of ["ann", "ben", "cid", "val", "zed"] as const) people[name] = await t.addUser(`${name}@example.com`);
  const db = t.server.services.db;
  const lab = await createTeam(db, { ...people.ann.user, email: "ann@example.com", isAdmin: false }, { name: "Lab", slug: "lab" });
  await db.insert(memberships).values({ teamId: lab.id, userId: people.ben.user.id, role: "member" });
  const created = await api(as("ann"), "POST", "/api/v1/reports", { project: "lab/vision", title: "Ablations", markdown: "The learning rate was too high." });
  reportId = created.body.id;
  await api(as("ann"), "POST", `/api/v1/reports/${reportId}/members`, { user: "cid@example.com", role: "commenter" });
  await api(as("ann"), "POST", `/api/v1/reports/${reportId}/members`, { user: "val@example.com", role: "viewer" });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe("comment threads", () => {
  it("anchors a thread with Yjs relative positions that still point at the quoted text after edits", async () => {
    // The client's copy of the document, as the editor would hold it.
    const doc = new Y.Doc();
    await t.server.services.collab.read(reportId, (d) => Y.applyUpdate(doc, Y.encodeStateAsUpdate(d)));
    const text = (doc.getXmlFragment(FRAGMENT_NAME).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    expect(text.toString()).toBe("The learning rate was too high.");
    const from = "The ".length;
    const to = from + "learning rate".length;
    const b64 = (rp: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(rp)).toString("base64");
    const anchor = { start: b64(Y.createRelativePositionFromTypeIndex(text, from)), end: b64(Y.createRelativePositionFromTypeIndex(text, to)), quote: "learning rate" };
    const created = await api(as("cid"), "POST", `/api/v1/reports/${reportId}/threads`, { anchor, body: "Which schedule?" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ anchor, createdBy: { id: people.cid.user.id, name: "cid" }, resolved: null, comments: [{ body: "Which schedule?", author: { name: "cid" }, editedAt: null, deleted: false }] });

    // Someone types before the anchored text; the stored positions still select it.
    text.insert(0, "Note: ");
    const { body } = await api(as("val"), "GET", `/api/v1/reports/${reportId}/comments`);
    const stored = body.threads.find((th: any) => th.id === created.body.id).anchor;
    const abs = (s: string) => Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(s, "base64")), doc)!.index;
    expect(text.toString().slice(abs(stored.start), abs(stored.end))).toBe("learning rate");
  });

  it("refuses anchors that are not encoded relative positions, naming the field", async () => {
    const bad = await api(as("cid"), "POST", `/api/v1/reports/${reportId}/threads`, { anchor: { start: "%%%", end: "AA==", quote: "" }, body: "x" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid_input", path: "anchor.start" });
    const notRel = await api(as("cid"), "POST", `/api/v1/reports/${reportId}/threads`, { anchor: { start: "AQ==", end: "AQ==", quote: "" }, body: "x" });
    expect(notRel.status).toBe(400);
    expect((await api(as("cid"), "POST", `/api/v1/reports/${reportId}/threads`, { body: " " })).body.error.path).toBe("body");
  });

  it("replies, edits and deletes one's own comments only; resolves and reopens; report-level threads", async () => {
    const thread = (await api(as("ben"), "POST", `/api/v1/reports/${reportId}/threads`, { body: "Overall: nice." })).body;
    expect(thread.anchor).toBeNull();
    const replied = await api(as("cid"), "POST", `/api/v1/reports/${reportId}/threads/${thread.id}/comments`, { body: "Agreed" });
    expect(replied.status).toBe(201);
    expect((await api(as("ben"), "PATCH", `/api/v1/reports/${reportId}/comments/${replied.body.id}`, { body: "hijack" })).status).toBe(403);
    expect((await api(as("ben"), "DELETE", `/api/v1/reports/${reportId}/comments/${replied.body.id}`)).status).toBe(403);
    const edited = await api(as("cid"), "PATCH", `/api/v1/reports/${reportId}/comments/${replied.body.id}`, { body: "Agreed, mostly" });
    expect(edited.body).toMatchObject({ body: "Agreed, mostly", editedAt: expect.any(String) });
    expect((await api(as("cid"), "DELETE", `/api/v1/reports/${reportId}/comments/${replied.body.id}`)).status).toBe(204);
    expect((await api(as("cid"), "PATCH", `/api/v1/reports/${reportId}/comments/${replied.body.id}`, { body: "again" })).status).toBe(404);
    const resolved = await api(as("cid"), "POST", `/api/v1/reports/${reportId}/threads/${thread.id}/resolve`);
    expect(resolved.body.resolved).toMatchObject({ by: { name: "cid" } });
    expect(resolved.body.comments.map((c: any) => [c.body, c.deleted])).toEqual([["Overall: nice.", false], ["", true]]);
    const reopened = await api(as("ben"), "POST", `/api/v1/reports/${reportId}/threads/${thread.id}/reopen`);
    expect(reopened.body.resolved).toBeNull();
    expect((await api(as("val"), "POST", `/api/v1/reports/${reportId}/threads/${thread.id}/comments`, { body: "viewer" })).status).toBe(403);
    expect((await api(as("zed"), "GET", `/api/v1/reports/${reportId}/comments`)).status).toBe(404);
    expect((await api(as("ann"), "POST", `/api/v1/reports/${reportId}/threads/nosuchthread/comments`, { body: "x" })).status).toBe(404);
  });

  it("pushes new comments live to everyone viewing the report, share links included", async () => {
    const link = (await api(as("ann"), "POST", `/api/v1/reports/${reportId}/share-links`, { anonymous: true })).body;
    const viewer = openEvents(`/api/v1/reports/${reportId}/events`, { authorization: `Bearer ${people.val.apiKey}` });
    const guest = openEvents(`/api/v1/reports/${reportId}/events?share=${link.token}`, {});
    await waitFor(() => viewer.events.some((e) => e.event === "ready") && guest.events.some((e) => e.event === "ready"), "both streams ready");
    const created = (await api(as("cid"), "POST", `/api/v1/reports/${reportId}/threads`, { body: `live for ${mention("val")}` })).body;
    await waitFor(() => viewer.events.some((e) => e.event === "thread" && e.data.id === created.id), "the viewer hears the thread");
    await waitFor(() => guest.events.some((e) => e.event === "thread" && e.data.id === created.id), "the guest hears the thread");
    expect(viewer.events.find((e) => e.event === "thread")!.data.comments[0]).toMatchObject({ body: `live for ${mention("val")}`, author: { name: "cid" } });
    expect(guest.events.find((e) => e.event === "thread")!.data.comments[0]).toMatchObject({ body: "live for @someone", author: null });
    // Revoking the link ends the guest's stream.
    await api(as("ann"), "DELETE", `/api/v1/reports/${reportId}/share-links/${link.id}`);
    await waitFor(() => guest.events.some((e) => e.event === "revoked"), "the guest is told");
    await guest.done;
    viewer.close();
    const refused = openEvents(`/api/v1/reports/${reportId}/events`, {});
    await refused.done;
    expect(refused.status()).toBe(401);
  });
});

describe("mentions and notifications", () => {
  it("offers only people who can open the report for @ autocomplete", async () => {
    const all = await api(as("cid"), "GET", `/api/v1/reports/${reportId}/mentionable`);
    expect(all.body.users.map((u: any) => u.name)).toEqual(["ann", "ben", "cid", "val"]);
    expect((await api(as("cid"), "GET", `/api/v1/reports/${reportId}/mentionable?q=V`)).body.users).toEqual([{ id: people.val.user.id, name: "val" }]);
    expect((await api(as("cid"), "GET", `/api/v1/reports/${reportId}/mentionable?q=zed`)).body.users).toEqual([]);
    expect((await api(as("cid"), "GET", `/api/v1/reports/${reportId}/mentionable?q=%25`)).body.users).toEqual([]);
  });

  it("notifies each mentioned person who can see the report once per comment, and emails them", async () => {
    const before = smtp.mails.length;
    const startInbox = (await api(as("ben"), "GET", "/api/v1/notifications")).body;
    expect(startInbox.unread).toBe(0);
    const body = `${mention("ben")} ${mention("ann")} ${mention("zed")} ${mention("ben")} see this`;
    const thread = (await api(as("ann"), "POST", `/api/v1/reports/${reportId}/threads`, { body })).body;
    const inbox = (await api(as("ben"), "GET", "/api/v1/notifications")).body;
    expect(inbox.unread).toBe(1);
    expect(inbox.notifications[0]).toMatchObject({
      kind: "mention",
      report: { id: reportId, title: "Ablations" },
      threadId: thread.id,
      commentId: thread.comments[0].id,
      actor: { id: people.ann.user.id, name: "ann" },
      excerpt: "@ben @ann @zed @ben see this",
      url: `/reports/${reportId}?thread=${thread.id}`,
      readAt: null,
    });
    // No notification for mentioning yourself, nor for someone who cannot open the report.
    expect((await api(as("ann"), "GET", "/api/v1/notifications")).body.notifications).toEqual([]);
    expect((await api(as("zed"), "GET", "/api/v1/notifications")).body.unread).toBe(0);

    // Earlier tests' emails (to val) may still arrive: look at this test's recipients only.
    const ours = () => smtp.mails.slice(before).filter((m) => !m.to.includes("val@example.com"));
    await waitFor(() => ours().length >= 1, "the mention email");
    const mail = { ...ours()[0], raw: decodeMail(ours()[0].raw) };
    expect(mail.to).toEqual(["ben@example.com"]);
    expect(mail.raw).toContain("From: Folio <folio@example.test>");
    expect(mail.raw).toMatch(/Subject: ann mentioned you in "Ablations"/);
    expect(mail.raw).toContain(`/reports/${reportId}?thread=${thread.id}`);

    // Editing notifies only people newly mentioned, once.
    const commentId = thread.comments[0].id;
    for (const edit of [`${body} and ${mention("cid")}`, `${body} and ${mention("cid")}!`]) {
      expect((await api(as("ann"), "PATCH", `/api/v1/reports/${reportId}/comments/${commentId}`, { body: edit })).status).toBe(200);
    }
    expect((await api(as("ben"), "GET", "/api/v1/notifications")).body.notifications).toHaveLength(1);
    expect((await api(as("cid"), "GET", "/api/v1/notifications")).body.notifications.map((n: any) => n.commentId)).toEqual([commentId]);
    await waitFor(() => smtp.mails.some((m) => m.to.includes("cid@example.com")), "cid's email");
    expect(ours().map((m) => m.to[0]).sort()).toEqual(["ben@example.com", "cid@example.com"]);
  });

  it("marks one or all read and keeps the unread count", async () => {
    await api(as("ann"), "POST", `/api/v1/reports/${reportId}/threads`, { body: `again ${mention("val")}` });
    const inbox = (await api(as("val"), "GET", "/api/v1/notifications")).body;
    expect(inbox.unread).toBe(2);
    expect((await api(as("val"), "POST", `/api/v1/notifications/${inbox.notifications[0].id}/read`)).status).toBe(200);
    expect((await api(as("ben"), "POST", `/api/v1/notifications/${inbox.notifications[1].id}/read`)).status).toBe(404);
    const after = (await api(as("val"), "GET", "/api/v1/notifications?unread=true")).body;
    expect(after.unread).toBe(1);
    expect(after.notifications.map((n: any) => n.id)).toEqual([inbox.notifications[1].id]);
    expect((await api(as("val"), "POST", "/api/v1/notifications/read-all")).body).toEqual({ marked: 1 });
    expect((await api(as("val"), "GET", "/api/v1/notifications")).body.unread).toBe(0);
    expect((await fetch(`${t.url}/api/v1/notifications`)).status).toBe(401);
  });

  it("hides notifications about a report the person can no longer open", async () => {
    await api(as("ann"), "POST", `/api/v1/reports/${reportId}/threads`, { body: `last one ${mention("val")}` });
    const before = (await api(as("val"), "GET", "/api/v1/notifications")).body;
    expect(before.notifications.length).toBeGreaterThan(0);
    expect(before.unread).toBe(1);
    await api(as("ann"), "DELETE", `/api/v1/reports/${reportId}/members/${people.val.user.id}`);
    expect((await api(as("val"), "GET", "/api/v1/notifications")).body).toEqual({ unread: 0, notifications: [] });
  });
});
