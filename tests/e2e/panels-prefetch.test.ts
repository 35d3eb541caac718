/**
 * A report page's panel queries (decision 018): the page arrives with its run sets answered and
 * the panels' queries leave from the page's copy of the report while the page hydrates, before
 * the editor exists; panels asking the same query share one answer; each loads once (the live
 * feed connecting does not load it again); and when the feed reconnects, panels catch up on what
 * they missed with an append, not a reload.
 */
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { api, type TestServer } from "../helpers/server";
import { newContext, recordPageErrors, signInAs } from "./browser";
import { lossPanels, panelsFence } from "./panelFixtures";
import { drawnTraces } from "./plotPoints";
import { perAttempt, useServerAndBrowser } from "./suite";

let t: TestServer;
let browser: Browser;

useServerAndBrowser((s) => ([t, browser] = s));

/** The page's queries, in the order sent: runs, whole metrics queries, and live tails (with an `xRange`). */
function recordQueries(page: Page) {
  const sent: Array<"runs" | "metrics" | "tail"> = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/api/v1/runs/query")) sent.push("runs");
    if (r.url().endsWith("/api/v1/metrics/query")) sent.push((r.postDataJSON() as { xRange?: unknown }).xRange ? "tail" : "metrics");
  });
  return sent;
}

describe("panel prefetch", () => {
  it("arrives with its run sets answered, sends the panels' queries before the editor is built, once for panels asking the same, and catches up after a reconnection without reloading", async () => {
    const project = `alice/${perAttempt("prefetch")}`;
    const run = (await api(t, "POST", "/api/v1/runs", { project, name: "r1" })).body.id as string;
    const log = async (from: number, to: number) =>
      expect((await api(t, "POST", `/api/v1/runs/${run}/history`, { rows: Array.from({ length: to - from }, (_, i) => ({ step: from + i, metrics: { loss: 1 / (from + i + 1) } })) })).status).toBe(200);
    await log(0, 50);
    const panels = [{ id: "p0", title: "A" }, { id: "p1", title: "B" }, { id: "p2", title: "C" }];
    const report = (await api(t, "POST", "/api/v1/reports", { project, title: "Prefetch", markdown: panelsFence(lossPanels(project, panels)) })).body;

    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    const errors = recordPageErrors(page);
    // When the first panel element appears (the editor has been built and laid its panels out).
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector("[data-panel-id]")) return;
        (window as unknown as { firstPanelAt: number }).firstPanelAt = performance.now();
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    const sent = recordQueries(page);
    await page.goto(`/reports/${report.id}`);
    for (const p of panels) await expect.poll(async () => (await drawnTraces(page.locator(`[data-panel-id="${p.id}"]`)))[0]?.x?.length, { timeout: 30_000 }).toBe(50);

    // The page arrived with its run set answered (its loader): the first query it sent is the
    // panels' metrics query, and it left before any panel existed, from the page's copy, during hydration.
    expect(sent[0]).toBe("metrics");
    const timing = await page.evaluate(() => ({
      metricsAt: performance.getEntriesByType("resource").find((e) => e.name.endsWith("/api/v1/metrics/query"))?.startTime ?? Infinity,
      firstPanelAt: (window as unknown as { firstPanelAt?: number }).firstPanelAt ?? -1,
    }));
    expect(timing.firstPanelAt).toBeGreaterThan(0);
    expect(timing.metricsAt).toBeLessThan(timing.firstPanelAt);

    // The live feed connected meanwhile (the run is running): the panels caught up instead of
    // loading again. The three panels ask the same query: it was sent once, for all of them.
    await page.waitForTimeout(2_000);
    expect(sent.filter((s) => s === "metrics").length).toBe(1);

    // The feed drops; points are logged meanwhile; it reconnects: the panels append them.
    const before = sent.length;
    await context.setOffline(true);
    await page.waitForTimeout(500);
    await log(50, 60);
    await context.setOffline(false);
    for (const p of panels) await expect.poll(async () => (await drawnTraces(page.locator(`[data-panel-id="${p.id}"]`)))[0]?.x?.length, { timeout: 30_000 }).toBe(60);
    const after = sent.slice(before);
    expect(after).toContain("tail");
    expect(after).not.toContain("metrics");
    expect(errors).toEqual([]);
    await context.close();
  });
});
