/**
 * Report panels in Chromium against the real server, change feed and collab WebSocket:
 * - two browser contexts author a line plot over a run set filtered by config while `folio demo`
 *   logs; the lines grow in both; a filter changed in one updates both; a frozen run set stops
 *   changing while more points arrive (a second, unfrozen panel keeps growing beside it); a reload
 *   shows the same;
 * - every panel type draws the right numbers for a known data set (the traces plotly receives
 *   compared with values computed here, independently);
 * - untrusted run names and config values are shown as text in titles, legends and tables;
 * - a panel downloads as SVG.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PanelGrid } from "../../editor/panels/panelSpec";
import { api, startTestServer, type TestServer } from "../helpers/server";
import { eventually } from "../helpers/eventually";
import { formatValue } from "../../app/lib/format";
import { launchBrowser, newContext, recordDialogs, recordPageErrors, signInAs } from "./browser";
import { panelsFence } from "./panelFixtures";
import { drawnTraces, type DrawnTrace } from "./plotPoints";
import { perAttempt } from "./suite";

const ROOT = path.resolve(import.meta.dirname, "../..");
let t: TestServer;
let browser: Browser;
let home: string;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestServer({ remix: "build" }), launchBrowser()]);
  home = mkdtempSync(path.join(os.tmpdir(), "folio-panels-"));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** A plotly trace as the page shows it (gd.data, with live appends drawn over the figure). */
type Trace = DrawnTrace;

const panelTitled = (page: Page, title: string) => page.getByRole("group", { name: title, exact: true });

/** The traces shown in the panel titled `title`. */
function tracesOf(page: Page, title: string): Promise<Trace[]> {
  return drawnTraces(panelTitled(page, title));
}

/** Points drawn per trace name, for the traces that are runs' lines (not faint originals or bands). */
async function pointsByRun(page: Page, title: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const tr of await tracesOf(page, title)) {
    const meta = tr.meta as { run?: string; role?: string } | undefined;
    if (!meta?.run || (meta.role && meta.role !== "line")) continue;
    out.set(meta.run, tr.x?.length ?? 0);
  }
  return out;
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** Runs `folio demo` against the test server. */
function runDemo(project: string, minutes: number, runs: number): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, ["bin/folio.mjs", "demo", "--project", project, "--minutes", String(minutes), "--runs", String(runs), "--seed", "11"], {
    cwd: ROOT,
    env: { ...process.env, FOLIO_URL: t.url, FOLIO_API_KEY: t.apiKey, HOME: home, FOLIO_SPOOL_DIR: path.join(home, "spool") },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const done = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => resolve(code));
  });
  return { child, done };
}

async function runsOf(project: string, filter: unknown = null): Promise<{ id: string; name: string; lastStep: number | null; config: Record<string, unknown> }[]> {
  const res = await api(t, "POST", "/api/v1/runs/query", { project, filter, limit: 100 });
  if (res.status === 404) return []; // the project exists once the demo's first run does
  expect(res.status).toBe(200);
  return res.body.runs;
}

