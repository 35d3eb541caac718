/**
 * Live panels a reader cannot see do not redraw (issue 5, "a report with 20 panels stays
 * responsive while 20 runs log"): a panel scrolled out of view skips live refreshes and catches up
 * once, with every point logged meanwhile, as soon as it is scrolled back into view. Meanwhile its
 * canvas is left out of the page's frames (content-visibility: hidden; decision 018).
 */
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { api, type TestServer } from "../helpers/server";
import { newContext, recordPageErrors, signInAs } from "./browser";
import { lossPanels, panelsFence } from "./panelFixtures";
import { drawCounts, drawnPoints } from "./plotPoints";
import { perAttempt, useServerAndBrowser } from "./suite";

let t: TestServer;
let browser: Browser;

useServerAndBrowser((s) => ([t, browser] = s));

/** Points panel `id` shows (every trace), and how often it drew (by plotly or as a live append). */
const state = async (page: Page, id: string) => {
  const panel = page.locator(`[data-panel-id="${id}"]`);
  const { draws, appends } = await drawCounts(panel);
  return { points: await drawnPoints(panel), draws: draws + appends };
};

describe("off-screen panels", () => {
  it("skip live refreshes while scrolled away, and catch up when scrolled back", async () => {
    const project = `alice/${perAttempt("long-report")}`;
    const run = (await api(t, "POST", "/api/v1/runs", { project, name: "r1" })).body.id as string;
    const log = async (from: number, to: number) =>
      expect((await api(t, "POST", `/api/v1/runs/${run}/history`, { rows: Array.from({ length: to - from }, (_, i) => ({ step: from + i, metrics: { loss: 1 / (from + i + 1) } })) })).status).toBe(200);
    await log(0, 20);
    // Ten full-width panels, 8 rows each: the last ones are far below a 900-pixel window.
    const grid = lossPanels(project, Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, title: `Loss ${i}` })));
    const markdown = `Top.\n\n${panelsFence(grid)}\nBottom.\n`;
    const report = (await api(t, "POST", "/api/v1/reports", { project, title: "Long report", markdown })).body;

    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    const errors = recordPageErrors(page);
    await page.goto(`/reports/${report.id}`);
    // Every panel draws once at load, on screen or not.
    for (let i = 0; i < 10; i++) await expect.poll(() => state(page, `p${i}`).then((s) => s.points), { timeout: 30_000 }).toBe(20);
    const last = await state(page, "p9");

    await log(20, 40);
    await expect.poll(() => state(page, "p0").then((s) => s.points), { timeout: 15_000 }).toBe(40);
    // The top panel has long redrawn; the bottom one has not (give it the same time again).
    await page.waitForTimeout(2_500);
    expect(await state(page, "p9")).toEqual(last);
    // Its canvas is out of the frames; the top panel's is in.
    const canvasShown = (id: string) =>
      page.locator(`[data-panel-id="${id}"] .panel-canvas-box`).evaluate((el) => getComputedStyle(el).contentVisibility !== "hidden");
    expect(await canvasShown("p9")).toBe(false);
    expect(await canvasShown("p0")).toBe(true);

    await page.locator('[data-panel-id="p9"]').scrollIntoViewIfNeeded();
    await expect.poll(() => state(page, "p9").then((s) => s.points), { timeout: 15_000 }).toBe(40);
    expect(await canvasShown("p9")).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
