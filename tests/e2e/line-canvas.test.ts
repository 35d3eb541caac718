/**
 * The canvas line renderer (app/components/panels/line-canvas.ts over line-scene.ts) in Debian's
 * Chromium, on a known figure: each line's pixels lie where its values map, bands are filled
 * between their edges, hidden legend groups are not drawn, crowded tick labels are thinned, and
 * live appends land where their new points map without drawing the rest again.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = process.env.FOLIO_E2E_CHROMIUM ?? "/usr/bin/chromium";

/** The page's side: draws a figure and reads pixels back. */
const ENTRY = `
import { drawScene, appendToScene, fitsScene } from "./app/components/panels/line-canvas";
import { lineScene, toPixel } from "./app/lib/panels/line-scene";
window.lines = { drawScene, appendToScene, fitsScene, lineScene, toPixel };
`;

describe("canvas line renderer in Chromium", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const bundle = await build({ stdin: { contents: ENTRY, resolveDir: fileURLToPath(new URL("../..", import.meta.url)), loader: "ts" }, bundle: true, format: "iife", write: false, logLevel: "silent" });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    page = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
    await page.setContent('<canvas id="c" style="width:400px;height:200px"></canvas>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Draws the figure, then returns the RGBA of the pixels at data points `at` (and what `then` did). */
  const drawAndRead = (figure: unknown, at: Array<[number, number]>, hidden: string[] = [], append: unknown[] | null = null) =>
    page.evaluate(
      ({ figure, at, hidden, append }) => {
        const w = window as unknown as { lines: Record<string, (...a: unknown[]) => unknown> };
        const c = document.getElementById("c") as HTMLCanvasElement;
        const scene = w.lines.lineScene(figure, 400, 200, new Set(hidden)) as { area: { left: number; top: number; width: number; height: number }; x: unknown; y: unknown; x_: unknown };
        w.lines.drawScene(c, scene, 400, 200);
        let fits: unknown = null;
        if (append) {
          fits = w.lines.fitsScene(scene, append);
          if (fits) w.lines.appendToScene(c, scene, append);
        }
        const ctx = c.getContext("2d")!;
        const px = at.map(([x, y]) => {
          const X = Math.round(w.lines.toPixel(scene.x, scene.area.left, scene.area.width, x, false) as number);
          const Y = Math.round(w.lines.toPixel(scene.y, scene.area.top, scene.area.height, y, true) as number);
          return Array.from(ctx.getImageData(X, Y, 1, 1).data);
        });
        return { px, fits };
      },
      { figure, at, hidden, append },
    );

  const layout = { margin: { l: 48, r: 12, t: 8, b: 36 }, xaxis: { type: "linear", autorange: true }, yaxis: { type: "linear", range: [0, 4], autorange: false } };
  const line = (y: number, color: string, group: string) => ({ type: "scatter", mode: "lines", x: [0, 10], y: [y, y], line: { color, width: 3, dash: "solid" }, legendgroup: group });
  const isColor = ([r, g, b, a]: number[], [R, G, B]: number[]) => a > 200 && Math.abs(r - R) < 40 && Math.abs(g - G) < 40 && Math.abs(b - B) < 40;

  it("draws each line where its values map, and nothing between", async () => {
    // Off the grid lines (y ticks fall on whole numbers, x ticks on even ones).
    const figure = { data: [line(1.5, "#ff0000", "a"), line(3.5, "#0000ff", "b")], layout };
    const { px } = await drawAndRead(figure, [[5, 1.5], [5, 3.5], [5, 2.5]]);
    expect(isColor(px[0], [255, 0, 0])).toBe(true);
    expect(isColor(px[1], [0, 0, 255])).toBe(true);
    expect(px[2][3]).toBe(0);
  });

  it("leaves hidden legend groups out", async () => {
    const figure = { data: [line(1.5, "#ff0000", "a"), line(3.5, "#0000ff", "b")], layout };
    const { px } = await drawAndRead(figure, [[5, 1.5], [5, 3.5]], ["a"]);
    expect(px[0][3]).toBe(0);
    expect(isColor(px[1], [0, 0, 255])).toBe(true);
  });

  it("fills a band between its lower and upper edges", async () => {
    const lower = { ...line(1, "#00aa00", "g"), line: { width: 0, color: "#00aa00" } };
    const upper = { ...line(3, "#00aa00", "g"), line: { width: 0, color: "#00aa00" }, fill: "tonexty", fillcolor: "rgba(0,170,0,1)" };
    const { px } = await drawAndRead({ data: [lower, upper], layout }, [[5, 2], [5, 3.8]]);
    expect(isColor(px[0], [0, 170, 0])).toBe(true);
    expect(px[1][3]).toBe(0);
  });

  it("thins x tick labels that would overlap on a narrow plot", async () => {
    const drawnLabels = await page.evaluate(() => {
      const w = window as unknown as { lines: Record<string, (...a: unknown[]) => unknown> };
      const c = document.createElement("canvas");
      const ctx = c.getContext("2d")!;
      const calls: Array<{ text: string; x: number; width: number }> = [];
      const fillText = ctx.fillText.bind(ctx);
      ctx.fillText = (text: string, x: number, y: number, max?: number) => {
        if (ctx.textBaseline === "top") calls.push({ text, x, width: ctx.measureText(text).width });
        fillText(text, x, y, max);
      };
      const figure = { data: [{ type: "scatter", mode: "lines", x: [1_000_000.5, 1_000_001.5], y: [0, 1], line: { color: "#000", width: 1 } }], layout: { margin: { l: 48, r: 12, t: 8, b: 36 }, xaxis: { type: "linear" }, yaxis: { type: "linear" } } };
      const scene = w.lines.lineScene(figure, 170, 120) as { x: { ticks: unknown[] } };
      w.lines.drawScene(c, scene, 170, 120);
      return { ticks: scene.x.ticks.length, calls };
    });
    expect(drawnLabels.calls.length).toBeGreaterThan(0);
    expect(drawnLabels.calls.length).toBeLessThan(drawnLabels.ticks);
    for (let i = 1; i < drawnLabels.calls.length; i++) {
      const [a, b] = [drawnLabels.calls[i - 1], drawnLabels.calls[i]];
      expect(b.x - a.x).toBeGreaterThan((a.width + b.width) / 2);
    }
  });

  it("appends new points where they map, and says when one falls outside the axes", async () => {
    const figure = { data: [line(1.5, "#ff0000", "a")], layout: { ...layout, xaxis: { type: "linear", range: [0, 20], autorange: false } } };
    // Not drawn before the append (past the line's end), drawn after: the segment from (10, 1.5) to (15, 3.1).
    const before = await drawAndRead(figure, [[12.5, 2.3]]);
    expect(before.px[0][3]).toBe(0);
    const inside = [{ trace: 0, x: [15], y: [3.1], from: 0, start: [10, 1.5] }];
    const drawn = await drawAndRead(figure, [[12.5, 2.3], [5, 1.5]], [], inside);
    expect(drawn.fits).toBe(true);
    expect(isColor(drawn.px[0], [255, 0, 0])).toBe(true);
    expect(isColor(drawn.px[1], [255, 0, 0])).toBe(true);
    const outside = await drawAndRead(figure, [], [], [{ trace: 0, x: [15], y: [9], from: 0, start: [10, 1.5] }]);
    expect(outside.fits).toBe(false);
  });
});