describe("report panels", () => {
  it("two people author a live line plot over a filtered run set; filter edits reach both; a frozen set stops changing", async () => {
    const name = perAttempt("panels-live");
    const project = `alice/${name}`;
    // Eight runs over three minutes: adam, adamw and sgd runs log side by side for the whole test.
    const demo = runDemo(name, 3, 8);
    try {
      // Wait for an adam and an sgd run to be logging.
      await eventually(() => runsOf(project), (rs) => rs.some((r) => r.config.optimizer === "adam" && (r.lastStep ?? -1) > 5) && rs.some((r) => r.config.optimizer === "sgd" && (r.lastStep ?? -1) > 5), 60_000);
      const { id } = (await api(t, "POST", "/api/v1/reports", { project, title: "Live panels", markdown: "Sweep notes." })).body as { id: string };

      const ctxA = await newContext(browser, t);
      await signInAs(ctxA, t, t.user);
      const ctxB = await newContext(browser, t);
      await signInAs(ctxB, t, t.user);
      const a = await ctxA.newPage();
      const b = await ctxB.newPage();
      const errors = [recordPageErrors(a), recordPageErrors(b)];
      await a.goto(`/reports/${id}`);
      await b.goto(`/reports/${id}`);
      for (const p of [a, b]) await eventually(() => p.getByTestId("save-indicator").textContent(), (s) => s === "Saved");

      // A inserts a panel grid from the slash menu.
      const editorA = a.locator('[data-testid="report-editor"] .ProseMirror');
      await editorA.locator("p").first().click();
      await a.keyboard.press("End");
      await a.keyboard.press("Enter");
      await a.keyboard.type("/panel");
      await a.getByRole("option", { name: /Panel grid/ }).click();
      await a.locator(".panel").first().waitFor();
      await b.locator(".panel").first().waitFor();

      // A filters the run set by config: only adam runs.
      await a.getByRole("button", { name: "Run sets" }).first().click();
      const sheet = a.getByTestId("runset-sheet");
      await sheet.getByLabel("Field of condition 1").fill("config.optimizer");
      await sheet.getByLabel("Operator of condition 1").selectOption("=");
      await sheet.getByLabel("Value of condition 1").fill("adam");
      await sheet.getByRole("button", { name: "Apply" }).click();
      await sheet.getByLabel("Name", { exact: true }).fill("Adam runs");
      await sheet.getByTestId("runset-save").click();

      // A edits the panel: loss, titled.
      const firstPanel = a.locator(".panel").first();
      await firstPanel.getByRole("button", { name: "Edit panel" }).click();
      const panelSheet = a.getByTestId("panel-sheet");
      await panelSheet.getByLabel("Title", { exact: true }).fill("Loss");
      await panelSheet.getByLabel("Metrics", { exact: true }).fill("loss");
      await panelSheet.getByTestId("panel-sheet-save").click();

      // Both draw the adam runs' loss, and the lines grow in both.
      const adam = (await runsOf(project, { field: "config.optimizer", op: "=", value: "adam" })).map((r) => r.id).sort().join();
      for (const p of [a, b]) await eventually(async () => [...(await pointsByRun(p, "Loss")).keys()].sort().join(), (s) => s === adam, 20_000);
      const before = [total(await pointsByRun(a, "Loss")), total(await pointsByRun(b, "Loss"))];
      await eventually(() => pointsByRun(a, "Loss").then(total), (n) => n > before[0]!, 20_000);
      await eventually(() => pointsByRun(b, "Loss").then(total), (n) => n > before[1]!, 20_000);

      // B changes the filter to sgd: both update.
      await b.getByRole("button", { name: "Run sets" }).first().click();
      const sheetB = b.getByTestId("runset-sheet");
      // Each run's color swatch shows the color its line is drawn in (not one default for all).
      const swatchColors = () =>
        sheetB.locator("li[data-run]").evaluateAll((lis) =>
          lis.map((li) => [(li.querySelector("input.input") as HTMLInputElement).placeholder, (li.querySelector('input[type="color"]') as HTMLInputElement).value] as const),
        );
      const legendColors = () =>
        panelTitled(b, "Loss").locator(".panel-legend-item").evaluateAll((items) => {
          const ctx = document.createElement("canvas").getContext("2d")!;
          return items.map((item) => {
            ctx.fillStyle = (item.querySelector(".panel-legend-swatch") as HTMLElement).style.backgroundColor;
            return [item.textContent ?? "", ctx.fillStyle] as const;
          });
        });
      // The legend may lag a run the demo has just created: compared once it lists every run the sheet does.
      const [swatches, legend] = await eventually(
        async () => [await swatchColors(), await legendColors()] as const,
        ([sw, lg]) => sw.length > 0 && sw.every(([n]) => lg.some(([m]) => m === n)),
        20_000,
      );
      expect(Object.fromEntries(swatches)).toEqual(Object.fromEntries(legend.filter(([n]) => swatches.some(([m]) => m === n))));
      await sheetB.getByLabel("Value of condition 1").fill("sgd");
      await sheetB.getByRole("button", { name: "Apply" }).click();
      await sheetB.getByTestId("runset-save").click();
      const sgd = [...new Set((await runsOf(project, { field: "config.optimizer", op: "=", value: "sgd" })).map((r) => r.id))].sort();
      for (const p of [a, b]) await eventually(async () => [...(await pointsByRun(p, "Loss")).keys()].sort().join(), (s) => s === sgd.join(), 20_000);

      // A adds a second run set over the same runs, left live, for a control panel; and freezes the first.
      await a.getByRole("button", { name: "Run sets" }).first().click();
      const sheet2 = a.getByTestId("runset-sheet");
      await sheet2.getByRole("button", { name: "+ Add run set" }).click();
      await sheet2.getByLabel("Name", { exact: true }).fill("Live control");
      await sheet2.getByLabel("Field of condition 1").fill("config.optimizer");
      await sheet2.getByLabel("Operator of condition 1").selectOption("=");
      await sheet2.getByLabel("Value of condition 1").fill("sgd");
      await sheet2.getByRole("button", { name: "Apply" }).click();
      await sheet2.getByRole("tab", { name: /Adam runs/ }).click();
      await sheet2.getByTestId("runset-freeze").click();
      await sheet2.getByTestId("runset-frozen").waitFor();
      const frozeAt = Date.now();
      await sheet2.getByTestId("runset-save").click();
      await a.getByRole("button", { name: "Add panel" }).first().click();
      await a.getByRole("menuitem", { name: "Line plot" }).click();
      const control = a.locator(".panel").nth(1);
      await control.getByRole("button", { name: "Edit panel" }).click();
      const ps = a.getByTestId("panel-sheet");
      await ps.getByLabel("Title", { exact: true }).fill("Control");
      await ps.getByLabel("Metrics", { exact: true }).fill("loss");
      await ps.getByLabel("Run set", { exact: true }).selectOption({ label: "Live control" });
      await ps.getByTestId("panel-sheet-save").click();

      // The frozen panel's data, once settled in both; then more points arrive (the control grows) and it stays the same.
      // (Each page has fetched the frozen query once it drew data fetched after the save.)
      const fetchedAt = (p: Page) => panelTitled(p, "Loss").locator(".panel-content").getAttribute("data-fetched-at").then(Number);
      for (const p of [a, b]) await eventually(() => fetchedAt(p), (at) => at > frozeAt, 20_000);
      const frozenA = await tracesOf(a, "Loss").then(JSON.stringify);
      await eventually(() => tracesOf(b, "Loss").then(JSON.stringify), (s) => s === frozenA, 10_000);
      const controlBefore = await eventually(() => pointsByRun(b, "Control").then(total), (n) => n > 0, 20_000);
      await eventually(() => pointsByRun(b, "Control").then(total), (n) => n > controlBefore, 20_000);
      await eventually(() => pointsByRun(a, "Control").then(total), (n) => n > controlBefore, 20_000);
      expect(await tracesOf(a, "Loss").then(JSON.stringify)).toBe(frozenA);
      expect(await tracesOf(b, "Loss").then(JSON.stringify)).toBe(frozenA);

      // A reload shows the same frozen panel.
      await b.reload();
      await eventually(() => tracesOf(b, "Loss").then(JSON.stringify), (s) => s === frozenA, 20_000);

      // The report stores queries, not data: the Markdown export's grid holds run ids and steps only.
      const md = (await (await fetch(`${t.url}/api/v1/reports/${id}?format=md`, { headers: { authorization: `Bearer ${t.apiKey}` } })).text());
      const fence = /```folio-panels\n([\s\S]*?)\n```/.exec(md);
      expect(fence).not.toBeNull();
      const grid = JSON.parse(fence![1]!);
      expect(Object.keys(grid).sort()).toEqual(["id", "panels", "runSets", "version"]);
      const frozen = grid.runSets.find((s: { name: string }) => s.name === "Adam runs").frozen;
      expect(Object.keys(frozen.runs[0]).sort()).toEqual(["id", "step"]);
      // Strict schema: any key beyond queries and settings would fail to parse.
      const { id: _gridId, ...stored } = grid;
      expect(PanelGrid.safeParse(stored).success).toBe(true);
      for (const run of await runsOf(project)) {
        const loss = (run as unknown as { summary: Record<string, unknown> }).summary.loss;
        if (typeof loss === "number") expect(md).not.toContain(String(loss));
      }

      if (process.env.FOLIO_E2E_SHOTS) await a.screenshot({ path: `${process.env.FOLIO_E2E_SHOTS}/panels-live.png`, fullPage: true });
      expect(errors.flat().map(String)).toEqual([]);
      await ctxA.close();
      await ctxB.close();
    } finally {
      demo.child.kill();
      await demo.done;
    }
  });
  it("draws every panel type with the right numbers, untrusted names as text, and downloads SVG and PNG", async () => {
    // A project and run ids of its own per attempt (the e2e project retries a failed test once, on the same server).
    const tag = Date.now().toString(36);
    const project = `alice/known-${tag}`;
    // Four runs: loss = a + 1/(step+1) for steps 0…99, score = −log10(lr); the first one's name and
    // a config value are hostile.
    const known = [
      { id: `kn-a-${tag}`, name: "<img src=x onerror=alert(1)>", a: 0.1, lr: 0.1, opt: "adam", bs: 32, score: 1 },
      { id: `kn-b-${tag}`, name: "beta", a: 0.2, lr: 0.01, opt: "adam", bs: 64, score: 2 },
      { id: `kn-c-${tag}`, name: "gamma", a: 0.3, lr: 0.001, opt: "sgd", bs: 32, score: 3 },
      { id: `kn-d-${tag}`, name: "delta", a: 0.4, lr: 0.0001, opt: "sgd", bs: 64, score: 4 },
    ];
    const hostileNote = "$\\href{javascript:alert(1)}{x}$";
    const steps = Array.from({ length: 100 }, (_, i) => i);
    for (const r of known) {
      const created = await api(t, "POST", "/api/v1/runs", { project, id: r.id, name: r.name, config: { lr: r.lr, opt: r.opt, bs: r.bs, dataset: "cifar", note: r.id === known[0]!.id ? hostileNote : "plain" } });
      expect(created.status).toBe(201);
      const logged = await api(t, "POST", `/api/v1/runs/${r.id}/history`, { rows: steps.map((step) => ({ step, metrics: { loss: r.a + 1 / (step + 1) } })) });
      expect(logged.status).toBe(200);
      expect((await api(t, "PATCH", `/api/v1/runs/${r.id}`, { summary: { score: r.score } })).status).toBe(200);
      expect((await api(t, "POST", `/api/v1/runs/${r.id}/finish`, { exitCode: 0 })).status).toBe(200);
    }
    const runSet = { id: "all", name: "All runs", projects: [project], sort: [{ field: "config.lr", order: "desc" }] };
    const at = (i: number) => ({ x: (i % 2) * 6, y: Math.floor(i / 2) * 8, w: 6, h: 8 });
    const panels = [
      { id: "p-line", type: "line", title: "Loss", config: { metrics: ["loss"] } },
      { id: "p-group", type: "line", title: "Loss by optimizer", config: { metrics: ["loss"], groupBy: "config.opt", aggregate: "mean", band: "minmax" } },
      { id: "p-bar", type: "bar", title: "Score", config: { metric: "summary.score" } },
      { id: "p-gbar", type: "bar", title: "Score by optimizer", config: { metric: "summary.score", groupBy: "config.opt", aggregate: "mean", errorBars: "minmax" } },
      { id: "p-scalar", type: "scalar", title: "Best score", config: { metric: "summary.score", source: "summary", reduce: "max", sparkline: false } },
      { id: "p-scatter", type: "scatter", title: "Score against lr", config: { x: "config.lr", y: "summary.score", regression: true, logX: true } },
      { id: "p-parallel", type: "parallel", title: "Sweep", config: { columns: ["config.lr", "config.bs", "summary.score"] } },
      { id: "p-importance", type: "importance", title: "What matters", config: { metric: "summary.score", params: ["config.lr", "config.bs"] } },
      { id: "p-comparer", type: "comparer", title: "Side by side", config: { differencesOnly: false } },
      { id: "p-md", type: "markdown", title: "Notes", config: { markdown: `Hostile: ${hostileNote} and <img src=x onerror=alert(1)> end.` } },
    ].map((p, i) => ({ ...p, runSet: p.type === "markdown" ? null : "all", layout: at(i) }));
    const grid = PanelGrid.parse({ version: 1, runSets: [runSet], panels });
    const markdown = `# Known\n\n${panelsFence(grid, "known")}`;
    const made = await api(t, "POST", "/api/v1/reports", { project, title: "Known numbers", markdown });
    expect(made.status).toBe(201);

    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    const errors = recordPageErrors(page);
    const dialogs = recordDialogs(page);
    await page.goto(`/reports/${made.body.id as string}`);
    await eventually(() => page.locator(".panel").count(), (n) => n === panels.length, 20_000);

    const byLr = [...known].sort((x, y) => y.lr - x.lr);
    const close = (got: unknown[], want: number[]) => {
      expect(got.length).toBe(want.length);
      got.forEach((g, i) => expect(g as number).toBeCloseTo(want[i]!, 10));
    };

    // Line: every run's exact points (100 points, under the budget: the engine returns them all).
    const lines = await eventually(() => tracesOf(page, "Loss"), (ts) => ts.filter((tr) => (tr.meta as { role?: string })?.role === "line").length === 4, 20_000);
    for (const r of known) {
      const tr = lines.find((x) => (x.meta as { run?: string }).run === r.id)!;
      expect(tr.x).toEqual(steps);
      close(tr.y!, steps.map((s) => r.a + 1 / (s + 1)));
    }
    expect(lines.find((x) => (x.meta as { run?: string }).run === known[0]!.id)!.name).toBe("&lt;img src=x onerror=alert(1)&gt;");

    // Grouped line: mean per optimizer with a min–max band, n in the legend.
    const grouped = await eventually(() => tracesOf(page, "Loss by optimizer"), (ts) => ts.length === 6, 20_000);
    for (const [opt, members] of [["adam", known.slice(0, 2)], ["sgd", known.slice(2)]] as const) {
      const mean = grouped.find((x) => (x.meta as { group?: string; role?: string }).group === opt && (x.meta as { role: string }).role === "line")!;
      expect(mean.name).toBe(`${opt} (n=2)`);
      expect(mean.x).toEqual(steps);
      close(mean.y!, steps.map((s) => members.reduce((acc, r) => acc + r.a + 1 / (s + 1), 0) / 2));
      const band = grouped.filter((x) => (x.meta as { group?: string; role?: string }).group === opt && (x.meta as { role: string }).role === "band");
      close(band[0]!.y!, steps.map((s) => Math.min(...members.map((r) => r.a)) + 1 / (s + 1)));
      close(band[1]!.y!, steps.map((s) => Math.max(...members.map((r) => r.a)) + 1 / (s + 1)));
    }

    // Bars: one per run in the run set's order (lr descending), and per group with min–max error bars.
    const bar = await eventually(() => tracesOf(page, "Score"), (ts) => ts.length === 1, 20_000);
    expect(bar[0]!.y).toEqual(byLr.map((r) => r.score));
    const gbar = await panelTitled(page, "Score by optimizer").evaluate((el) => {
      const d = (el.querySelector(".js-plotly-plot") as unknown as { data: { y: number[]; error_y: { array: number[]; arrayminus: number[] } }[] }).data[0]!;
      return { y: Array.from(d.y), plus: Array.from(d.error_y.array), minus: Array.from(d.error_y.arrayminus) };
    });
    expect(gbar).toEqual({ y: [1.5, 3.5], plus: [0.5, 0.5], minus: [0.5, 0.5] });

    // Scalar: the largest score.
    await eventually(() => panelTitled(page, "Best score").getByTestId("panel-scalar-value").getAttribute("title"), (v) => v === "4", 20_000);

    // Scatter: the points, and a least-squares fit on log10(lr): score = −log10(lr) exactly.
    const scatter = await eventually(() => tracesOf(page, "Score against lr"), (ts) => ts.length === 2, 20_000);
    const pairs = scatter[0]!.x!.map((x, i) => [x, scatter[0]!.y![i]]).sort((p, q) => (p[0] as number) - (q[0] as number));
    expect(pairs).toEqual([...known].sort((x, y) => x.lr - y.lr).map((r) => [r.lr, r.score]));
    expect(scatter[1]!.name).toMatch(/^fit: slope -1(\.0+)?, intercept (-)?0(\.0+)?, r² 1\.000$/);
    scatter[1]!.x!.forEach((x, i) => expect(scatter[1]!.y![i] as number).toBeCloseTo(-Math.log10(x as number), 9));

    // Parallel coordinates: each column normalized by its min and max.
    const parallel = await eventually(() => tracesOf(page, "Sweep"), (ts) => ts.length === 4, 20_000);
    const norm = (v: number, all: number[]) => (v - Math.min(...all)) / (Math.max(...all) - Math.min(...all));
    for (const r of known) {
      const line = parallel.find((x) => x.name === (r.id === known[0]!.id ? "&lt;img src=x onerror=alert(1)&gt;" : r.name))!;
      close(line.y!, [norm(r.lr, known.map((k) => k.lr)), norm(r.bs, known.map((k) => k.bs)), norm(r.score, known.map((k) => k.score))]);
    }

    // Importance: the server's answer in a table; Pearson correlation computed here.
    const pearson = (xs: number[], ys: number[]) => {
      const mx = xs.reduce((a, b) => a + b) / xs.length;
      const my = ys.reduce((a, b) => a + b) / ys.length;
      const cov = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
      return cov / Math.sqrt(xs.reduce((a, x) => a + (x - mx) ** 2, 0) * ys.reduce((a, y) => a + (y - my) ** 2, 0));
    };
    const table = panelTitled(page, "What matters").getByTestId("panel-table");
    await eventually(() => table.locator("tbody tr").count(), (n) => n === 2, 20_000);
    const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent ?? "")));
    const lrRow = rows.find((r) => r[0] === "config.lr")!;
    expect(lrRow[2]).toBe(formatValue(pearson(known.map((r) => r.lr), known.map((r) => r.score))));
    expect(lrRow[3]).toBe("4");
    const bsRow = rows.find((r) => r[0] === "config.bs")!;
    expect(bsRow[2]).toBe(formatValue(pearson(known.map((r) => r.bs), known.map((r) => r.score))));
    // Shown whole: the tables size to their content (the report's own table rules do not reach them).
    const clipped = (cells: Locator) => cells.evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth).map((el) => el.textContent));
    expect(await clipped(table.locator("td"))).toEqual([]);

    // Comparer: every field, the hostile value as text; "Differences only" drops what all runs share.
    const comparer = panelTitled(page, "Side by side");
    await eventually(() => comparer.locator("tbody th").allTextContents(), (fs) => fs.includes("config.dataset") && fs.includes("config.note"), 20_000);
    const noteRow = comparer.locator("tbody tr").filter({ has: page.locator("th", { hasText: "config.note" }) });
    expect(await noteRow.locator("td").allTextContents()).toContain(hostileNote);
    expect(await clipped(comparer.locator("tbody th"))).toEqual([]);
    await comparer.getByLabel("Differences only").check();
    await eventually(() => comparer.locator("tbody th").allTextContents(), (fs) => !fs.includes("config.dataset") && fs.includes("config.lr"));

    // Markdown panel: the hostile LaTeX link is not a link; raw HTML stays text.
    const notes = panelTitled(page, "Notes");
    await eventually(() => notes.textContent(), (s) => (s ?? "").includes("end."));
    expect(await notes.locator("a[href^='javascript']").count()).toBe(0);
    expect(await notes.textContent()).toContain("<img src=x onerror=alert(1)>");

    // Nowhere on the page did a hostile string become markup.
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator("a[href^='javascript']").count()).toBe(0);
    // The line plot is drawn on canvas with an HTML legend; on hover plotly takes over, legend and all.
    const loss = panelTitled(page, "Loss");
    expect(await loss.locator(".panel-legend-item").allTextContents()).toContain("<img src=x onerror=alert(1)>");
    await loss.locator(".panel-figure").hover();
    await loss.locator(".panel-figure[data-renderer=canvas]").waitFor({ state: "detached" });
    expect(await loss.locator(".legendtext").allTextContents()).toContain("<img src=x onerror=alert(1)>");
    expect(await page.locator('img[src="x"]').count()).toBe(0);

    // Download SVG and PNG.
    const [svg] = await Promise.all([page.waitForEvent("download"), loss.getByRole("button", { name: "Download SVG" }).click()]);
    expect(svg.suggestedFilename()).toBe("Loss.svg");
    const svgText = readFileSync((await svg.path())!, "utf8");
    expect(svgText.startsWith("<svg")).toBe(true);
    expect(svgText).toContain(">&#60;img src=x onerror=alert(1)&#62;</text>");
    expect(svgText).not.toContain("<img");
    const [png] = await Promise.all([page.waitForEvent("download"), loss.getByRole("button", { name: "Download PNG" }).click()]);
    expect(png.suggestedFilename()).toBe("Loss.png");
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe("PNG");

    if (process.env.FOLIO_E2E_SHOTS) await page.screenshot({ path: `${process.env.FOLIO_E2E_SHOTS}/panels-known.png`, fullPage: true });
    expect(dialogs).toEqual([]);
    expect(errors.map(String)).toEqual([]);
    await context.close();
  });
});
