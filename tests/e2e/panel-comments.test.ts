/**
 * Comments on a whole panel (issue 6, "select text (or a whole panel) → comment"): a commenter,
 * whose editor is read-only, starts a thread from the panel's Comment button; the thread quotes the
 * panel, the panel is outlined for everyone viewing the report (live), clicking it opens the thread,
 * and the anchor still marks the panel after a reload.
 */
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { api, type TestServer } from "../helpers/server";
import { newContext, recordPageErrors, signInAs } from "./browser";
import { lossPanels, panelsFence } from "./panelFixtures";
import { perAttempt, useServerAndBrowser } from "./suite";

let t: TestServer;
let browser: Browser;

useServerAndBrowser((s) => ([t, browser] = s));

const sidebar = (page: Page) => page.getByTestId("comments-sidebar");
const panel = (page: Page) => page.locator('[data-panel-id="p-loss"]');

describe("panel comments", () => {
  it("a commenter comments on a whole panel; the panel is marked for everyone and opens its thread", async () => {
    const project = `alice/${perAttempt("panel-notes")}`;
    const run = (await api(t, "POST", "/api/v1/runs", { project, name: "r1" })).body.id as string;
    await api(t, "POST", `/api/v1/runs/${run}/history`, { rows: Array.from({ length: 30 }, (_, i) => ({ step: i, metrics: { loss: 1 / (i + 1) } })) });
    const markdown = `Results below.\n\n${panelsFence(lossPanels(project, [{ id: "p-loss", title: "Loss" }]))}\nThe end.\n`;
    const report = (await api(t, "POST", "/api/v1/reports", { project, title: "Panel notes", markdown })).body;
    const bob = await t.addUser("bob@example.com");
    expect((await api(t, "POST", `/api/v1/reports/${report.id}/members`, { user: "bob@example.com", role: "commenter" })).status).toBe(201);

    const alice = await newContext(browser, t);
    await signInAs(alice, t, t.user);
    const a = await alice.newPage();
    const aErrors = recordPageErrors(a);
    await a.goto(`/reports/${report.id}`);
    await panel(a).locator(".panel-figure[data-drawn]").waitFor();

    const bobs = await newContext(browser, t);
    await signInAs(bobs, t, bob.user);
    const b = await bobs.newPage();
    const bErrors = recordPageErrors(b);
    await b.goto(`/reports/${report.id}`);
    await panel(b).locator(".panel-figure[data-drawn]").waitFor();
    expect(await b.locator('[data-testid="report-editor"] .ProseMirror').getAttribute("contenteditable")).toBe("false");

    // Bob comments on the panel from its header.
    await panel(b).getByRole("button", { name: "Comment on panel" }).click();
    const composer = b.getByTestId("new-thread-composer").getByRole("combobox");
    await composer.waitFor();
    await expect(b.getByTestId("comment-draft").locator("blockquote").textContent()).resolves.toBe("Panel: Loss");
    await composer.pressSequentially("Why does it flatten after step 20?");
    await composer.press("Control+Enter");
    await sidebar(b).getByTestId("comment-thread").first().waitFor();

    // Stored with the panel as its anchor.
    const threads = (await api(t, "GET", `/api/v1/reports/${report.id}/comments`)).body.threads as Array<{ anchor: { quote: string } | null }>;
    expect(threads.map((th) => th.anchor?.quote)).toEqual(["Panel: Loss"]);
    // Marked in both pages (Alice's live), and nothing else is.
    for (const page of [a, b]) {
      await expect.poll(() => panel(page).evaluate((el) => el.classList.contains("comment-anchor")), { timeout: 15_000 }).toBe(true);
      expect(await page.locator('[data-testid="report-editor"] .comment-anchor').count()).toBe(1);
    }
    // Clicking the marked panel opens its thread.
    await panel(a).locator(".panel-title").click();
    await sidebar(a).locator('[data-testid="comment-thread"].is-active', { hasText: "Why does it flatten after step 20?" }).waitFor();

    // After a reload the anchor still marks the panel.
    await a.reload();
    await panel(a).locator(".panel-figure[data-drawn]").waitFor();
    await expect.poll(() => panel(a).evaluate((el) => el.classList.contains("comment-anchor")), { timeout: 15_000 }).toBe(true);
    expect(aErrors).toEqual([]);
    expect(bErrors).toEqual([]);
    await alice.close();
    await bobs.close();
  });
});
