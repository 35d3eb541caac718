import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { reports, reportUpdates } from "../../db/schema";
import { FRAGMENT_NAME } from "../../editor/protocol";
import { purgeExpiredReports } from "../../server/services/reports";
import { sessionCookie } from "../../server/auth/sessionCookie";
import { createSession } from "../../server/services/sessions";
import { connectClient, waitFor } from "../helpers/collabClient";
import { api, startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
let bob: { apiKey: string };
beforeAll(async () => {
  t = await startTestServer();
  bob = await t.addUser("bob@example.com");
});
afterAll(async () => t?.close());

const markdownOf = async (id: string) => {
  const res = await fetch(`${t.url}/api/v1/reports/${id}?format=md`, { headers: { authorization: `Bearer ${t.apiKey}` } });
  expect(res.headers.get("content-type")).toMatch(/^text\/markdown/);
  return res.text();
};

describe("reports API", () => {
  it("creates (201 with id and url), reads as Markdown and ProseMirror JSON, lists", async () => {
    const created = await api(t, "POST", "/api/v1/reports", { project: "nlp", title: "Weekly", markdown: "# Results\n\nAll good." });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^[a-z0-9]{10}$/), url: `/reports/${created.body.id}`, project: "alice/nlp", title: "Weekly" });
    expect(await markdownOf(created.body.id)).toBe("# Results\n\nAll good.\n");
    const json = await api(t, "GET", `/api/v1/reports/${created.body.id}?format=json`);
    expect(json.body.content).toEqual({
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "Results" }] },
        { type: "paragraph", content: [{ type: "text", text: "All good." }] },
      ],
    });
    const empty = await api(t, "POST", "/api/v1/reports", { project: "nlp", title: "Empty" });
    expect(empty.status).toBe(201);
    const list = await api(t, "GET", "/api/v1/reports?project=alice/nlp");
    expect(list.body.reports.map((r: { title: string }) => r.title).sort()).toEqual(["Empty", "Weekly"]);
    expect(list.body.reports[0]).toMatchObject({ authors: [{ id: t.user.id, name: "alice" }], activeNow: [] });
  });

  it("validates input with 400 naming the field", async () => {
    const noTitle = await api(t, "POST", "/api/v1/reports", { project: "nlp", title: "" });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.error).toMatchObject({ code: "invalid_input", path: "title" });
    const badMd = await api(t, "POST", "/api/v1/reports", { project: "nlp", title: "x", markdown: 5 });
    expect(badMd.body.error.path).toBe("markdown");
    const { body } = await api(t, "POST", "/api/v1/reports", { project: "nlp", title: "v" });
    const badPut = await api(t, "PUT", `/api/v1/reports/${body.id}`, { md: "x" });
    expect(badPut.status).toBe(400);
    const badFormat = await api(t, "GET", `/api/v1/reports/${body.id}?format=html`);
    expect(badFormat.body.error.path).toBe("format");
    expect((await api(t, "GET", "/api/v1/reports?deleted=maybe&project=nlp")).body.error.path).toBe("deleted");
    // Without a project, the list is of the reports granted to the caller (docs/sharing.md), here Alice's own.
    const granted = await api(t, "GET", "/api/v1/reports");
    expect(granted.status).toBe(200);
    expect((granted.body.reports as { id: string }[]).map((r) => r.id)).toContain(body.id);
  });

  it("PUT replaces the content as a collaborative edit that connected editors receive", async () => {
    const { body } = await api(t, "POST", "/api/v1/reports", { project: "nlp", title: "Live", markdown: "old text" });
    const editor = connectClient(t.url, body.id, t.apiKey);
    await editor.synced;
    const put = await api(t, "PUT", `/api/v1/reports/${body.id}`, { markdown: "# New\n\nnew text" });
    expect(put.status).toBe(200);
    await waitFor(() => editor.doc.getXmlFragment(FRAGMENT_NAME).toString().includes("new text"), "the editor receives the PUT");
    expect(editor.doc.getXmlFragment(FRAGMENT_NAME).toString()).not.toContain("old text");
    expect(await markdownOf(body.id)).toBe("# New\n\nnew text\n");
    editor.destroy();
    // Without a live room, PUT loads the report, edits and persists it the same way.
    await waitFor(() => t.server.services.collab.stats().rooms === 0, "room dropped");
    await api(t, "PUT", `/api/v1/reports/${body.id}`, { markdown: "third" });
    expect(await markdownOf(body.id)).toBe("third\n");
  });

  it("renames, duplicates, soft-deletes and restores", async () => {
    const { body } = await api(t, "POST", "/api/v1/reports", { project: "nlp", title: "Draft", markdown: "content" });
    const renamed = await api(t, "PATCH", `/api/v1/reports/${body.id}`, { title: "Final" });
    expect(renamed.body.title).toBe("Final");
    const copy = await api(t, "POST", `/api/v1/reports/${body.id}/duplicate`, {});
    expect(copy.status).toBe(201);
    expect(copy.body.title).toBe("Copy of Final");
    expect(await markdownOf(copy.body.id)).toBe("content\n");
    expect((await api(t, "DELETE", `/api/v1/reports/${body.id}`)).status).toBe(204);
    expect((await api(t, "GET", `/api/v1/reports/${body.id}`)).status).toBe(404);
    const trash = await api(t, "GET", "/api/v1/reports?project=nlp&deleted=true");
    expect(trash.body.reports.map((r: { id: string }) => r.id)).toEqual([body.id]);
    expect((await api(t, "POST", `/api/v1/reports/${body.id}/restore`)).status).toBe(200);
    expect(await markdownOf(body.id)).toBe("content\n");
    expect((await api(t, "POST", `/api/v1/reports/${body.id}/restore`)).status).toBe(404);
    // After 30 days in the trash a report can no longer be restored, and the purge removes it.
    await api(t, "DELETE", `/api/v1/reports/${copy.body.id}`);
    await t.server.services.db.update(reports).set({ deletedAt: new Date(Date.now() - 31 * 86400_000) }).where(eq(reports.id, copy.body.id));
    expect((await api(t, "POST", `/api/v1/reports/${copy.body.id}/restore`)).status).toBe(404);
    expect(await purgeExpiredReports(t.server.services.db)).toBe(1);
    expect(await t.server.services.db.select().from(reportUpdates).where(eq(reportUpdates.reportId, copy.body.id))).toEqual([]);
  });

  it("answers 404 for another team's report and needs CSRF for cookie mutations", async () => {
    const { body } = await api(t, "POST", "/api/v1/reports", { project: "nlp", title: "Mine" });
    const asBob = { url: t.url, apiKey: bob.apiKey };
    for (const [method, path, payload] of [
      ["GET", `/api/v1/reports/${body.id}`, undefined],
      ["PUT", `/api/v1/reports/${body.id}`, { markdown: "pwned" }],
      ["PATCH", `/api/v1/reports/${body.id}`, { title: "pwned" }],
      ["DELETE", `/api/v1/reports/${body.id}`, undefined],
      ["POST", `/api/v1/reports/${body.id}/duplicate`, {}],
    ] as const) {
      expect((await api(asBob, method, path, payload)).status).toBe(404);
    }
    expect((await api(asBob, "GET", "/api/v1/reports?project=alice/nlp")).status).toBe(404);
    const sessionId = await createSession(t.server.services.db, t.user.id);
    const cookie = (await sessionCookie(t.server.services.secret, false).serialize(sessionId)).split(";")[0];
    const res = await fetch(`${t.url}/api/v1/reports/${body.id}`, { method: "PATCH", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ title: "csrf" }) });
    expect(res.status).toBe(403);
  });
});
