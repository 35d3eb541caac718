/**
 * Reports in Chromium against the real server and collab WebSocket: create a report from the
 * project's list, two people open it in two browser contexts, Markdown shortcuts, LaTeX and lists
 * typed by one appear in the other within a second with the remote cursor, the save indicator
 * follows the server's "saved" confirmations, a reload shows the same document, the Markdown export
 * equals the expected file, and a report in the trash opens read-only.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptInvite, createInvite, createTeam } from "../../server/services/teams";
import { createServer } from "node:net";
import { startFolio } from "../../server/app";
import { api, startTestServer, type TestServer } from "../helpers/server";
import { eventually } from "../helpers/eventually";
import { launchBrowser, newContext, recordPageErrors, signInAs } from "./browser";

let t: TestServer;
let browser: Browser;
let bob: Awaited<ReturnType<TestServer["addUser"]>>;

/** A port free right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const editor = (page: Page) => page.locator('[data-testid="report-editor"] .ProseMirror');

/** Text of an element without remote cursors' name labels (y-prosemirror draws them inline). */
const textOf = (l: ReturnType<Page["locator"]>) =>
  l.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".ProseMirror-yjs-cursor").forEach((c) => c.remove());
    return copy.textContent ?? "";
  });

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestServer({ remix: "build" }), launchBrowser()]);
  // Bob joins Alice's team through an invite, as in the product.
  bob = await t.addUser("bob@example.com");
  const team = await createTeam(t.server.services.db, t.user, { name: "Vision Lab" });
  await acceptInvite(t.server.services.db, bob.user, await createInvite(t.server.services.db, t.user, team, "member"));
  // The project exists once it has a run.
  const res = await fetch(`${t.url}/api/v1/runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ project: "vision-lab/vision", name: "r1" }),
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("reports", () => {
  it("two people co-edit a report live, with Markdown shortcuts, LaTeX, lists and cursors", async () => {
    const alice = await newContext(browser, t);
    await signInAs(alice, t, t.user);
    const a = await alice.newPage();
    const errors = recordPageErrors(a);
    await a.goto("/vision-lab/vision/reports");
    // The first attempt finds no report yet (a retry finds the first attempt's, under its own title).
    const title = `LR sweep findings ${Date.now().toString(36)}`;
    await a.getByLabel("Title of the new report").waitFor();
    await a.getByLabel("Title of the new report").fill(title);
    await a.getByRole("button", { name: "New report" }).click();
    await a.waitForURL(/\/reports\/[a-z0-9]+$/);
    const reportUrl = new URL(a.url()).pathname;
    const reportId = reportUrl.split("/").pop()!;
    await eventually(() => a.getByTestId("save-indicator").textContent(), (s) => s === "Saved");

    const bobContext = await newContext(browser, t);
    await signInAs(bobContext, t, bob.user);
    const b = await bobContext.newPage();
    const bobErrors = recordPageErrors(b);
    await b.goto(reportUrl);
    await eventually(() => b.getByTestId("save-indicator").textContent(), (s) => s === "Saved");
    await expect(b.getByTestId("report-title").inputValue()).resolves.toBe(title);

    // Both are present.
    await eventually(() => a.getByTestId("presence-avatar").count(), (n) => n === 2);

    // Alice types with Markdown shortcuts: a heading, a paragraph with inline math, a list.
    await editor(a).click();
    await a.keyboard.type("# Results");
    await a.keyboard.press("Enter");
    await a.keyboard.type("The loss scales as $x^2$ ");
    await a.keyboard.type("for small lr.");
    await a.keyboard.press("Enter");
    await a.keyboard.type("- adam wins");
    await a.keyboard.press("Enter");
    await a.keyboard.type("sgd is stable");
    const typedAt = Date.now();

    // Bob sees it within a second: the heading, rendered math, the list, and Alice's cursor.
    await eventually(() => b.locator('[data-testid="report-editor"] li').count(), (n) => n === 2, 5_000);
    await eventually(() => textOf(editor(b).locator("li").nth(1)), (s) => s === "sgd is stable", 5_000);
    expect(Date.now() - typedAt).toBeLessThan(1_000 + 500);
    await expect(textOf(editor(b).locator("h1"))).resolves.toBe("Results");
    await eventually(() => editor(b).locator(".katex").count(), (n) => n >= 1);
    await eventually(() => b.locator(".ProseMirror-yjs-cursor").count(), (n) => n >= 1);
    await expect(b.locator(".ProseMirror-yjs-cursor").first().textContent()).resolves.toContain("alice");

    // Alice's edits are confirmed by the server.
    await eventually(() => a.getByTestId("save-indicator").getAttribute("data-saved"), (s) => s === "true");
    await eventually(() => a.getByTestId("save-indicator").textContent(), (s) => s === "Saved");

    // Bob edits too, from the keyboard; Alice sees it.
    await editor(b).focus();
    // Bob never placed a cursor: the document Alice filled in is not selected for him (typing would replace it all).
    await expect(b.evaluate(() => getSelection()?.isCollapsed)).resolves.toBe(true);
    await b.keyboard.press("Control+Home");
    await b.keyboard.press("End");
    await b.keyboard.type(" (draft)");
    await eventually(() => textOf(editor(a).locator("h1")), (s) => s === "Results (draft)");

    // A reload shows the same document, from the server.
    await eventually(() => b.getByTestId("save-indicator").textContent(), (s) => s === "Saved");
    await b.reload();
    await eventually(() => textOf(editor(b).locator("h1")), (s) => s === "Results (draft)");
    await eventually(() => editor(b).locator("li").count(), (n) => n === 2);

    // Export to Markdown equals the expected file.
    const md = await a.evaluate(async (id) => (await fetch(`/api/v1/reports/${id}?format=md`)).text(), reportId);
    expect(md).toBe("# Results (draft)\n\nThe loss scales as $x^2$ for small lr.\n\n- adam wins\n- sgd is stable\n");
    await expect(a.getByTestId("export-markdown").getAttribute("download")).resolves.toBe(`${title.replaceAll(" ", "-")}.md`);

    expect(errors.map(String)).toEqual([]);
    expect(bobErrors.map(String)).toEqual([]);
    await alice.close();
    await bobContext.close();
  });

  it("renames, lists, trashes (read-only) and restores a report", async () => {
    const alice = await newContext(browser, t);
    await signInAs(alice, t, t.user);
    const a = await alice.newPage();
    await a.goto("/vision-lab/vision/reports");
    await a.getByLabel("Title of the new report").fill("Draft");
    await a.getByRole("button", { name: "New report" }).click();
    await a.waitForURL(/\/reports\/[a-z0-9]+$/);
    const id = new URL(a.url()).pathname.split("/").pop()!;
    // A title of its own per attempt (the e2e project retries once, on the same server).
    const title = `Ablations ${id.slice(-6)}`;
    await a.getByTestId("report-title").fill(title);
    // Wait for the rename's answer before leaving: a full navigation would abort it.
    const renamed = a.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/reports/${id}`));
    await a.getByTestId("report-title").press("Enter");
    expect((await renamed).ok()).toBe(true);
    await a.goto("/vision-lab/vision/reports");
    await a.locator(`[data-report-id="${id}"]`).getByText(title).waitFor();

    // Trash it: it leaves the list, shows in the trash, and opens read-only.
    await a.getByRole("button", { name: `Move ${title} to the trash` }).click();
    await a.locator("details.trash summary").click();
    await a.getByTestId("trash-row").getByText(title).waitFor();
    expect(await a.locator(`[data-report-id="${id}"]`).count()).toBe(0);
    await a.goto(`/reports/${id}`);
    await a.getByText("This report is in the trash").waitFor();
    await eventually(() => a.getByTestId("save-indicator").textContent(), (s) => s === "Read only");
    await expect(editor(a).getAttribute("contenteditable")).resolves.toBe("false");

    // Restore from the report page: editable again.
    await a.getByRole("button", { name: "Restore" }).click();
    await eventually(() => a.getByText("This report is in the trash").count(), (n) => n === 0);
    await a.reload();
    await eventually(() => editor(a).getAttribute("contenteditable"), (v) => v === "true");
    await alice.close();
  });

  it("keeps edits made while the server is away, warns before closing, and saves them on reconnect", async () => {
    // A server of its own on a fixed port (and its own database), so the page can reconnect to
    // its successor.
    const port = await freePort();
    const own = await startTestServer({ remix: "build", env: { PORT: String(port) } });
    let server = own.server;
    try {
      await api(own, "POST", "/api/v1/runs", { project: "alice/offline", name: "r" });
      const { id } = (await api(own, "POST", "/api/v1/reports", { project: "alice/offline", title: "Offline", markdown: "Start." })).body as { id: string };
      const context = await newContext(browser, own);
      await signInAs(context, own, own.user);
      const page = await context.newPage();
      await page.goto(`/reports/${id}`);
      await eventually(() => page.getByTestId("save-indicator").textContent(), (s) => s === "Saved");

      await server.close();
      await eventually(() => page.getByTestId("save-indicator").textContent(), (s) => s !== "Saved");
      await editor(page).locator("p").first().click();
      await page.keyboard.press("End");
      await page.keyboard.type(" Written offline.");
      await eventually(() => page.getByTestId("save-indicator").textContent(), (s) => s === "Offline, changes kept");

      // Closing the tab now asks first (dismissed: the tab stays).
      const asked = new Promise<string>((resolve) => page.once("dialog", (d) => (resolve(d.type()), void d.dismiss())));
      await page.close({ runBeforeUnload: true });
      expect(await asked).toBe("beforeunload");

      // The server comes back on the same database and port: the edit is sent, committed, confirmed.
      server = await startFolio(own.config, { remix: "build" });
      await eventually(() => page.getByTestId("save-indicator").textContent(), (s) => s === "Saved", 20_000);
      const md = await (await fetch(`${own.url}/api/v1/reports/${id}?format=md`, { headers: { authorization: `Bearer ${own.apiKey}` } })).text();
      expect(md).toBe("Start. Written offline.\n");
      await context.close();
    } finally {
      await server.close();
      await own.database.drop();
    }
  });

  it("hides other teams' reports", async () => {
    const carol = await t.addUser("carol@example.com");
    const res = await fetch(`${t.url}/api/v1/reports`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ project: "vision-lab/vision", title: "Private" }),
    });
    const { id } = (await res.json()) as { id: string };
    const context = await newContext(browser, t);
    await signInAs(context, t, carol.user);
    const page = await context.newPage();
    const response = await page.goto(`/reports/${id}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('[data-testid="report-editor"]').count()).toBe(0);
    await context.close();
  });
});
