/**
 * Mentions in a report's body (issue 6): a `mention` node that appears in the canonical copy at
 * compaction notifies the person once (per mention id), never its author, never someone who cannot
 * open the report; re-saves and the mention moving around do not notify again. Each notification
 * is also emailed (to a local SMTP sink) once the compaction has committed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateYFragment } from "y-prosemirror";
import type * as Y from "yjs";
import { memberships } from "../../db/schema";
import { FRAGMENT_NAME } from "../../editor/protocol";
import { schema } from "../../editor/schema";
import { createTeam } from "../../server/services/teams";
import { connectClient } from "../helpers/collabClient";
import { api, startTestServer, type TestServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtpSink";

type Person = "ann" | "ben" | "zed";
let t: TestServer;
let reportId: string;
const people = {} as Record<Person, { user: { id: string; name: string }; apiKey: string }>;
const as = (who: Person) => ({ url: t.url, apiKey: people[who].apiKey });

/** Replaces the body with paragraphs of text and mentions `[who, mid]`, as `author`'s edit, then compacts. */
async function write(author: Person, paragraphs: (string | [Person, string])[][]): Promise<void> {
  const node = schema.nodes.doc.create(
    null,
    paragraphs.map((parts) =>
      schema.nodes.paragraph.create(
        null,
        parts.map((part) =>
          typeof part === "string" ? schema.text(part) : schema.nodes.mention.create({ id: people[part[0]].user.id, label: part[0], mid: part[1] }),
        ),
      ),
    ),
  );
  await t.server.services.collab.edit(reportId, people[author].user.id, (doc: Y.Doc) =>
    updateYFragment(doc, doc.getXmlFragment(FRAGMENT_NAME), node, { mapping: new Map(), isOMark: new Map() }),
  );
  await t.server.services.collab.compact(reportId);
}

const inbox = async (who: Person) => (await api(as(who), "GET", "/api/v1/notifications")).body as { unread: number; notifications: any[] };

