/**
 * A report page carries the document as the server has it: the page shows it, and its panels
 * fetch and draw, before (here: without) the collab WebSocket syncing.
 */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { api, type TestServer } from "../helpers/server";
import { newContext, recordPageErrors, signInAs } from "./browser";
import { lossPanels, panelsFence } from "./panelFixtures";
import { drawnPoints } from "./plotPoints";
import { perAttempt, useServerAndBrowser } from "./suite";

let t: TestServer;
let browser: Browser;

useServerAndBrowser((s) => ([t, browser] = s));

describe("first paint", () => {
  it("shows the document and draws its panels before the WebSocket has synced", async () => {
    const project = `alice/${perAttempt("first-paint")}`;
    const run = (await api(t, "POST", "/api/v1/runs", { project, name: "r1" })).body.id as string;
    await api(t, "POST", `/api/v1/runs/${run}/history`, { rows: Array.from({ length: 30 }, (_, i) => ({ step: i, metrics: { loss: 1 / (i + 1) } })) });
    const markdown = `# Findings\n\nThe loss falls.\n\n${panelsFence(lossPanels(project, [{ id: "p0", title: "Loss" }]))}`;
    const report = (await api(t, "POST", "/api/v1/reports", { project, title: "First paint", markdown })).body;

    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    const errors = recordPageErrors(page);
    // The collab socket opens but the server never answers it: no sync.
    let sockets = 0;
    await page.routeWebSocket(/\/collab\//, () => void sockets++);
    await page.goto(`/reports/${report.id}`);
    await expect.poll(() => page.locator('[data-testid="report-editor"] h1').textContent(), { timeout: 15_000 }).toBe("Findings");
    await expect.poll(() => drawnPoints(page.locator('[data-panel-id="p0"]')), { timeout: 30_000 }).toBe(30);
    expect(sockets).toBeGreaterThan(0);
    // Not synced: the page says so.
    expect(await page.getByTestId("save-indicator").textContent()).toBe("Connecting…");
    expect(errors).toEqual([]);
    await context.close();
  });
});
