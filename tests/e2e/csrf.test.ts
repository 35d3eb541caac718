/**
 * Cookie-authenticated changes need the session's CSRF token: a form post without it (or with
 * another session's) is refused with 403 and changes nothing; the real form, carrying the hidden
 * field, works; the JSON API wants the same token in `X-CSRF-Token`.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfToken } from "../../server/auth/tokens";
import { listApiKeys } from "../../server/services/apiKeys";
import { acceptInvite, createInvite, createTeam, listMembers, teamForUser } from "../../server/services/teams";
import { createSession } from "../../server/services/sessions";
import { api, type TestServer } from "../helpers/server";
import { newContext, signInAs } from "./browser";
import { useServerAndBrowser } from "./suite";

let t: TestServer;
let browser: Browser;

useServerAndBrowser((s) => ([t, browser] = s));

/** POSTs a form from inside the page (same origin, with the session cookie, like a forged form would). */
function postForm(page: Page, path: string, fields: Record<string, string>) {
  return page.evaluate(
    async ([p, f]) => {
      const res = await fetch(p, { method: "POST", body: new URLSearchParams(f), redirect: "manual" });
      return { status: res.status, body: await res.text() };
    },
    [path, fields] as const,
  );
}

describe("CSRF", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    page = await context.newPage();
    await page.goto("/settings/api-keys");
  });

  afterAll(async () => {
    await context?.close();
  });

  it("refuses a form post without the token, with a wrong one, or with another session's", async () => {
    const db = t.server.services.db;
    const keysBefore = await listApiKeys(db, t.user.id);
    const otherSession = await createSession(db, t.user.id);
    const attempts: Record<string, string>[] = [
      { intent: "create", name: "forged" },
      { intent: "create", name: "forged", csrf: "not-the-token" },
      { intent: "create", name: "forged", csrf: csrfToken(t.server.services.secret, otherSession) },
    ];
    for (const fields of attempts) {
      const res = await postForm(page, "/settings/api-keys", fields);
      expect(res.status, JSON.stringify(fields)).toBe(403);
      // Remix's data endpoint (what <Form> uses under single fetch) is guarded the same way.
      const data = await postForm(page, "/settings/api-keys.data", fields);
      expect(data.status, `.data ${JSON.stringify(fields)}`).toBe(403);
    }
    const revoke = await postForm(page, "/settings/api-keys", { intent: "revoke", keyId: keysBefore[0].id });
    expect(revoke.status).toBe(403);
    const keysAfter = await listApiKeys(db, t.user.id);
    expect(keysAfter.map((k) => [k.id, k.revokedAt])).toEqual(keysBefore.map((k) => [k.id, k.revokedAt]));
  });

  it("guards team changes and log-out too", async () => {
    const db = t.server.services.db;
    const team = await createTeam(db, t.user, { name: "Guarded" });
    const bob = await t.addUser("bob@example.com");
    // Bob joins through an invite accepted server-side; alice then tries a forged removal.
    await acceptInvite(db, bob.user, await createInvite(db, t.user, await teamForUser(db, t.user, team.slug), "member"));
    const forged = await postForm(page, `/${team.slug}`, { intent: "remove", userId: bob.user.id });
    expect(forged.status).toBe(403);
    expect((await listMembers(db, team.id)).map((m) => m.email).sort()).toEqual(["alice@example.com", "bob@example.com"]);

    const logout = await postForm(page, "/logout", {});
    expect(logout.status).toBe(403);
    await page.goto("/settings/api-keys");
    await page.getByRole("heading", { name: "API keys" }).waitFor();
  });

  it("refuses JSON API writes without X-CSRF-Token and accepts the page's meta token", async () => {
    const result = await page.evaluate(async () => {
      const body = JSON.stringify({ project: "csrf-check", name: "from-the-browser" });
      const headers = { "content-type": "application/json" };
      const without = await fetch("/api/v1/runs", { method: "POST", headers, body });
      const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";
      const withToken = await fetch("/api/v1/runs", { method: "POST", headers: { ...headers, "x-csrf-token": token }, body });
      return { without: without.status, withToken: withToken.status, token: token.length };
    });
    expect(result.token).toBeGreaterThan(20);
    expect(result.without).toBe(403);
    expect(result.withToken).toBe(201);
    const { body } = await api(t, "GET", "/api/v1/runs?project=alice/csrf-check");
    expect(body.runs).toHaveLength(1);
  });

  it("accepts the real form, which carries the hidden token", async () => {
    await page.goto("/settings/api-keys");
    await page.getByLabel("Name").fill("made in the UI");
    await page.getByRole("button", { name: "Create key" }).click();
    await page.getByTestId("new-api-key").waitFor();
    expect((await listApiKeys(t.server.services.db, t.user.id)).map((k) => k.name)).toContain("made in the UI");
  });
});
