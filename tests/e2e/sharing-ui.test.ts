/**
 * Sharing in the browser (issue 6): the owner invites Bob as a commenter through the Share dialog
 * (his editor is read-only), makes him an editor (his socket reconnects and he can type, without a
 * reload), creates a share link that a logged-out guest opens, and revokes it (the guest is told).
 * Then a mention in the body: Alice types `@bo`, picks Bob; Bob's bell shows one unread
 * notification, which opens the report at the mention. Removed, Bob's open page says so.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually";
import { api, startTestServer, type TestServer } from "../helpers/server";
import { launchBrowser, newContext, recordPageErrors, signInAs } from "./browser";

let t: TestServer;
let browser: Browser;
let bob: Awaited<ReturnType<TestServer["addUser"]>>;

const editor = (page: Page) => page.locator('[data-testid="report-editor"] .ProseMirror');

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestServer({ remix: "build" }), launchBrowser()]);
  bob = await t.addUser("bob@example.com");
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("sharing UI", () => {
  it("invites, changes a role live, shares and revokes a link; a body mention reaches Bob's inbox", async () => {
    const report = (await api(t, "POST", "/api/v1/reports", { project: "vision", title: "Team findings", markdown: "First draft." })).body;
    const reportUrl = `/reports/${report.id}`;
    const alice = await newContext(browser, t);
    await signInAs(alice, t, t.user);
    const a = await alice.newPage();
    const errors = recordPageErrors(a);
    a.on("dialog", (d) => void d.accept());
    await a.goto(reportUrl);
    await editor(a).getByText("First draft.").waitFor();

    // Invite Bob as a commenter.
    await a.getByTestId("share-button").click();
    const dialog = a.getByTestId("share-dialog");
    await dialog.getByPlaceholder("Name or email").fill("nobody@example.com");
    await dialog.getByRole("button", { name: "Invite" }).click();
    await dialog.getByTestId("share-error").waitFor();
    await dialog.getByPlaceholder("Name or email").fill("bob@example.com");
    await dialog.getByLabel("Role", { exact: true }).selectOption("commenter");
    await dialog.getByRole("button", { name: "Invite" }).click();
    await dialog.getByLabel("Role of bob").waitFor();
    expect(await dialog.getByLabel("Role of bob").inputValue()).toBe("commenter");

    // Bob opens it read-only.
    const bobContext = await newContext(browser, t);
    await signInAs(bobContext, t, bob.user);
    const b = await bobContext.newPage();
    const bobErrors = recordPageErrors(b);
    await b.goto(reportUrl);
    await editor(b).getByText("First draft.").waitFor();
    expect(await editor(b).getAttribute("contenteditable")).toBe("false");
    await expect(b.getByTestId("share-button").count()).resolves.toBe(0);

    // Alice makes him an editor: his page reconnects and he can type within seconds, no reload.
    await dialog.getByLabel("Role of bob").selectOption("editor");
    await eventually(() => editor(b).getAttribute("contenteditable"), (v) => v === "true", 10_000);
    expect(await b.getByTestId("collab-closed").count()).toBe(0);
    await editor(b).getByText("First draft.").click();
    await b.keyboard.press("End");
    await b.keyboard.type(" Bob was here.");
    await editor(a).getByText("Bob was here.", { exact: false }).waitFor();

    // A share link, opened by a guest without an account; then revoked.
    await dialog.getByTestId("share-link-create").click();
    const url = await eventually(() => dialog.getByTestId("share-link-url").inputValue().catch(() => ""), (v) => v.includes("/s/"));
    await dialog.getByTestId("share-link").waitFor();
    if (process.env.FOLIO_E2E_SHOTS) await a.screenshot({ path: `${process.env.FOLIO_E2E_SHOTS}/share-dialog.png` });
    const guestContext = await newContext(browser, t);
    const g = await guestContext.newPage();
    await g.goto(url);
    await g.getByTestId("report-title").getByText("Team findings").waitFor();
    await editor(g).getByText("Bob was here.", { exact: false }).waitFor();
    await dialog.getByTestId("share-link").getByRole("button", { name: "Revoke" }).click();
    await g.getByTestId("collab-closed").getByText("Your access to this report was removed.").waitFor();
    await eventually(() => dialog.getByTestId("share-link").count(), (n) => n === 0);
    await a.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await guestContext.close();

    // Bob leaves the report; Alice mentions him in the body.
    await b.goto("/");
    await editor(a).getByText("Bob was here.", { exact: false }).click();
    await a.keyboard.press("End");
    await a.keyboard.type(" Thanks @bo");
    await a.locator(".folio-mention-menu").getByRole("option", { name: "bob" }).waitFor();
    await a.keyboard.press("Enter");
    await editor(a).locator(".mention").getByText("@bob").waitFor();
    await eventually(() => a.getByTestId("save-indicator").textContent(), (s) => s === "Saved");
    // Leaving makes the room idle: its compaction refreshes the stored copy, which notifies Bob.
    await a.goto("/");
    await eventually(async () => (await api({ url: t.url, apiKey: bob.apiKey }, "GET", "/api/v1/notifications")).body.unread as number, (n) => n === 1, 15_000);

    // Bob's bell shows it (refreshed on focus or by the poll; a reload is the quickest).
    await b.reload();
    const bell = b.getByTestId("notifications-popover-button");
    await eventually(() => bell.textContent(), (s) => (s ?? "").includes("1"));
    await bell.click();
    const item = b.getByTestId("notification");
    await item.waitFor();
    if (process.env.FOLIO_E2E_SHOTS) await b.screenshot({ path: `${process.env.FOLIO_E2E_SHOTS}/notifications.png` });
    expect(await item.textContent()).toContain("alice mentioned you in Team findings");
    await item.click();
    await b.waitForURL((u) => u.pathname === reportUrl);
    await editor(b).locator(".mention").getByText("@bob").waitFor();
    // The link names the mention, and the page scrolls to it.
    expect(new URL(b.url()).hash).toMatch(/^#mention-[a-z0-9]{12}$/);
    await b.locator(".mention.is-target").waitFor();
    await eventually(() => bell.textContent(), (s) => !(s ?? "").includes("1"));

    // Alice removes Bob: his open page stops with a clear message.
    await a.goto(reportUrl);
    await a.getByTestId("share-button").click();
    await a.getByTestId("share-dialog").getByRole("button", { name: "Remove bob" }).click();
    await b.getByTestId("collab-closed").getByText("Your access to this report was removed.").waitFor();
    expect(await editor(b).getAttribute("contenteditable")).toBe("false");

    expect(errors).toEqual([]);
    expect(bobErrors).toEqual([]);
    await alice.close();
    await bobContext.close();
  });
});
