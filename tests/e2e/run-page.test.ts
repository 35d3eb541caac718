/**
 * The run page in Chromium: a chart per logged metric that grows while the run logs (no reload,
 * no request storm), filter, x-axis, drag-zoom and reset, error and retry, the empty state,
 * editable notes that survive a reload, the recorded git patch as a diff, and a hostile metric key
 * that renders as text without opening a dialog.
 */
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { api, type TestServer } from "../helpers/server";
import { markDocument, newContext, recordDialogs, recordPageErrors, signInAs, stillSameDocument } from "./browser";
import { useServerAndBrowser } from "./suite";

const HOSTILE = "<img src=x onerror=alert(1)>";
const PATCH = [
  "diff --git a/train.py b/train.py",
  "index 1234567..89abcde 100644",
  "--- a/train.py",
  "+++ b/train.py",
  "@@ -1,3 +1,3 @@",
  " import torch",
  "-lr = 0.1",
  "+lr = 0.01",
  "diff --git a/notes.md b/notes.md",
  "--- a/notes.md",
  "+++ b/notes.md",
  "@@ -1 +1 @@",
  "-<script>alert(3)</script>",
  "+<b onmouseover=alert(4)>x</b>",
  "",
].join("\n");

let t: TestServer;
let browser: Browser;

useServerAndBrowser((s) => ([t, browser] = s));

async function createRun(): Promise<string> {
  const created = await api(t, "POST", "/api/v1/runs", {
    project: "runpage",
    name: "live-run",
    git: { commit: "0123456789abcdef0123456789abcdef01234567", remote: "https://example.com/repo.git", dirtyPatch: PATCH },
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function logSteps(id: string, from: number, to: number): Promise<void> {
  const rows = [];
  for (let step = from; step < to; step++) {
    const metrics: Record<string, number | string> = { loss: 2 / (step + 1), acc: step === 3 ? "NaN" : step / 100 };
    if (step % 5 === 0) metrics["val/loss"] = 2.5 / (step + 1);
    if (step === 0) metrics[HOSTILE] = 1;
    rows.push({ step, metrics });
  }
  const logged = await api(t, "POST", `/api/v1/runs/${id}/history`, { rows });
  expect(logged.status).toBe(200);
}

/** Every chart's test attributes, by key. */
function charts(page: Page): Promise<Record<string, { state: string; points: number; lastStep: string; zoomed: string }>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>('[data-testid="metric-chart"]')].map((el) => [
        el.dataset.key ?? "",
        { state: el.dataset.state ?? "", points: Number(el.dataset.pointCount), lastStep: el.dataset.lastStep ?? "", zoomed: el.dataset.zoomed ?? "" },
      ]),
    ),
  );
}