let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await startTestServer({ env: { FOLIO_SMTP_URL: smtp.url, FOLIO_MAIL_FROM: "Folio <folio@example.test>", FOLIO_PUBLIC_URL: "https://folio.example.test" } });
  for (const name of ["ann", "ben", "zed"] as const) people[name] = await t.addUser(`${name}@example.com`);
  const db = t.server.services.db;
  const lab = await createTeam(db, { ...people.ann.user, email: "ann@example.com", isAdmin: false }, { name: "Lab", slug: "lab" });
  await db.insert(memberships).values({ teamId: lab.id, userId: people.ben.user.id, role: "member" });
  const created = await api(as("ann"), "POST", "/api/v1/reports", { project: "lab/vision", title: "Sweeps", markdown: "Start." });
  reportId = created.body.id;
  await t.server.services.collab.compact(reportId);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe("mentions in the report body", () => {
  it("notifies a new mention once, with a link to it; not on re-saves", async () => {
    await write("ann", [["Thanks ", ["ben", "m1"], " for the runs"]]);
    const first = await inbox("ben");
    expect(first.unread).toBe(1);
    expect(first.notifications[0]).toMatchObject({
      kind: "body_mention",
      report: { id: reportId, title: "Sweeps" },
      threadId: null,
      commentId: null,
      actor: { id: people.ann.user.id, name: "ann" },
      excerpt: "Thanks @ben for the runs",
      url: `/reports/${reportId}#mention-m1`,
      readAt: null,
    });
    // And an email, with a link to the passage.
    await expect.poll(() => smtp.mails.filter((m) => m.to.includes("ben@example.com")).length, { timeout: 10_000 }).toBe(1);
    const mail = smtp.mails.find((m) => m.to.includes("ben@example.com"))!.raw.replace(/=\r?\n/g, "");
    expect(mail).toContain('ann mentioned you in "Sweeps"');
    expect(mail).toContain(`https://folio.example.test/reports/${reportId}#mention-m1`);
    // More edits, and the same mention moved to another paragraph: nothing new.
    await write("ann", [["Intro"], ["Thanks ", ["ben", "m1"], " for the runs, again"]]);
    await write("ben", [["Intro"], ["Thanks ", ["ben", "m1"]]]);
    expect((await inbox("ben")).notifications).toHaveLength(1);
    // Removed and brought back (undo): still the same mention, still one notification.
    await write("ann", [["Intro"]]);
    await write("ann", [["Intro"], ["Thanks ", ["ben", "m1"]]]);
    expect((await inbox("ben")).notifications).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.to.includes("ben@example.com"))).toHaveLength(1);
    // A second, new mention is a new notification.
    await write("ann", [["Intro ", ["ben", "m2"]], ["Thanks ", ["ben", "m1"]]]);
    const later = await inbox("ben");
    expect(later.unread).toBe(2);
    expect(later.notifications.map((n) => n.url)).toEqual([`/reports/${reportId}#mention-m2`, `/reports/${reportId}#mention-m1`]);
    expect((await api(as("ben"), "POST", "/api/v1/notifications/read-all")).body).toEqual({ marked: 2 });
  });

  it("never notifies the author, nor someone who cannot open the report", async () => {
    await write("ann", [["Me: ", ["ann", "s1"], " and ", ["zed", "z1"]]]);
    expect((await inbox("ann")).notifications).toEqual([]);
    expect((await inbox("zed")).notifications).toEqual([]);
    // Later given access: the old mention does not notify on the next save; a new one does.
    await api(as("ann"), "POST", `/api/v1/reports/${reportId}/members`, { user: "zed@example.com", role: "viewer" });
    await write("ann", [["Me: ", ["ann", "s1"], " and ", ["zed", "z1"], "!"]]);
    expect((await inbox("zed")).notifications).toEqual([]);
    await write("ann", [["Me: ", ["ann", "s1"], " and ", ["zed", "z1"], " ", ["zed", "z2"]]]);
    expect((await inbox("zed")).notifications.map((n) => n.url)).toEqual([`/reports/${reportId}#mention-z2`]);
  });

  it("names who wrote the mention, even when someone else edited after it before the compaction", async () => {
    const fresh = (await api(as("ann"), "POST", "/api/v1/reports", { project: "lab/vision", title: "Who", markdown: "Draft." })).body.id as string;
    const edit = (author: Person, parts: (string | [Person, string])[]) =>
      t.server.services.collab.edit(fresh, people[author].user.id, (doc: Y.Doc) =>
        updateYFragment(doc, doc.getXmlFragment(FRAGMENT_NAME), schema.nodes.doc.create(null, [
          schema.nodes.paragraph.create(null, parts.map((p) => (typeof p === "string" ? schema.text(p) : schema.nodes.mention.create({ id: people[p[0]].user.id, label: p[0], mid: p[1] })))),
        ]), { mapping: new Map(), isOMark: new Map() }));
    // An open editor keeps the report loaded, so nothing compacts until we ask.
    const open = connectClient(t.url, fresh, people.ann.apiKey);
    try {
      await open.synced;
      await edit("ann", ["Ben: ", ["ben", "a1"], " please look"]);
      // Ben edits the text next to it: the last edit is his, but the mention is Ann's.
      await edit("ben", ["Ben: ", ["ben", "a1"], " please look, on it"]);
      await t.server.services.collab.compact(fresh);
    } finally {
      open.destroy();
    }
    const mine = (await inbox("ben")).notifications.filter((n) => n.url === `/reports/${fresh}#mention-a1`);
    expect(mine).toHaveLength(1);
    expect(mine[0].actor).toMatchObject({ id: people.ann.user.id });
  });

  it("notifies within seconds of a mention typed in a live editor, while it stays connected", async () => {
    const other = (await api(as("ann"), "POST", "/api/v1/reports", { project: "lab/vision", title: "Live notes", markdown: "Draft." })).body.id as string;
    const client = connectClient(t.url, other, people.ann.apiKey);
    try {
      await client.synced;
      const node = schema.nodes.doc.create(null, [
        schema.nodes.paragraph.create(null, [schema.text("Over to "), schema.nodes.mention.create({ id: people.ben.user.id, label: "ben", mid: "w1" })]),
      ]);
      client.doc.transact(() => updateYFragment(client.doc, client.doc.getXmlFragment(FRAGMENT_NAME), node, { mapping: new Map(), isOMark: new Map() }));
      // No compaction is due (a handful of updates, the editor still connected): the mention alone brings one on.
      await expect
        .poll(async () => (await inbox("ben")).notifications.map((n) => n.url), { timeout: 20_000, interval: 250 })
        .toContain(`/reports/${other}#mention-w1`);
      expect(client.closes).toEqual([]);
    } finally {
      client.destroy();
    }
  });

  it("refreshes the copy in the server's compaction worker thread, not on its event loop", () => {
    const stats = t.server.services.compaction.stats();
    expect(stats.inWorker).toBeGreaterThan(0);
    expect(stats).toMatchObject({ inline: 0, crashes: 0, threads: 1 });
  });

  it("comment-mention notifications still list as before", async () => {
    const thread = await api(as("ann"), "POST", `/api/v1/reports/${reportId}/threads`, { body: `cc @[ben](user:${people.ben.user.id})` });
    const { notifications } = await inbox("ben");
    expect(notifications[0]).toMatchObject({ kind: "mention", threadId: thread.body.id, excerpt: "cc @ben", url: `/reports/${reportId}?thread=${thread.body.id}` });
  });
});
