/**
 * The runs browser in Chromium, over runs logged through the real HTTP API: filter with the
 * builder (`config.lr < 0.01`), group by `config.optimizer` and read the SQL-computed aggregates,
 * share the URL into a second browser context, columns (add, pin), sort, search, hide and color
 * runs, live updates (a new run appears, a crashed run turns red), and 10,000 runs windowed and
 * paged while scrolling.
 */
import type { Browser, Page } from "playwright-core";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../db/client";
import { formatValue } from "../../app/lib/format";
import { sweepCrashedRuns } from "../../server/services/runs";
import { api, startTestServer, type TestServer } from "../helpers/server";
import { eventually } from "../helpers/eventually";
import { launchBrowser, newContext, recordPageErrors, signInAs } from "./browser";

let t: TestServer;
let browser: Browser;

const SWEEP = [
  { name: "adam-hi", optimizer: "adam", lr: 0.1, loss: 0.9 },
  { name: "adam-mid", optimizer: "adam", lr: 0.005, loss: 0.4 },
  { name: "adam-lo", optimizer: "adam", lr: 0.001, loss: 0.3 },
  { name: "sgd-hi", optimizer: "sgd", lr: 0.05, loss: 1.2 },
  { name: "sgd-mid", optimizer: "sgd", lr: 0.008, loss: 0.7 },
  { name: "sgd-lo", optimizer: "sgd", lr: 0.0005, loss: 0.8 },
  { name: "adamw-lo", optimizer: "adamw", lr: 0.002, loss: 0.25 },
];
const ids = new Map<string, string>();

async function logRun(project: string, r: { name: string; optimizer: string; lr: number; loss: number }, tags: string[] = []): Promise<string> {
  const created = await api(t, "POST", "/api/v1/runs", { project, name: r.name, config: { optimizer: r.optimizer, lr: r.lr, batch_size: 32 }, tags });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = (created.body as { id: string }).id;
  const history = await api(t, "POST", `/api/v1/runs/${id}/history`, { rows: [{ step: 0, metrics: { loss: r.loss + 1 } }, { step: 10, metrics: { loss: r.loss } }] });
  expect(history.status, JSON.stringify(history.body)).toBeLessThan(300);
  return id;
}