describe("run page", () => {
  it("draws a chart per metric and grows it live while the run logs", async () => {
    const id = await createRun();
    await logSteps(id, 0, 20);
    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    const dialogs = recordDialogs(page);
    const errors = recordPageErrors(page);
    const queries: number[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/api/v1/metrics/query")) queries.push(Date.now());
    });

    await page.goto(`/alice/runpage/runs/${id}`);
    await page.locator('[data-feed="live"]').waitFor();
    await expect.poll(() => charts(page), { timeout: 20_000 }).toEqual({
      acc: { state: "ready", points: 19, lastStep: "19", zoomed: "false" }, // step 3 is NaN: a gap
      loss: { state: "ready", points: 20, lastStep: "19", zoomed: "false" },
      "val/loss": { state: "ready", points: 4, lastStep: "15", zoomed: "false" },
      [HOSTILE]: { state: "ready", points: 1, lastStep: "0", zoomed: "false" },
    });
    await expect(page.locator(".chart-section-head", { hasText: "val" }).count()).resolves.toBe(1);
    await expect(page.getByText("1 NaN/Infinity values shown as gaps").count()).resolves.toBe(1);

    // The run keeps logging, in a burst of small writes: the charts follow without a reload and
    // without a request per event.
    await markDocument(page);
    const before = queries.length;
    const started = Date.now();
    for (let from = 20; from < 60; from += 4) await logSteps(id, from, from + 4);
    await expect
      .poll(async () => (await charts(page)).loss, { timeout: 20_000 })
      .toEqual({ state: "ready", points: 60, lastStep: "59", zoomed: "false" });
    await expect.poll(async () => (await charts(page))["val/loss"]?.lastStep, { timeout: 10_000 }).toBe("55");
    expect(await stillSameDocument(page)).toBe(true);
    const seconds = (Date.now() - started) / 1000;
    expect(queries.length - before).toBeLessThanOrEqual(Math.ceil(seconds) + 2);

    // The filter box narrows the charts; the x-axis selector redraws them against time.
    await page.getByLabel("Filter metrics").fill("LOSS");
    await expect.poll(async () => Object.keys(await charts(page)).sort()).toEqual(["loss", "val/loss"]);
    await page.getByLabel("x-axis").selectOption("relativeTime");
    await expect.poll(async () => (await charts(page)).loss?.state, { timeout: 10_000 }).toBe("ready");
    await page.getByLabel("x-axis").selectOption("step");
    await page.getByLabel("Filter metrics").fill("");
    await expect.poll(async () => (await charts(page)).loss, { timeout: 10_000 }).toEqual({ state: "ready", points: 60, lastStep: "59", zoomed: "false" });

    // Drag-zoom on the loss chart asks for that range; a double-click resets.
    const plot = page.locator('[data-testid="metric-chart"][data-key="loss"] .nsewdrag').first();
    await expect.poll(() => plot.count(), { timeout: 10_000 }).toBe(1);
    const box = await plot.boundingBox();
    if (!box) throw new Error("no plot area");
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await charts(page)).loss, { timeout: 10_000 }).toMatchObject({ state: "ready", zoomed: "true" });
    const zoomed = (await charts(page)).loss;
    expect(zoomed.points).toBeGreaterThan(0);
    expect(zoomed.points).toBeLessThan(60);
    await page.getByRole("button", { name: "Reset zoom" }).click();
    await expect.poll(async () => (await charts(page)).loss, { timeout: 10_000 }).toEqual({ state: "ready", points: 60, lastStep: "59", zoomed: "false" });

    // The hostile key is text, in the chart's title, and nothing ran.
    const hostile = page.locator('[data-testid="metric-chart"]').filter({ has: page.getByText(HOSTILE, { exact: true }) });
    await expect(hostile.count()).resolves.toBe(1);
    const injected = await page.evaluate(() => document.querySelectorAll('img[src="x"], main script').length);
    expect(injected).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors.map(String)).toEqual([]);
    await context.close();
  });

  it("edits notes inline and shows the recorded patch as a diff", async () => {
    const id = await createRun();
    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    const dialogs = recordDialogs(page);
    await page.goto(`/alice/runpage/runs/${id}`);
    await page.locator('[data-feed="live"]').waitFor();
    await page.getByText("No metrics logged yet").waitFor();

    // Esc discards, Mod-Enter saves; the notes are text and survive a reload.
    const notes = page.getByTestId("run-notes");
    await notes.getByRole("button", { name: "Edit" }).click();
    await notes.getByLabel("Notes").fill("discard me");
    await notes.getByLabel("Notes").press("Escape");
    await notes.getByText("No notes yet.").waitFor();
    const text = "lr sweep, <script>alert(5)</script>\nsecond line";
    await notes.getByRole("button", { name: "Edit" }).click();
    await notes.getByLabel("Notes").fill(text);
    await notes.getByLabel("Notes").press("Control+Enter");
    await expect.poll(() => notes.getByTestId("run-notes-text").textContent(), { timeout: 10_000 }).toBe(text);
    await page.reload();
    await expect(page.getByTestId("run-notes-text").textContent()).resolves.toBe(text);
    const stored = await api(t, "GET", `/api/v1/runs/${id}`);
    expect(stored.body.notes).toBe(text);

    // The dirty patch: a collapsed summary, then files and coloured lines as text.
    const patch = page.getByTestId("git-patch");
    await patch.getByText("Uncommitted changes").click();
    await patch.locator(".patch-files").getByText("train.py").waitFor();
    await expect(patch.locator(".diff-add", { hasText: "+lr = 0.01" }).count()).resolves.toBe(1);
    await expect(patch.locator(".diff-del", { hasText: "-lr = 0.1" }).count()).resolves.toBe(1);
    await expect(patch.locator(".diff-add", { hasText: "+<b onmouseover=alert(4)>x</b>" }).count()).resolves.toBe(1);
    const injected = await page.evaluate(() => document.querySelectorAll("main b, main script").length);
    expect(injected).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it("caps a long patch and shows all of it on request", async () => {
    const long = ["diff --git a/big.txt b/big.txt", "@@ -0,0 +1,1000 @@", ...Array.from({ length: 1000 }, (_, i) => `+line ${i}`)].join("\n");
    const created = await api(t, "POST", "/api/v1/runs", { project: "runpage", git: { commit: "abc", dirtyPatch: long } });
    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    await page.goto(`/alice/runpage/runs/${created.body.id}`);
    const patch = page.getByTestId("git-patch");
    await patch.getByText("Uncommitted changes").click();
    await expect(patch.locator(".patch-files").textContent()).resolves.toContain("+1000");
    await expect(patch.locator(".diff-add").count()).resolves.toBeLessThan(300);
    await patch.getByRole("button", { name: "Show all" }).click();
    await expect.poll(() => patch.locator(".diff-add").count(), { timeout: 10_000 }).toBe(1000);
    await patch.getByText("+line 999", { exact: true }).waitFor();
    await context.close();
  });

  it("shows a failed query as an error with a retry", async () => {
    const id = await createRun();
    await logSteps(id, 0, 10);
    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    await page.route("**/api/v1/metrics/query", (route) =>
      route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "Database is busy" } }) }),
    );
    await page.goto(`/alice/runpage/runs/${id}`);
    const loss = page.locator('[data-testid="metric-chart"][data-key="loss"]');
    await loss.getByText("Database is busy").waitFor({ timeout: 10_000 });
    await expect(loss.getAttribute("data-state")).resolves.toBe("error");
    await page.unroute("**/api/v1/metrics/query");
    await loss.getByRole("button", { name: "Retry" }).click();
    await expect.poll(() => loss.getAttribute("data-point-count"), { timeout: 10_000 }).toBe("10");
    await context.close();
  });

  it("refuses a notes post without the CSRF token, and strangers get a 404", async () => {
    const id = await createRun();
    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const res = await context.request.post(`/alice/runpage/runs/${id}`, { form: { intent: "notes", notes: "forged" }, maxRedirects: 0 });
    expect(res.status()).toBe(403);
    const bob = await t.addUser("bob@example.com");
    const other = await newContext(browser, t);
    await signInAs(other, t, bob.user);
    const page = await other.newPage();
    const visit = await page.goto(`/alice/runpage/runs/${id}`);
    expect(visit?.status()).toBe(404);
    const raw = await other.request.get(`/alice/runpage/runs/${id}/patch`);
    expect(raw.status()).toBe(404);
    expect((await api(t, "GET", `/api/v1/runs/${id}`)).body.notes).toBeNull();
    await Promise.all([context.close(), other.close()]);
  });
});
