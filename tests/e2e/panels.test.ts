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
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PanelGrid } from "../../editor/panels/panelSpec";
import { api, startTestServer, type TestServer } from "../helpers/server";
import { eventually } from "../helpers/eventually";
import { launchBrowser, newContext, recordPageErrors, signInAs } from "./browser";

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

/** A plotly trace as the page holds it (gd.data). */
interface Trace {
  name?: string;
  type?: string;
  x?: unknown[];
  y?: unknown[];
  meta?: unknown;
  visible?: unknown;
}

const panelTitled = (page: Page, title: string) => page.locator(".panel").filter({ has: page.locator(".panel-title", { hasText: title }) });

/** The traces plotly drew in the panel titled `title`. */
function tracesOf(page: Page, title: string): Promise<Trace[]> {
  return panelTitled(page, title).evaluate((el) => {
    const gd = el.querySelector(".js-plotly-plot") as unknown as { data?: Trace[] } | null;
    return (gd?.data ?? []).map((d) => ({ name: d.name, type: d.type, x: Array.from(d.x ?? []), y: Array.from(d.y ?? []), meta: d.meta, visible: d.visible }));
  });
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
    const project = "alice/panels-live";
    // Eight runs over three minutes: adam, adamw and sgd runs log side by side for the whole test.
    const demo = runDemo("panels-live", 3, 8);
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
});
