/**
 * A view-only share link in Chromium (issue 6): someone without an account opens `/s/<token>`,
 * reads the report live (an edit made meanwhile arrives), cannot type into it, and is told when
 * the link is revoked; an unknown token is a 404 page.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestServer, type TestServer } from "../helpers/server";
import { launchBrowser, newContext, recordPageErrors } from "./browser";

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestServer({ remix: "build" }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("share links", () => {
  it("shows the report read-only and live to a guest, until the link is revoked", async () => {
    const report = (await api(t, "POST", "/api/v1/reports", { project: "vision", title: "Shared findings", markdown: "# Results\n\nFirst draft." })).body;
    const link = (await api(t, "POST", `/api/v1/reports/${report.id}/share-links`, {})).body;
    const guest = await newContext(browser, t);
    const page = await guest.newPage();
    const errors = recordPageErrors(page);
    await page.goto(link.url);
    await page.getByTestId("report-title").getByText("Shared findings").waitFor();
    const doc = page.locator('[data-testid="report-editor"] .ProseMirror');
    await doc.getByText("First draft.").waitFor();
    expect(await doc.getAttribute("contenteditable")).toBe("false");
    // An edit made by the owner arrives live.
    expect((await api(t, "PUT", `/api/v1/reports/${report.id}`, { markdown: "# Results\n\nSecond draft." })).status).toBe(200);
    await doc.getByText("Second draft.").waitFor();
    // The guest's page reaches nothing else: no session, so the app's pages want a login.
    expect((await guest.request.get("/api/v1/reports?project=vision")).status()).toBe(401);
    // Revoking closes the connection and says so.
    expect((await api(t, "DELETE", `/api/v1/reports/${report.id}/share-links/${link.id}`)).status).toBe(204);
    await page.getByTestId("collab-closed").getByText("Your access to this report was removed.").waitFor();
    expect((await page.goto(link.url))!.status()).toBe(404);
    expect((await page.goto("/s/not-a-real-token-at-all-0123456789"))!.status()).toBe(404);
    expect(errors).toEqual([]);
    await guest.close();
  });
});
