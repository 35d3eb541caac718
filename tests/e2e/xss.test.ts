/**
 * Run names, metric keys and config values come from API clients: they must show as text. A run
 * named `<img src=x onerror=alert(1)>` with a `<script>` config value renders literally on the
 * project and run pages (also when it arrives live), and no dialog ever opens.
 */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { api, type TestServer } from "../helpers/server";
import { newContext, recordDialogs, recordPageErrors, signInAs } from "./browser";
import { useServerAndBrowser } from "./suite";

const NAME = "<img src=x onerror=alert(1)>";
const SCRIPT = "<script>alert(1)</script>";
const KEY = "<svg onload=alert(2)>";

let t: TestServer;
let browser: Browser;

useServerAndBrowser((s) => ([t, browser] = s));

async function logEvilRun(name: string): Promise<string> {
  const created = await api(t, "POST", "/api/v1/runs", {
    project: "xss",
    name,
    displayName: undefined,
    config: { payload: SCRIPT, nested: { html: "<b onmouseover=alert(3)>bold</b>" } },
    tags: ["<i>tag</i>"],
    notes: `${SCRIPT} in the notes`,
  });
  expect(created.status).toBe(201);
  const logged = await api(t, "POST", `/api/v1/runs/${created.body.id}/history`, { rows: [{ step: 0, metrics: { [KEY]: 1.5, loss: 2 } }] });
  expect(logged.status).toBe(200);
  return created.body.id;
}

describe("untrusted strings", () => {
  it("render as text on the project and run pages, loaded or live", async () => {
    const id = await logEvilRun(NAME);
    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    const dialogs = recordDialogs(page);

    await page.goto("/alice/xss");
    await page.locator('[data-feed="live"]').waitFor(); // hydrated and subscribed
    const row = page.locator(`[data-run-id="${id}"]`);
    await expect(row.locator(".run-name").textContent()).resolves.toBe(NAME);
    await expect(page.locator("thead th", { hasText: KEY }).count()).resolves.toBe(1);
    await expect(row.getByText("<i>tag</i>", { exact: true }).count()).resolves.toBe(1);

    // One more arrives while we watch: rendered by React on the client this time.
    const liveId = await logEvilRun(`${NAME} live`);
    await page.locator(`[data-run-id="${liveId}"]`).waitFor({ timeout: 10_000 });
    await expect(page.locator(`[data-run-id="${liveId}"] .run-name`).textContent()).resolves.toBe(`${NAME} live`);

    const injected = await page.evaluate(() => ({
      imgs: document.querySelectorAll('img[src="x"]').length,
      svgs: document.querySelectorAll("main svg[onload]").length,
      bold: document.querySelectorAll("main b[onmouseover]").length,
      italics: document.querySelectorAll("main i").length,
    }));
    expect(injected).toEqual({ imgs: 0, svgs: 0, bold: 0, italics: 0 });

    await page.goto(`/alice/xss/runs/${id}`);
    await page.locator('[data-feed="live"]').waitFor();
    await expect(page.getByTestId("run-title").textContent()).resolves.toBe(NAME);
    await expect(page.getByTestId("run-config").getByText(SCRIPT, { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByTestId("run-config").getByText("<b onmouseover=alert(3)>bold</b>", { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByTestId("run-summary").getByText(KEY, { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByText(`${SCRIPT} in the notes`, { exact: true }).count()).resolves.toBe(1);
    await expect(page.title()).resolves.toContain(NAME);
    const scripts = await page.evaluate(() => [...document.querySelectorAll("main script")].length);
    expect(scripts).toBe(0);

    expect(dialogs).toEqual([]);
    await context.close();
  });

  it("pages carry a Content-Security-Policy whose nonce only Folio's own inline scripts have", async () => {
    const context = await newContext(browser, t);
    await signInAs(context, t, t.user);
    const page = await context.newPage();
    const errors = recordPageErrors(page);
    const response = await page.goto("/alice/xss");
    const policy = response?.headers()["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    await page.locator('[data-feed="live"]').waitFor(); // hydrated under the policy
    const inline = await page.evaluate(() => [...document.querySelectorAll("script:not([src])")].map((s) => (s as HTMLScriptElement).nonce));
    expect(inline.length).toBeGreaterThan(0);
    expect(new Set(inline)).toEqual(new Set([nonce]));
    // A script injected without the nonce does not run.
    const ran = await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.body.append(s);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    expect(errors.filter((e) => !/Content Security Policy/.test(e.message) || !/__injected|inline script/i.test(e.message)).map((e) => e.message)).toEqual([]);
    const next = await page.goto("/alice/xss");
    expect(/'nonce-([^']+)'/.exec(next?.headers()["content-security-policy"] ?? "")?.[1]).not.toBe(nonce);
    await context.close();
  });
});
