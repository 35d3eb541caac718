/**
 * Live appends (decision 016): a line panel over a logging run draws the new points over its
 * figure without plotly redrawing it, with room left on x for them; plotly redraws with them
 * merged in when the pointer enters (hover sees them) and when a point falls outside the axes.
 */
import type { Browser, Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { api, type TestServer } from "../helpers/server";
import { newContext, recordPageErrors, signInAs } from "./browser";
import { lossPanels, panelsFence } from "./panelFixtures";
import { drawCounts, drawnTraces } from "./plotPoints";
import { useServerAndBrowser } from "./suite";

let t: TestServer;
let browser: Browser;

useServerAndBrowser((s) => ([t, browser] = s));

/** Non-transparent pixels on the panel's live-append canvas (0 when there is none). */
const inkedPixels = (panel: Locator) =>
  panel.evaluate((el) => {
    const c = el.querySelector("canvas.panel-live-overlay") as HTMLCanvasElement | null;
    if (!c) return 0;
    const px = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
    return n;
  });

/** plotly's own points (without appends) and its x-axis range. */
const plotly = (panel: Locator) =>
  panel.evaluate((el) => {
    const gd = el.querySelector(".js-plotly-plot") as unknown as { data: { x: number[] }[]; _fullLayout: { xaxis: { range: number[] } } };
    return { points: gd.data[0].x.length, xRange: gd._fullLayout.xaxis.range };
  });

describe("live appends", () => {
  it("draw new points over the figure, and plotly redraws with them on hover or when one leaves the axes", async () => {
    const run = (await api(t, "POST", "/api/v1/runs", { project: "alice/append", name: "r1" })).body.id as string;
    const log = async (from: number, to: number, value = (s: number) => 0.2 + 0.5 * Math.abs(Math.sin(s / 5))) =>
      expect((await api(t, "POST", `/api/v1/runs/${run}/history`, { rows: Array.from({ length: to - from }, (_, i) => ({ step: from + i, metrics: { loss: value(from + i) } })) })).status).toBe(200);
    await log(0, 100);
    const markdown = panelsFence(lossPanels("alice/append", [{ id: "p0", title: "Loss" }, { id: "p1", title: "Loss again" }]));
    const report = (await api(t, "POST", "/api/v1/reports", { project: "alice/append", title: "Appends", markdown })).body;

    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    const errors = recordPageErrors(page);
    // The metrics queries the page sends, by the step range they ask for.
    const asked: unknown[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/api/v1/metrics/query")) asked.push((r.postDataJSON() as { xRange?: unknown }).xRange ?? null);
    });
    await page.goto(`/reports/${report.id}`);
    const panel = page.locator('[data-panel-id="p0"]');
    await expect.poll(() => plotly(panel).then((p) => p.points), { timeout: 30_000 }).toBe(100);
    // The run is logging: x ends past its last step (99), leaving room for what comes next.
    const first = await plotly(panel);
    expect(first.xRange[1]).toBeGreaterThan(105);
    await expect.poll(() => plotly(page.locator('[data-panel-id="p1"]')).then((p) => p.points), { timeout: 30_000 }).toBe(100);
    await page.mouse.move(0, 0);
    const before = await drawCounts(panel);
    asked.length = 0;

    // Five more points inside the axes: drawn over the figure, plotly does not redraw, and both
    // panels' new points came in one request for the steps after the last one they had.
    await log(100, 105);
    await expect.poll(async () => (await drawnTraces(panel))[0]?.x?.length, { timeout: 15_000 }).toBe(105);
    await expect.poll(async () => (await drawnTraces(page.locator('[data-panel-id="p1"]')))[0]?.x?.length, { timeout: 15_000 }).toBe(105);
    expect(asked[0]).toEqual([100, 2099]);
    expect(asked.length).toBe(1);
    const after = await drawCounts(panel);
    expect(after.draws).toBe(before.draws);
    expect(after.appends).toBeGreaterThan(before.appends);
    expect((await plotly(panel)).points).toBe(100);
    expect(await inkedPixels(panel)).toBeGreaterThan(0);
    const shown = await drawnTraces(panel);
    expect(shown[0].x!.slice(-5)).toEqual([100, 101, 102, 103, 104]);

    // The pointer enters: plotly redraws with them (hover can reach them), the canvas goes.
    await panel.locator(".panel-figure").hover();
    await expect.poll(() => plotly(panel).then((p) => p.points), { timeout: 10_000 }).toBe(105);
    expect((await drawCounts(panel)).draws).toBe(before.draws + 1);
    expect(await inkedPixels(panel)).toBe(0);
    await page.mouse.move(0, 0);

    // A point far above the y axis cannot be drawn over the figure: plotly redraws.
    await log(105, 106, () => 50);
    await expect.poll(() => plotly(panel).then((p) => p.points), { timeout: 15_000 }).toBe(106);
    expect((await drawCounts(panel)).draws).toBeGreaterThanOrEqual(before.draws + 2);
    expect(errors).toEqual([]);
    await context.close();
  });
});
