/**
 * Live appends (decisions 016 and 018): a line panel over a logging run strokes the new points onto
 * its canvas figure without drawing it again, with room left on x for them, and draws it again when
 * a point falls outside the axes. Once the pointer has entered, plotly's figure (with the points
 * merged in) has taken over, and new points are drawn over it on plotly's axes until one does not
 * fit, when plotly redraws. Paused, the panels hold still; resumed, they catch up. After the feed's
 * first message about the run, its new points come with the feed's messages (decision 018): the
 * panels append them without asking the metrics engine.
 *
 * Twice: with the page's figure worker (the default: the worker holds the feed, draws the canvases
 * and appends the live points, the page opens no feed of its own) and without it (the page's main
 * thread does it all, as where a browser cannot hand canvases to a worker). Then the failures: a
 * worker that cannot start, a figure the worker cannot draw (the page takes it back), and a figure
 * the page cannot draw (the panel says so, with Try again, and the other panels draw).
 */
import type { Browser, Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { api, type TestServer } from "../helpers/server";
import { newContext, recordPageErrors, signInAs } from "./browser";
import { lossPanels, panelsFence } from "./panelFixtures";
import { drawCounts, drawnTraces } from "./plotPoints";
import { perAttempt, useServerAndBrowser } from "./suite";

let t: TestServer;
let browser: Browser;

useServerAndBrowser((s) => ([t, browser] = s));

/**
 * Non-transparent pixels on the panel's canvas matching `selector` (0 when there is none): through
 * the figure's `folioPixels` where it has one (the page's figure worker may draw it), else read here.
 */
const inkedPixels = (panel: Locator, selector: string) =>
  panel.evaluate(async (el, sel) => {
    const c = el.querySelector(sel) as (HTMLCanvasElement & { folioPixels?: () => Promise<number[]> | number[] }) | null;
    if (!c) return 0;
    const px = c.folioPixels ? await c.folioPixels() : c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
    return n;
  }, selector);

/** The canvas figure's axes ranges (null once plotly has taken over). */
const canvasAxes = (panel: Locator) =>
  panel.evaluate(async (el) => (await (el.querySelector(".panel-canvas") as unknown as { folioAxes?: Promise<{ x: number[]; y: number[] } | null> } | null)?.folioAxes) ?? null);

/** plotly's own points (without appends), or null before plotly has drawn. */
const plotlyPoints = (panel: Locator) =>
  panel.evaluate((el) => (el.querySelector(".js-plotly-plot") as unknown as { data?: { x: number[] }[] } | null)?.data?.[0]?.x.length ?? null);

describe.each([
  { mode: "in the figure worker", worker: true },
  { mode: "on the page's main thread", worker: false },
])("live appends $mode", ({ worker }) => {
  it("stroke new points onto the canvas figure, draw it again when one leaves the axes, and go on over plotly's figure after hover", async () => {
    const project = `alice/${perAttempt(`append-${worker ? "worker" : "page"}`)}`;
    const run = (await api(t, "POST", "/api/v1/runs", { project, name: "r1" })).body.id as string;
    const log = async (from: number, to: number, value = (s: number) => 0.2 + 0.5 * Math.abs(Math.sin(s / 5))) =>
      expect((await api(t, "POST", `/api/v1/runs/${run}/history`, { rows: Array.from({ length: to - from }, (_, i) => ({ step: from + i, metrics: { loss: value(from + i) } })) })).status).toBe(200);
    await log(0, 100);
    const markdown = panelsFence(lossPanels(project, [{ id: "p0", title: "Loss" }, { id: "p1", title: "Loss again" }]));
    const report = (await api(t, "POST", "/api/v1/reports", { project, title: "Appends", markdown })).body;

    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    // Run feeds the page itself opens (with the worker: none, the worker holds them; the comments' feed is another).
    await page.addInitScript((off) => {
      if (off) localStorage.setItem("folio.figureWorker", "off");
      const Native = window.EventSource;
      const w = window as unknown as { pageFeeds: number };
      w.pageFeeds = 0;
      window.EventSource = class extends Native {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          if (String(url).startsWith("/api/v1/events?")) w.pageFeeds++;
        }
      };
    }, !worker);
    const errors = recordPageErrors(page);
    // The metrics queries the page sends, by the step range they ask for.
    const asked: unknown[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/api/v1/metrics/query")) asked.push((r.postDataJSON() as { xRange?: unknown }).xRange ?? null);
    });
    await page.mouse.move(0, 0);
    await page.goto(`/reports/${report.id}`);
    const panel = page.locator('[data-panel-id="p0"]');
    const other = page.locator('[data-panel-id="p1"]');
    await expect.poll(async () => (await drawnTraces(panel))[0]?.x?.length, { timeout: 30_000 }).toBe(100);
    await expect.poll(async () => (await drawnTraces(other))[0]?.x?.length, { timeout: 30_000 }).toBe(100);
    // Drawn on canvas, not by plotly, whose bundle is not even loaded; the run is logging: x ends
    // past its last step (99).
    expect(await plotlyPoints(panel)).toBeNull();
    const plotlyLoaded = () => page.evaluate(() => performance.getEntriesByType("resource").some((e) => e.name.includes("plotly")));
    expect(await plotlyLoaded()).toBe(false);
    expect((await canvasAxes(panel))!.x[1]).toBeGreaterThan(105);
    // The pointer moves (not over a panel): plotly loads, ready for the first hover.
    await page.mouse.move(2, 2);
    await page.mouse.move(4, 4);
    await expect.poll(plotlyLoaded, { timeout: 10_000 }).toBe(true);
    const before = await drawCounts(panel);
    const inkBefore = await inkedPixels(panel, "canvas.panel-canvas");
    asked.length = 0;

    // Five more points inside the axes: stroked onto the canvas, the figure is not drawn again, and
    // both panels' new points came in one request for the steps after the last one they had.
    await log(100, 105);
    await expect.poll(async () => (await drawnTraces(panel))[0]?.x?.length, { timeout: 15_000 }).toBe(105);
    await expect.poll(async () => (await drawnTraces(other))[0]?.x?.length, { timeout: 15_000 }).toBe(105);
    expect(asked[0]).toEqual([100, 2099]);
    expect(asked.length).toBe(1);
    const after = await drawCounts(panel);
    expect(after.draws).toBe(before.draws);
    expect(after.appends).toBeGreaterThan(before.appends);
    expect(await inkedPixels(panel, "canvas.panel-canvas")).toBeGreaterThan(inkBefore);
    expect((await drawnTraces(panel))[0].x!.slice(-5)).toEqual([100, 101, 102, 103, 104]);
    // Who drew and appended: the worker (the page opened no feed), or the page.
    expect(await page.evaluate(() => (window as unknown as { pageFeeds: number }).pageFeeds)).toBe(worker ? 0 : 1);
    expect(page.workers().some((w) => w.url().includes("figure-worker"))).toBe(worker);
    // Hiding and showing a legend entry (from the keyboard: the pointer would hand the figure to
    // plotly) draws the figure again, appended points included.
    const legend = panel.locator(".panel-legend-item").first();
    await legend.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => legend.getAttribute("aria-pressed")).toBe("false");
    await page.keyboard.press("Enter");
    await expect.poll(() => legend.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(async () => (await drawCounts(panel)).draws, { timeout: 10_000 }).toBe(before.draws + 2);
    expect((await drawnTraces(panel))[0].x!.slice(-5)).toEqual([100, 101, 102, 103, 104]);
    const drawsBefore = before.draws + 2;

    // A point far above the y axis: the canvas figure is drawn again, its y axis taking it in. The
    // point came with the feed's message: no request for it.
    await log(105, 106, () => 50);
    await expect.poll(async () => (await drawnTraces(panel))[0]?.x?.length, { timeout: 15_000 }).toBe(106);
    await expect.poll(async () => (await drawnTraces(other))[0]?.x?.length, { timeout: 15_000 }).toBe(106);
    expect((await drawCounts(panel)).draws).toBe(drawsBefore + 1);
    expect((await canvasAxes(panel))!.y[1]).toBeGreaterThan(50);
    expect(asked.length).toBe(1);

    // Paused: new points wait and nothing is drawn; resumed, they are appended at once.
    const toggle = page.getByTestId("panels-live-toggle");
    await toggle.click();
    await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe("true");
    const pausedAt = await drawCounts(panel);
    await log(106, 108, () => 1);
    await page.waitForTimeout(2_500);
    expect((await drawnTraces(panel))[0]?.x?.length).toBe(106);
    expect(await drawCounts(panel)).toEqual(pausedAt);
    await toggle.click();
    await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe("false");
    await expect.poll(async () => (await drawnTraces(panel))[0]?.x?.length, { timeout: 15_000 }).toBe(108);
    await expect.poll(async () => (await drawnTraces(other))[0]?.x?.length, { timeout: 15_000 }).toBe(108);

    // The pointer enters: plotly takes over with every point merged in (hover can reach them).
    await panel.locator(".panel-figure").hover();
    await expect.poll(() => plotlyPoints(panel), { timeout: 10_000 }).toBe(108);
    await panel.locator(".panel-canvas").waitFor({ state: "detached" });
    await page.mouse.move(0, 0);
    const plotlyBefore = await drawCounts(panel);

    // Over plotly's figure: points inside its axes are drawn on the overlay canvas, plotly does not redraw.
    await log(108, 110, () => 1);
    await expect.poll(async () => (await drawnTraces(panel))[0]?.x?.length, { timeout: 15_000 }).toBe(110);
    expect(await plotlyPoints(panel)).toBe(108);
    expect((await drawCounts(panel)).draws).toBe(plotlyBefore.draws);
    expect(await inkedPixels(panel, "canvas.panel-live-overlay")).toBeGreaterThan(0);

    // A point far outside plotly's axes: plotly redraws with everything merged in.
    await log(110, 111, () => 500);
    await expect.poll(() => plotlyPoints(panel), { timeout: 15_000 }).toBe(111);
    expect((await drawCounts(panel)).draws).toBeGreaterThan(plotlyBefore.draws);
    // Every point since the first live tick came with the feed.
    expect(asked.length).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("append a regex panel's points, which the page asks for, onto its canvas", async () => {
    const project = `alice/${perAttempt(`append-regex-${worker ? "worker" : "page"}`)}`;
    const run = (await api(t, "POST", "/api/v1/runs", { project, name: "r1" })).body.id as string;
    const log = async (from: number, to: number) =>
      expect((await api(t, "POST", `/api/v1/runs/${run}/history`, { rows: Array.from({ length: to - from }, (_, i) => ({ step: from + i, metrics: { loss: 0.5 + 0.1 * Math.sin(from + i) } })) })).status).toBe(200);
    await log(0, 50);
    const grid = lossPanels(project, [{ id: "p0", title: "Loss by regex" }]);
    grid.panels[0] = { ...grid.panels[0], config: { ...grid.panels[0].config, metrics: [], metricRegex: "^lo" } } as typeof grid.panels[0];
    const report = (await api(t, "POST", "/api/v1/reports", { project, title: "Regex appends", markdown: panelsFence(grid) })).body;
    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    if (!worker) await page.addInitScript(() => localStorage.setItem("folio.figureWorker", "off"));
    const errors = recordPageErrors(page);
    await page.mouse.move(0, 0);
    await page.goto(`/reports/${report.id}`);
    const panel = page.locator('[data-panel-id="p0"]');
    await expect.poll(async () => (await drawnTraces(panel))[0]?.x?.length, { timeout: 30_000 }).toBe(50);
    // Let the feed's first catch-up pass, then log: the page appends (the worker does not append a
    // regex: the feed pushes named metrics only) and the canvas, wherever drawn, strokes them.
    await page.waitForTimeout(1_500);
    const before = await drawCounts(panel);
    await log(50, 55);
    await expect.poll(async () => (await drawnTraces(panel))[0]?.x?.length, { timeout: 15_000 }).toBe(55);
    expect((await drawnTraces(panel))[0].x!.slice(-5)).toEqual([50, 51, 52, 53, 54]);
    const after = await drawCounts(panel);
    expect(after.draws).toBe(before.draws);
    expect(after.appends).toBeGreaterThan(before.appends);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/**
 * A run of a project of its own (`slug`) with 50 steps of `loss` logged, a report titled `title`
 * with a loss line plot "p0" over it (and the panels `more` adds), and a signed-in page, not yet
 * opened. `log(from, to)` logs more steps.
 */
async function lossReport(slug: string, title: string, more?: (grid: ReturnType<typeof lossPanels>) => void) {
  const project = `alice/${perAttempt(slug)}`;
  const run = (await api(t, "POST", "/api/v1/runs", { project, name: "r1" })).body.id as string;
  const log = async (from: number, to: number) =>
    expect((await api(t, "POST", `/api/v1/runs/${run}/history`, { rows: Array.from({ length: to - from }, (_, i) => ({ step: from + i, metrics: { loss: 0.5 + 0.1 * Math.sin(from + i) } })) })).status).toBe(200);
  await log(0, 50);
  const grid = lossPanels(project, [{ id: "p0", title: "Loss" }]);
  more?.(grid);
  const report = (await api(t, "POST", "/api/v1/reports", { project, title, markdown: panelsFence(grid) })).body;
  const context = await newContext(browser, t);
  await signInAs(context, t, t.user);
  return { log, report, context, page: await context.newPage() };
}

/** Non-transparent pixels of the panel's canvas, read on the page (this throws where the canvas went to a worker). */
const pageInk = (panel: Locator) =>
  panel.evaluate((el) => {
    const c = el.querySelector("canvas.panel-canvas") as HTMLCanvasElement;
    const px = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
    return n;
  });

/** The page drew panel "p0"'s 50 points on a canvas of its own (its pixels are readable here), and appends the next ones live. */
async function expectDrawnByPage(page: Page, log: (from: number, to: number) => Promise<void>): Promise<void> {
  const panel = page.locator('[data-panel-id="p0"]');
  await expect.poll(async () => (await drawnTraces(panel))[0]?.x?.length, { timeout: 30_000 }).toBe(50);
  expect(await pageInk(panel)).toBeGreaterThan(0);
  await page.waitForTimeout(3_000);
  const before = await drawCounts(panel);
  await log(50, 55);
  await expect.poll(async () => (await drawnTraces(panel))[0]?.x?.length, { timeout: 15_000 }).toBe(55);
  expect((await drawCounts(panel)).appends).toBeGreaterThan(before.appends);
}

describe("a figure worker that cannot start", () => {
  it("leaves the page to draw its line plots and append their live points itself", async () => {
    const { log, report, context, page } = await lossReport("append-broken", "No worker");
    // The worker's script does not load.
    await page.route(/figure-worker/, (route) => route.fulfill({ status: 404, body: "" }));
    const workerErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && m.text().includes("figure worker failed")) workerErrors.push(m.text());
    });
    await page.mouse.move(0, 0);
    await page.goto(`/reports/${report.id}`);
    // Live too: the page reopens the feed itself.
    await expectDrawnByPage(page, log);
    expect(workerErrors.length).toBeGreaterThan(0);
    await context.close();
  });
});

describe("a figure that cannot be drawn", () => {
  it("in the worker is taken back and drawn by the page, live appends included", async () => {
    const { log, report, context, page } = await lossReport("append-lost", "Lost figure");
    // The worker starts, but its canvases cannot draw lines (as where a browser's offscreen canvas fails).
    await page.route(/figure-worker/, async (route) => {
      const response = await route.fetch();
      const script = await response.text();
      await route.fulfill({ response, body: `OffscreenCanvasRenderingContext2D.prototype.stroke = function () { throw new Error("no strokes in this test"); };\n${script}` });
    });
    const lost: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && m.text().includes("could not draw a figure")) lost.push(m.text());
    });
    await page.mouse.move(0, 0);
    await page.goto(`/reports/${report.id}`);
    await expectDrawnByPage(page, log);
    expect(lost.length).toBeGreaterThan(0);
    expect(page.workers().length).toBe(1);
    await context.close();
  });

  it("on the page shows the panel's error with Try again, and the other panels draw", async () => {
    const { report, context, page } = await lossReport("append-failing", "Failing figure", (grid) =>
      grid.panels.push({ ...grid.panels[0], id: "note", type: "markdown", title: "Note", layout: { x: 0, y: 8, w: 12, h: 4 }, config: { markdown: "Still here." } } as (typeof grid.panels)[number]),
    );
    const errors = recordPageErrors(page);
    // No worker, and the page's canvases cannot draw lines until the test says so.
    await page.addInitScript(() => {
      localStorage.setItem("folio.figureWorker", "off");
      const w = window as unknown as { failStrokes: boolean };
      w.failStrokes = true;
      const stroke = CanvasRenderingContext2D.prototype.stroke as (this: CanvasRenderingContext2D, ...args: unknown[]) => void;
      (CanvasRenderingContext2D.prototype as { stroke: (...args: unknown[]) => void }).stroke = function (this: CanvasRenderingContext2D, ...args: unknown[]) {
        if (w.failStrokes) throw new Error("no strokes in this test");
        stroke.apply(this, args);
      };
    });
    await page.mouse.move(0, 0);
    await page.goto(`/reports/${report.id}`);
    const panel = page.locator('[data-panel-id="p0"]');
    await panel.getByRole("alert").getByText("This panel could not be drawn: no strokes in this test").waitFor({ timeout: 30_000 });
    await page.locator('[data-panel-id="note"]').getByText("Still here.").waitFor();
    expect(errors).toEqual([]);
    // Try again, once lines can be drawn: the chart.
    await page.evaluate(() => void ((window as unknown as { failStrokes: boolean }).failStrokes = false));
    // From the keyboard: a pointer over the panel would hand its figure to plotly.
    await panel.getByRole("button", { name: "Try again" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await drawnTraces(panel))[0]?.x?.length, { timeout: 15_000 }).toBe(50);
    expect(await pageInk(panel)).toBeGreaterThan(0);
    expect(await panel.getByRole("alert").count()).toBe(0);
    await context.close();
  });
});
