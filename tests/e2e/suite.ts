/**
 * The per-file setup of a browser test: a built Folio server and a Chromium started before the
 * file's tests and closed after them. Apart from browser.ts because that is also imported outside
 * vitest (the e2e global setup, bench/report-render).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";
import { launchBrowser } from "./browser";

/** Registers the setup; `set` receives both: `useServerAndBrowser((s) => ([t, browser] = s));`. */
export function useServerAndBrowser(set: (started: [TestServer, Browser]) => void): void {
  let started: [TestServer, Browser] | null = null;
  beforeAll(async () => {
    started = await Promise.all([startTestServer({ remix: "build" }), launchBrowser()]);
    set(started);
  });
  afterAll(async () => {
    await started?.[1].close();
    await started?.[0].close();
  });
}

/**
 * `name` made unique per attempt: the e2e project retries a failed test once, on the same server,
 * where the first attempt's projects and runs remain.
 */
export function perAttempt(name: string): string {
  return `${name}-${Date.now().toString(36)}`;
}
