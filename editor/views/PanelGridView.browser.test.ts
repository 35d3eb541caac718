/**
 * The panel grid's node views in Debian's Chromium with a fake in-test PanelHost, on two editors
 * whose Y.Docs relay updates: slash menu insert, add, drag, resize, keyboard, delete, read-only and
 * collaboration. Part of the e2e project: npx vitest run --project e2e editor/views/PanelGridView.browser
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = process.env.FOLIO_E2E_CHROMIUM ?? "/usr/bin/chromium";

describe("panel grid views in Chromium", () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const grid = (i: number) => page.evaluate((n) => window.panels.grid(n), i);
  const calls = (call: string) => page.evaluate((c) => window.panels.calls.filter((x) => x.call === c), call);
  /** One grid step in px (column and row) of editor `i`'s first grid. */
  const steps = (i: number) =>
    page.evaluate((n) => {
      const items = document.querySelector(`#editor${n} .panel-grid-items`)!.getBoundingClientRect();
      return { col: (items.width - 11 * 12) / 12 + 12, row: 40 + 12 };
    }, i);

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL("../test/panelBrowserEntry.ts", import.meta.url))],
      bundle: true,
      format: "iife",
      write: false,
      logLevel: "silent",
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.setContent('<div style="display:flex;gap:24px"><div id="editor0" style="width:760px"></div><div id="editor1" style="width:760px"></div></div><div id="editor2"></div>');
    await page.addStyleTag({ path: fileURLToPath(new URL("../../app/styles/editor.css", import.meta.url)) });
    await page.addStyleTag({ path: fileURLToPath(new URL("../../app/styles/panel-grid.css", import.meta.url)) });
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("inserts a grid from the slash menu; the host draws its panel in both editors", async () => {
    await page.locator("#editor0 .ProseMirror").focus();
    await page.keyboard.type("/chart");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#editor1 .panel").count()).toBe(1);
    expect(await page.locator("#editor0 .panel .panel-body").textContent()).toBe("line:untitled:Run set");
    expect(await page.locator("#editor1 .panel .panel-title").textContent()).toBe("Line plot");
    const g = (await grid(0))!;
    expect(g.runSets.map((s) => s.projects)).toEqual([["team/proj"]]);
    expect(g.panels[0].layout).toEqual({ x: 0, y: 0, w: 6, h: 8 });
    expect((await calls("mount")).map((c) => c.editor).sort()).toEqual([0, 1]);
    expect(await page.evaluate(() => window.panels.markdown(1))).toMatch(/^```folio-panels\n/);
    // The header's buttons: SVG icons (symbol glyphs are missing from many fonts) or short text, each labelled.
    const faces = await page.locator("#editor0 .panel .panel-action").evaluateAll((bs) =>
      bs.map((b) => [b.getAttribute("aria-label"), b.querySelector("svg.panel-icon path") ? "icon" : b.textContent]),
    );
    expect(faces).toEqual([["Edit panel", "icon"], ["Duplicate panel", "icon"], ["Full screen", "icon"], ["Download SVG", "SVG"], ["Download PNG", "PNG"], ["Delete panel", "icon"]]);
  });

  it("adds a panel from the toolbar menu", async () => {
    await page.locator("#editor0").getByRole("button", { name: "Add panel" }).click();
    // The menu is keyboard-operable: it opens on the first type; ArrowDown moves to the second.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Line plot");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#editor1 .panel").count()).toBe(2);
    const g = (await grid(1))!;
    expect(g.panels[1]).toMatchObject({ type: "bar", runSet: g.runSets[0].id, layout: { x: 6, y: 0, w: 6, h: 8 } });
    await page.locator("#editor0").getByRole("button", { name: "Run sets" }).click();
    expect((await calls("editRunSets")).map((c) => c.args)).toEqual([[g.id, undefined]]);
  });

  it("drags a panel by its header to another column, in one transaction", async () => {
    const { col, row } = await steps(0);
    const header = page.locator("#editor0 .panel").nth(1).locator(".panel-header");
    const box = (await header.boundingBox())!;
    const start = { x: box.x + 20, y: box.y + box.height / 2 };
    const updates = await page.evaluate(() => window.panels.relay.updates[0]);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x - 3 * col, start.y + 4 * row, { steps: 4 });
    await page.mouse.move(start.x - 6 * col, start.y + 8 * row, { steps: 4 });
    expect(await page.locator("#editor0 .panel-placeholder").count()).toBe(1);
    expect(await page.locator("#editor0 .panel-placeholder").evaluate((el) => (el as HTMLElement).style.gridColumn)).toBe("1 / span 6");
    await page.mouse.up();
    expect(await page.locator("#editor0 .panel-placeholder").count()).toBe(0);
    await expect.poll(async () => (await grid(1))!.panels[1].layout).toEqual({ x: 0, y: 8, w: 6, h: 8 });
    expect((await grid(0))!.panels[0].layout).toEqual({ x: 0, y: 0, w: 6, h: 8 });
    expect(await page.evaluate(() => window.panels.relay.updates[0])).toBe(updates + 1);
  });

  it("resizes a panel by its corner", async () => {
    const { col, row } = await steps(0);
    const handle = page.locator("#editor0 .panel").nth(1).locator(".panel-resize-handle");
    const box = (await handle.boundingBox())!;
    const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 6 * col, start.y - 4 * row, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => (await grid(1))!.panels[1].layout).toEqual({ x: 0, y: 8, w: 12, h: 4 });
    await expect.poll(async () => (await calls("resize")).length).toBeGreaterThan(0);
  });

  it("opens the editor with Enter, moves with Alt+arrows and deletes with Delete on a focused panel", async () => {
    const g = (await grid(0))!;
    const bar = page.locator("#editor0 .panel").nth(1);
    await bar.focus();
    await page.keyboard.press("Enter");
    expect((await calls("editPanel")).map((c) => c.args)).toEqual([[g.id, g.panels[1].id]]);
    await page.keyboard.press("Alt+Shift+ArrowLeft");
    await expect.poll(async () => (await grid(0))!.panels[1].layout).toEqual({ x: 0, y: 8, w: 11, h: 4 });
    await page.keyboard.press("Alt+ArrowRight");
    await expect.poll(async () => (await grid(0))!.panels[1].layout).toEqual({ x: 1, y: 8, w: 11, h: 4 });
    // d duplicates the focused panel, f toggles full screen.
    await page.keyboard.press("d");
    await expect.poll(() => page.locator("#editor1 .panel").count()).toBe(3);
    expect((await grid(1))!.panels[2]).toMatchObject({ type: g.panels[1].type, title: g.panels[1].title });
    await page.keyboard.press("f");
    expect(await bar.evaluate((el) => el.classList.contains("is-fullscreen"))).toBe(true);
    await page.keyboard.press("f");
    expect(await bar.evaluate((el) => el.classList.contains("is-fullscreen"))).toBe(false);
    await page.locator("#editor0 .panel").nth(2).focus();
    await page.keyboard.press("Delete");
    await expect.poll(() => page.locator("#editor1 .panel").count()).toBe(2);
    await bar.focus();
    await page.keyboard.press("Delete");
    await expect.poll(() => page.locator("#editor1 .panel").count()).toBe(1);
    expect((await grid(1))!.panels.map((p) => p.id)).toEqual([g.panels[0].id]);
  });

  it("carries a panel edit in one editor to the other, and duplicates", async () => {
    const id = (await grid(0))!.panels[0].id;
    expect(await page.evaluate((p) => window.panels.update(0, p, { title: "<b>Loss</b>" }), id)).toBe(true);
    await expect.poll(() => page.locator("#editor1 .panel .panel-title").textContent()).toBe("<b>Loss</b>");
    // Titles are text, never markup.
    expect(await page.locator("#editor1 .panel .panel-title b").count()).toBe(0);
    expect(await page.locator("#editor1 .panel .panel-body").textContent()).toBe("line:<b>Loss</b>:Run set");
    expect((await calls("update")).some((c) => c.editor === 1 && c.args[0] === id)).toBe(true);
    await page.locator("#editor1").getByRole("button", { name: "Duplicate panel" }).click();
    await expect.poll(() => page.locator("#editor0 .panel").count()).toBe(2);
    expect(await page.evaluate(() => window.panels.markdown(0))).toContain('"title": "<b>Loss</b>"');
  });

  it("merges offline edits of two panels of one grid by two people", async () => {
    const [a, b] = (await grid(0))!.panels.map((p) => p.id);
    await page.evaluate(() => (window.panels.relay.paused = true));
    expect(await page.evaluate((p) => window.panels.update(0, p, { title: "Left" }), a)).toBe(true);
    expect(await page.evaluate((p) => window.panels.update(1, p, { type: "scalar", title: "Right" }), b)).toBe(true);
    await page.evaluate(() => window.panels.resume());
    for (const i of [0, 1]) {
      await expect.poll(async () => (await grid(i))!.panels.map((p) => [p.id, p.type, p.title])).toEqual([
        [a, "line", "Left"],
        [b, "scalar", "Right"],
      ]);
    }
    expect(await page.evaluate(() => window.panels.markdown(0))).toBe(await page.evaluate(() => window.panels.markdown(1)));
  });

  it("without a PanelHost, lists the panels' titles as text", async () => {
    const markdown = (await page.evaluate(() => window.panels.markdown(0))).replace('"title": "Left"', '"title": "<img src=x onerror=alert(1)>"');
    await page.evaluate((md) => window.panels.setStaticMarkdown(md), markdown);
    await expect.poll(() => page.locator("#editor2 figure.panel-static figcaption").allTextContents()).toEqual(["<img src=x onerror=alert(1)>", "Right"]);
    expect(await page.locator("#editor2 .panel, #editor2 img").count()).toBe(0);
  });

  it("read-only hides edit controls but keeps Full screen and Download", async () => {
    await page.evaluate(() => window.panels.editors[1].setReadOnly(true));
    const editor = page.locator("#editor1");
    await expect.poll(() => editor.locator(".panel-grid-toolbar").isVisible()).toBe(false);
    for (const name of ["Edit panel", "Duplicate panel", "Delete panel"]) expect(await editor.getByRole("button", { name }).count()).toBe(0);
    expect(await editor.locator(".panel-resize-handle:visible").count()).toBe(0);
    expect(await editor.getByRole("button", { name: "Download SVG" }).count()).toBe(2);
    expect((await calls("update")).some((c) => c.editor === 1 && c.args[1] === true)).toBe(true);
    await editor.getByRole("button", { name: "Download PNG" }).first().click();
    expect((await calls("download")).map((c) => [c.editor, c.args[1]])).toEqual([[1, "png"]]);
    const panel = editor.locator(".panel").first();
    await panel.getByRole("button", { name: "Full screen" }).click();
    expect(await panel.evaluate((el) => el.classList.contains("is-fullscreen"))).toBe(true);
    expect((await panel.boundingBox())!.width).toBe(1600);
    await page.keyboard.press("Escape");
    expect(await panel.evaluate((el) => el.classList.contains("is-fullscreen"))).toBe(false);
    await panel.focus();
    await page.keyboard.press("Delete");
    await page.keyboard.press("d");
    expect(await editor.locator(".panel").count()).toBe(2);
    // Full screen from the keyboard, read-only too.
    await page.keyboard.press("f");
    expect(await panel.evaluate((el) => el.classList.contains("is-fullscreen"))).toBe(true);
    await page.keyboard.press("Escape");
    expect(await panel.evaluate((el) => el.classList.contains("is-fullscreen"))).toBe(false);
    await page.evaluate(() => window.panels.editors[1].setReadOnly(false));
    await expect.poll(() => editor.getByRole("button", { name: "Edit panel" }).count()).toBe(2);
    expect(errors).toEqual([]);
  });
});
