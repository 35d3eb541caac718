/**
 * Mentions in a report's body (issue 6): a `mention` node that appears in the canonical copy at
 * compaction notifies the person once (per mention id), never its author, never someone who cannot
 * open the report; re-saves and the mention moving around do not notify again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateYFragment } from "y-prosemirror";
import type * as Y from "yjs";
import { memberships } from "../../db/schema";
import { FRAGMENT_NAME } from "../../editor/protocol";
import { schema } from "../../editor/schema";
import { createTeam } from "../../server/services/teams";
import { api, startTestServer, type TestServer } from "../helpers/server";

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

beforeAll(async () => {
  t = await startTestServer();
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
    // More edits, and the same mention moved to another paragraph: nothing new.
    await write("ann", [["Intro"], ["Thanks ", ["ben", "m1"], " for the runs, again"]]);
    await write("ben", [["Intro"], ["Thanks ", ["ben", "m1"]]]);
    expect((await inbox("ben")).notifications).toHaveLength(1);
    // Removed and brought back (undo): still the same mention, still one notification.
    await write("ann", [["Intro"]]);
    await write("ann", [["Intro"], ["Thanks ", ["ben", "m1"]]]);
    expect((await inbox("ben")).notifications).toHaveLength(1);
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
