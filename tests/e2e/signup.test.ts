/**
 * The acceptance path, in a real browser against a real server: sign up, create an API key in
 * settings, stream `folio demo` from a child process, and watch the project page fill in live
 * (rows appear, values move, one run fails and one crashes) without ever reloading.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";
import { launchBrowser, markDocument, newContext, recordPageErrors, stillSameDocument } from "./browser";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

let t: TestServer;
let browser: Browser;
let home: string;

beforeAll(async () => {
  // A short heartbeat timeout so the demo's abandoned run turns "crashed" within the test.
  [t, browser] = await Promise.all([
    startTestServer({ remix: "build", env: { FOLIO_HEARTBEAT_TIMEOUT_SECONDS: "4", FOLIO_CRASH_SWEEP_SECONDS: "1" } }),
    launchBrowser(),
  ]);
  home = mkdtempSync(path.join(os.tmpdir(), "folio-e2e-home-"));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

const rowCount = (page: Page) => page.locator('[data-testid="run-row"]').count();

/** Runs `folio demo` against the test server; resolves with its exit code and output. */
function runDemo(apiKey: string): { child: ChildProcess; done: Promise<{ code: number | null; output: string }> } {
  const child = spawn(process.execPath, ["bin/folio.mjs", "demo", "--project", "demo", "--minutes", "0.3", "--runs", "3", "--seed", "7"], {
    cwd: ROOT,
    env: { ...process.env, FOLIO_URL: t.url, FOLIO_API_KEY: apiKey, HOME: home, FOLIO_SPOOL_DIR: path.join(home, "spool") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const done = new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
  return { child, done };
}

describe("sign-up to live runs", () => {
  // Each attempt signs up its own account (the e2e project retries a failed test once, on the same
  // server, where the first attempt's account already exists).
  let attempt = 0;
  it("signs up, creates a key, and watches `folio demo` arrive live", async () => {
    const handle = `bea${++attempt === 1 ? "" : attempt}`;
    const context = await newContext(browser, t);
    const page = await context.newPage();
    const errors = recordPageErrors(page);

    // 1. Sign up (alice already exists, so this is not the first account).
    await page.goto("/signup");
    await page.getByLabel("Name").fill("Bea Tester");
    await page.getByLabel("Email").fill(`${handle}@example.com`);
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL((url) => url.pathname === "/" && url.searchParams.has("welcome"));
    await page.getByRole("heading", { name: /Welcome to Folio/ }).waitFor();
    await page.getByText("npx folio login").waitFor();

    // 2. Create an API key and read it off the page (it is shown once).
    await page.getByRole("link", { name: "Settings → API keys" }).click();
    await page.waitForURL("**/settings/api-keys");
    // The URL changes before the new page is drawn, and the welcome page has a "Team name" field:
    // wait for the keys page itself, and match its label exactly.
    await page.getByRole("heading", { name: "Create a key" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("e2e laptop");
    await page.getByRole("button", { name: "Create key" }).click();
    const apiKey = (await page.getByTestId("new-api-key").textContent().catch(async (e) => {
      await page.screenshot({ path: ".test-results/api-key-failure.png" });
      console.error(await page.content());
      throw e;
    }))?.trim() ?? "";
    expect(apiKey).toMatch(/^folio_[A-Za-z0-9_-]{20,}$/);
    await page.getByTestId("api-key-row").filter({ hasText: "e2e laptop" }).waitFor();

    // 3. Open the (not yet existing) project page; it waits for the first run.
    await page.goto(`/${handle}/demo`);
    await page.getByText("Waiting for the first run").waitFor();
    await markDocument(page);
    expect(await rowCount(page)).toBe(0);

    // 4. Stream the demo; the page fills in without a reload.
    const demo = runDemo(apiKey);
    try {
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="run-row"]').length >= 1, null, { timeout: 20_000 });
      await page.locator('[data-feed="live"]').waitFor({ timeout: 10_000 });
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="run-row"]').length === 3, null, { timeout: 20_000 });

      // Values move: some running run's step advances while we watch.
      const running = page.locator('[data-testid="run-row"][data-state="running"]').first();
      const runId = await running.getAttribute("data-run-id");
      const stepCell = (id: string) => `[data-run-id="${id}"] td[data-field="lastStep"]`;
      const before = await page.locator(stepCell(runId!)).textContent();
      await page.waitForFunction(
        ([sel, prev]) => document.querySelector(sel)?.textContent !== prev,
        [stepCell(runId!), before] as const,
        { timeout: 15_000 },
      );

      // The diverging run fails and the abandoned one is marked crashed: both show red-ish badges.
      await page.locator('[data-testid="run-row"][data-state="failed"]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="run-row"][data-state="crashed"]').waitFor({ timeout: 30_000 });
      for (const state of ["failed", "crashed"]) {
        const badge = page.locator(`[data-testid="run-row"][data-state="${state}"] .badge`);
        await expect(badge.textContent()).resolves.toMatch(new RegExp(state, "i"));
        const [r, g, b] = (await badge.evaluate((el) => getComputedStyle(el).color)).match(/\d+/g)!.map(Number);
        expect(r, `${state} badge colour`).toBeGreaterThan(150);
        expect(r).toBeGreaterThan(g + 60);
        expect(r).toBeGreaterThan(b + 60);
      }

      const { code, output } = await demo.done;
      expect(code, output).toBe(0);
      await page.waitForFunction(() => !document.querySelector('[data-testid="run-row"][data-state="running"]'), null, { timeout: 15_000 });
      await page.locator('[data-testid="run-row"][data-state="finished"]').waitFor();
    } finally {
      if (demo.child.exitCode === null) demo.child.kill();
    }

    expect(await stillSameDocument(page), "the page must update without reloading").toBe(true);
    await page.screenshot({ path: path.join(ROOT, ".test-results/project-page.png"), fullPage: true });

    // 5. The run page shows the crashed run's overview.
    await page.locator('[data-testid="run-row"][data-state="crashed"] .run-link').click();
    await page.waitForURL(new RegExp(`/${handle}/demo/runs/`));
    await page.getByTestId("run-config").waitFor();
    await expect(page.locator(".page-header .badge").first().textContent()).resolves.toMatch(/Crashed/);
    await page.screenshot({ path: path.join(ROOT, ".test-results/run-page.png"), fullPage: true });

    expect(errors.map(String)).toEqual([]);
    await context.close();
  });
});
