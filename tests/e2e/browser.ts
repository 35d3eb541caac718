/**
 * Debian's Chromium driven by playwright-core (never `playwright install`): one headless browser
 * per test file, a fresh context per test, and fixtures that sign a user in by creating the
 * session directly in the database rather than clicking through the login form.
 */
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { sessionCookieValue, SESSION_COOKIE } from "../../server/auth/sessionCookie";
import type { User } from "../../server/services/accounts";
import { createSession } from "../../server/services/sessions";
import type { TestServer } from "../helpers/server";

export const CHROMIUM_PATH = process.env.FOLIO_E2E_CHROMIUM ?? "/usr/bin/chromium";

/** Launches headless Chromium with the flags a container needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A fresh context (no cookies) against `t`'s server at a desktop size. */
export function newContext(browser: Browser, t: Pick<TestServer, "url">): Promise<BrowserContext> {
  return browser.newContext({ baseURL: t.url, viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
}

/** Signs `user` into `context` with a session made directly in the database; returns the session id. */
export async function signInAs(context: BrowserContext, t: TestServer, user: User): Promise<string> {
  const { db, secret } = t.server.services;
  const sessionId = await createSession(db, user.id);
  const value = await sessionCookieValue(secret, sessionId);
  await context.addCookies([{ name: SESSION_COOKIE, value, url: t.url, httpOnly: true, sameSite: "Lax" }]);
  return sessionId;
}

/** Records every alert/confirm/prompt the page opens (and dismisses it). */
export function recordDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on("dialog", (dialog) => {
    seen.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  return seen;
}

/**
 * Collects uncaught page errors and Content-Security-Policy violations (Chromium reports those on
 * the console), so a test can assert the app ran cleanly under its policy.
 */
export function recordPageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on("pageerror", (e) => errors.push(e));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(new Error(m.text()));
  });
  return errors;
}

/** The page's console messages and failed requests as they come, for a failed wait's message (the last `n`). */
export function recordConsole(page: Page): (n?: number) => string {
  const lines: string[] = [];
  page.on("console", (m) => lines.push(`console.${m.type()}: ${m.text()}`));
  page.on("requestfailed", (r) => lines.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("response", (r) => {
    if (r.status() >= 400) lines.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  page.on("worker", (w) => lines.push(`worker started: ${w.url()}`));
  return (n = 20) => lines.slice(-n).join(" | ") || "(no console messages)";
}

/** Marks the current document; `stillSameDocument` is false after any reload or full navigation. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __folioMark: boolean }).__folioMark = true;
  });
}

/** Whether the document marked by `markDocument` is still the one loaded. */
export function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __folioMark?: boolean }).__folioMark === true);
}
