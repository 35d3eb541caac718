/**
 * The browser pieces (node views, plugin views, y-prosemirror wiring) in Debian's Chromium, without
 * a server: two editors whose Y.Docs relay updates. Part of the e2e project (it bundles the editor
 * and starts a browser): npx vitest run --project e2e editor/createFolioEditor.browser
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = process.env.FOLIO_E2E_CHROMIUM ?? "/usr/bin/chromium";
describe("createFolioEditor in Chromium", () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const markdown = (i: number) => page.evaluate((n) => window.folio.markdown(n), i);

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL("./test/browserEntry.ts", import.meta.url))],
      bundle: true,
      format: "iife",
      write: false,
      logLevel: "silent",
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    page = await browser.newPage();
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.setContent('<div style="position:relative"><div id="editor0"></div></div><div style="position:relative"><div id="editor1"></div></div>');
    // editor.css sets white-space: pre-wrap, without which Chromium types U+00A0 for some spaces.
    await page.addStyleTag({ path: fileURLToPath(new URL("../app/styles/editor.css", import.meta.url)) });
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("turns typed Markdown into nodes, and both editors converge", async () => {
    await page.locator("#editor0 .ProseMirror").click();
    await page.keyboard.type("# Title");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Energy $E=mc^2$ and **bold**");
    await page.keyboard.press("Enter");
    await page.keyboard.type("- one");
    await page.keyboard.press("Enter");
    await page.keyboard.type("two");
    await page.keyboard.press("Tab");
    const expected = "# Title\n\nEnergy $E=mc^2$ and __bold__\n\n- one\n  - two\n";
    await expect.poll(() => markdown(0)).toBe(expected);
    await expect.poll(() => markdown(1)).toBe(expected);
    // KaTeX loads with the first formula (its own chunk): the source shows meanwhile.
    await expect.poll(() => page.locator("#editor1 .folio-math-inline .katex").count()).toBe(1);
  });


  it("edits math in place with a live preview and a readable error", async () => {
    await page.waitForTimeout(600); // let the undo manager close the typing group
    await page.locator("#editor0 .folio-math-inline").click();
    await page.keyboard.press("End");
    await page.keyboard.type("+\\frac{1}{");
    await expect.poll(() => page.locator("#editor0 .folio-math-preview.folio-math-error").textContent()).toMatch(/^Cannot render formula/);
    await page.keyboard.type("2}");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await markdown(1)).split("\n")[2]).toBe("Energy $E=mc^2+\\frac{1}{2}$ and __bold__");
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await markdown(0)).split("\n")[2]).toBe("Energy $E=mc^2$ and __bold__");
  });

  it("inserts blocks from the slash menu and keeps the table of contents current", async () => {
    // The document ends with a list: the caret goes to the end of its last item.
    await page.evaluate(() => window.folio.caretAtEnd(0));
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await page.keyboard.type("/toc");
    expect(await page.locator(".folio-slash-menu:not([hidden])").count()).toBe(1);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#editor1 nav.toc li").allTextContents()).toEqual(["Title"]);
    // The caret at the heading's end through ProseMirror (a click can race its focus handling).
    await page.evaluate(() => window.folio.caretAtEnd(0, "heading"));
    await page.keyboard.type(" Two");
    try {
      await expect.poll(() => page.locator("#editor1 nav.toc li").allTextContents()).toEqual(["Title Two"]);
    } catch (error) {
      throw new Error(`${(error as Error).message}\neditor 0:\n${await markdown(0)}\neditor 1:\n${await markdown(1)}`);
    }
  });

  it("inserts an image through the host's URL prompt", async () => {
    // Focus, not click: a click lands wherever the layout puts the middle, possibly on a formula.
    await page.locator("#editor0 .ProseMirror").focus();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("/ima");
    await page.keyboard.press("Enter");
    await expect.poll(() => markdown(1)).toContain("\n\n![chart](/chart.png)\n");
  });

  it("shows the selection toolbar and asks the host for links", async () => {
    await page.locator("#editor0 h1").dblclick();
    await expect.poll(() => page.locator(".folio-selection-toolbar:not([hidden])").count()).toBe(1);
    await page.keyboard.press("Control+k");
    expect(await page.evaluate(() => window.folio.linkRequests.length)).toBe(1);
  });

  it("sanitizes pasted HTML and parses pasted Markdown", async () => {
    await page.locator("#editor1 .ProseMirror").focus();
    await page.keyboard.press("Control+End");
    const paste = (type: string, data: string) =>
      page.evaluate(
        ([t, d]) => {
          const transfer = new DataTransfer();
          transfer.setData(t, d);
          if (t === "text/html") transfer.setData("text/plain", "fallback");
          document.querySelector("#editor1 .ProseMirror")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
        },
        [type, data] as const,
      );
    await paste("text/html", '<p>x <a href="javascript:alert(1)">bad</a><img src="data:image/png;base64,AA"><script>alert(1)</script> <b>ok</b></p>');
    await page.keyboard.press("Enter");
    await paste("text/plain", "- [ ] from *markdown*\n- [ ] second");
    await expect.poll(() => markdown(0)).toContain("x bad __ok__");
    expect(await markdown(0)).toContain("- [ ] from *markdown*\n- [ ] second\n");
    expect(await markdown(0)).not.toContain("javascript");
    // The pasted data: image is dropped (the chart inserted earlier stays: the paste went to the end
    // of the document instead of replacing it, editor 1 never having placed a cursor).
    expect(await page.locator('#editor0 img[src^="data:"]').count()).toBe(0);
    expect(await page.locator('#editor0 img[src="/chart.png"]').count()).toBe(1);
  });

  it("highlights a code block once highlight.js has loaded with the first one", async () => {
    expect(await page.locator(".hljs-keyword").count()).toBe(0);
    await page.locator("#editor1 .ProseMirror").focus();
    // Out of the task list the document ends with (an empty item, then out of the list).
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.setData("text/plain", "```js\nconst answer = 42\n```");
      document.querySelector("#editor1 .ProseMirror")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
    });
    // Both editors: the one pasted into, and the other through the document's update.
    await expect.poll(() => page.locator("#editor1 pre .hljs-keyword").allTextContents()).toEqual(["const"]);
    await expect.poll(() => page.locator("#editor0 pre .hljs-keyword").allTextContents()).toEqual(["const"]);
  });

  it("toggles tasks with the checkbox", async () => {
    await page.locator("#editor0 .folio-task-checkbox input").first().click();
    await expect.poll(() => markdown(1)).toContain("- [x] from *markdown*");
    expect(errors).toEqual([]);
  });
});