const runNames = (page: Page) => page.getByTestId("run-row").locator(".run-name").allTextContents();

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestServer({ remix: "build" }), launchBrowser()]);
  for (const r of SWEEP) ids.set(r.name, await logRun("alice/sweep", r, r.optimizer === "adam" ? ["baseline"] : []));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("runs browser", () => {
  it("filters, groups with aggregates, and shares the view by URL", async () => {
    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    const errors = recordPageErrors(page);
    await page.goto("/alice/sweep");
    await eventually(() => page.getByTestId("run-row").count(), (n) => n === SWEEP.length);

    // Filter config.lr < 0.01 with the builder, opened by its shortcut.
    await page.keyboard.press("f");
    await page.getByLabel("Field of condition 1").fill("config.lr");
    await page.getByLabel("Operator of condition 1").selectOption("<");
    await page.getByLabel("Value of condition 1").fill("0.01");
    await page.getByRole("button", { name: "Apply" }).click();
    const small = SWEEP.filter((r) => r.lr < 0.01);
    const names = await eventually(() => runNames(page), (n) => n.length === small.length);
    expect(names.sort()).toEqual(small.map((r) => r.name).sort());
    await expect(page.getByTestId("filter-chip").textContent()).resolves.toContain("config.lr < 0.01");
    expect(JSON.parse(new URL(page.url()).searchParams.get("filter") ?? "null")).toEqual({ field: "config.lr", op: "<", value: 0.01 });

    // Group by config.optimizer: one row per optimizer with the count and mean ± std of the loss.
    await page.getByTestId("group-by").selectOption("config.optimizer");
    await eventually(() => page.getByTestId("group-row").count(), (n) => n === 3);
    const expected = new Map<string, number[]>();
    for (const r of small) expected.set(r.optimizer, [...(expected.get(r.optimizer) ?? []), r.loss]);
    for (const [optimizer, losses] of expected) {
      const row = page.locator(`[data-testid="group-row"][data-key="${optimizer}"]`);
      await expect(row.getByTestId("group-count").textContent()).resolves.toBe(`${losses.length} ${losses.length === 1 ? "run" : "runs"}`);
      const mean = losses.reduce((a, b) => a + b, 0) / losses.length;
      const stat = (await row.locator('[data-field="summary.loss"]').textContent()) ?? "";
      expect(stat.startsWith(formatValue(mean)), `${optimizer}: ${stat}`).toBe(true);
      if (losses.length > 1) {
        const std = Math.sqrt(losses.reduce((a, b) => a + (b - mean) ** 2, 0) / (losses.length - 1));
        expect(stat).toContain(`± ${formatValue(std)}`);
      }
    }
    // Other statistics, and expanding a group lists its runs.
    await page.getByTestId("aggregate").selectOption("max");
    await eventually(() => page.locator('[data-testid="group-row"][data-key="adam"] [data-field="summary.loss"]').textContent(), (v) => v === formatValue(0.4));
    await page.getByRole("button", { name: "Expand group sgd" }).click();
    await eventually(() => runNames(page), (n) => n.length === 2);

    // The URL carries the whole view: a second browser context sees the same thing.
    const shared = page.url();
    const other = await newContext(browser, t);
    await signInAs(other, t, t.user);
    const second = await other.newPage();
    await second.goto(shared);
    await eventually(() => second.getByTestId("group-row").count(), (n) => n === 3);
    await expect(second.locator('[data-testid="group-row"][data-key="adam"] [data-field="summary.loss"]').textContent()).resolves.toBe(formatValue(0.4));
    await expect(second.getByTestId("filter-chip").textContent()).resolves.toContain("config.lr < 0.01");
    expect(errors).toEqual([]);
    await other.close();
    await context.close();
  });

  it("chooses, pins and sorts columns, searches, hides and colors runs", async () => {
    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    await page.goto("/alice/sweep");
    await eventually(() => page.getByTestId("run-row").count(), (n) => n === SWEEP.length);

    // Add config.batch_size from the chooser and pin it: it becomes the first data column.
    await page.getByTestId("columns-button").click();
    await page.locator('[data-testid="column-option"][data-field="config.batch_size"]').click();
    await page.getByRole("button", { name: "Pin config.batch_size" }).click();
    await page.keyboard.press("Escape");
    await eventually(() => page.locator("thead th[data-field]").first().getAttribute("data-field"), (f) => f === "config.batch_size");
    const url = new URL(page.url());
    expect(JSON.parse(url.searchParams.get("pin") ?? "[]")).toEqual(["config.batch_size"]);

    // Sort by the loss (ascending after two clicks: numbers start descending).
    const lossHeader = page.locator('thead th[data-field="summary.loss"] button');
    await lossHeader.click();
    await eventually(() => runNames(page), (n) => n[0] === "sgd-hi");
    await lossHeader.click();
    await eventually(() => runNames(page), (n) => n[0] === "adamw-lo");

    // Search narrows by name.
    await page.getByTestId("runs-search").fill("sgd-");
    await eventually(() => runNames(page), (n) => n.length === 3 && n.every((x) => x.startsWith("sgd-")));
    await page.getByTestId("runs-search").fill("");
    await eventually(() => page.getByTestId("run-row").count(), (n) => n === SWEEP.length);

    // Hide a run and give another a color; both survive a reload (they are in the URL).
    const adamHi = ids.get("adam-hi")!;
    await page.getByRole("button", { name: "Hide adam-hi" }).click();
    await eventually(() => page.locator(`[data-run-id="${adamHi}"]`).getAttribute("data-hidden"), (v) => v === "true");
    await page.locator(`[data-run-id="${ids.get("sgd-lo")}"] input[type="color"]`).fill("#ff0088");
    await eventually(async () => new URL(page.url()).searchParams.get("colors"), (c) => c !== null && c.includes("#ff0088"));
    await page.reload();
    await eventually(() => page.locator(`[data-run-id="${adamHi}"]`).getAttribute("data-hidden"), (v) => v === "true");
    const swatch = await page.locator(`[data-run-id="${ids.get("sgd-lo")}"] .swatch`).evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(swatch).toBe("rgb(255, 0, 136)");

    // A query the engine refuses is explained, not a broken page.
    await page.goto(`/alice/sweep?filter=${encodeURIComponent(JSON.stringify({ field: "config.lr", op: "withinLast", value: "7d" }))}`);
    await expect(page.getByTestId("query-problem").textContent()).resolves.toContain("filter.op");
    await context.close();
  });

  it("updates live: new runs appear, crashed runs turn red", async () => {
    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    await page.goto(`/alice/sweep?filter=${encodeURIComponent(JSON.stringify({ field: "config.optimizer", op: "=", value: "adam" }))}`);
    await eventually(() => page.getByTestId("run-row").count(), (n) => n === 3);
    await page.getByText("Live", { exact: true }).waitFor();

    // A matching run appears on top; one that does not match stays out.
    await logRun("alice/sweep", { name: "sgd-late", optimizer: "sgd", lr: 0.01, loss: 1 });
    const lateId = await logRun("alice/sweep", { name: "adam-late", optimizer: "adam", lr: 0.01, loss: 0.5 });
    // Generous: on a loaded CI machine the reload the connection asks for can hold the live merge back.
    await eventually(() => runNames(page), (n) => n[0] === "adam-late" && n.length === 4, 25_000);
    expect(await runNames(page)).not.toContain("sgd-late");

    // Its heartbeat stops: the sweep marks it crashed and the row turns red.
    await rows(t.server.services.db, sql`update runs set heartbeat_at = now() - interval '1 hour' where id = ${lateId}`);
    expect(await sweepCrashedRuns(t.server.services.db, 60)).toBeGreaterThan(0);
    await eventually(() => page.locator(`[data-run-id="${lateId}"]`).getAttribute("data-state"), (s) => s === "crashed", 25_000);
    const bg = await page.locator(`[data-run-id="${lateId}"] td.col-name`).evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).not.toBe("rgb(255, 255, 255)");
    await context.close();
  });

  it("windows and pages 10,000 runs", async () => {
    const seed = await logRun("alice/big", { name: "seed", optimizer: "adam", lr: 0.1, loss: 1 });
    const db = t.server.services.db;
    const [{ project_id: projectId, created_by: createdBy }] = await rows<{ project_id: number; created_by: number }>(db, sql`select project_id, created_by from runs where id = ${seed}`);
    await rows(db, sql`
      insert into runs (id, project_id, created_by, name, config, summary, state, created_at, heartbeat_at)
      select 'big' || g, ${projectId}, ${createdBy}, 'run-' || lpad(g::text, 5, '0'),
             jsonb_build_object('lr', (g % 100) / 1000.0, 'optimizer', case when g % 2 = 0 then 'adam' else 'sgd' end),
             jsonb_build_object('loss', 1.0 / g), 'finished', now() - (g || ' seconds')::interval, now()
      from generate_series(1, 9999) g`);
    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    await page.goto("/alice/big");
    await expect(page.getByTestId("run-counts").textContent()).resolves.toContain("10000 runs");
    // Only a window of rows is in the DOM.
    const rendered = await page.getByTestId("run-row").count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(120);
    expect(await runNames(page).then((n) => n[0])).toBe("run-09999");
    // Scrolling to the end pages more runs in, until the oldest (the first logged) is there.
    await eventually(async () => {
      await page.locator(".runs-scroll").evaluate((el) => el.scrollTo(0, el.scrollHeight));
      return page.locator('[data-testid="run-row"]').last().locator(".run-name").textContent();
    }, (name) => name === "seed", 60_000);
    expect(await page.getByTestId("run-row").count()).toBeLessThan(120);
    await context.close();
  });
});
