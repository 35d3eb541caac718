import { describe, expect, it } from "vitest";
import { autoRange, canDrawOnCanvas, formatTick, insideAxis, lineScene, linearTicks, logTicks, plainText, roundDTick, tickExponent, toPixel } from "./line-scene";
import { plotlyText } from "./plotly-text";
import { baseLayout } from "./figure";

const figure = (data: Record<string, unknown>[], axes: Record<string, unknown> = {}) => ({
  data,
  layout: { ...baseLayout(), xaxis: { type: "linear", autorange: true, title: { text: "Step" } }, yaxis: { type: "linear", autorange: true, title: { text: "loss" } }, ...axes },
});
const line = (x: number[], y: Array<number | null>, more: Record<string, unknown> = {}) => ({ type: "scatter", mode: "lines", x, y, line: { color: "#123456", width: 1.6, dash: "solid" }, ...more });

describe("line scene", () => {
  it("draws linear and log axes on canvas, and leaves date axes and other trace types to plotly", () => {
    expect(canDrawOnCanvas(figure([line([0, 1], [1, 2])]))).toBe(true);
    expect(canDrawOnCanvas(figure([line([0, 1], [1, 2])], { yaxis: { type: "log" } }))).toBe(true);
    expect(canDrawOnCanvas(figure([line([0, 1], [1, 2])], { xaxis: { type: "date" } }))).toBe(false);
    expect(canDrawOnCanvas(figure([{ type: "bar", x: [1], y: [1] }]))).toBe(false);
    expect(canDrawOnCanvas(figure([line([0, 1], [1, 2], { mode: "markers" })]))).toBe(false);
  });

  it("fits x exactly and pads y by 5% of the axis on each side, as plotly's autorange does", () => {
    expect(autoRange([0, 100], false)).toEqual([0, 100]);
    const [lo, hi] = autoRange([0, 90], true);
    // The data spans 90% of the axis, 5% left on each side.
    expect((0 - lo) / (hi - lo)).toBeCloseTo(0.05, 10);
    expect((hi - 90) / (hi - lo)).toBeCloseTo(0.05, 10);
    expect(autoRange([3, 3], true)).toEqual([1.5, 4.5]);
    expect(autoRange(null, true)).toEqual([-1, 1]);
  });

  it("spaces ticks 1, 2 or 5 × 10ⁿ apart and labels them the way plotly does", () => {
    expect([0.3, 1, 1.5, 3, 7, 12].map(roundDTick)).toEqual([0.5, 1, 2, 5, 10, 20]);
    expect(linearTicks([0, 10_000], 400, 80).map((t) => t.label)).toEqual(["0", "2k", "4k", "6k", "8k", "10k"]);
    expect(linearTicks([0, 1000], 400, 80).map((t) => t.label)).toEqual(["0", "200", "400", "600", "800", "1000"]);
    expect(linearTicks([-1, 1], 200, 40).map((t) => t.label)).toEqual(["\u22121", "\u22120.5", "0", "0.5", "1"]);
    expect(linearTicks([0.2, 0.9], 300, 40).map((t) => t.at)).toEqual([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((v) => expect.closeTo(v, 10)));
    expect(tickExponent([0, 2_500_000])).toBe(6);
    expect(formatTick(1_500_000, 500_000, 6)).toBe("1.5M");
    expect(formatTick(0.0002, 0.0001, -6)).toBe("200μ");
  });

  it("ticks a log axis by decades, or 1-2-5 within a few decades", () => {
    expect(logTicks([-3, 3], 300, 40).map((t) => t.label)).toEqual(["0.001", "0.01", "0.1", "1", "10", "100", "1000"]);
    const few = logTicks([0, 2], 100, 40);
    expect(few.map((t) => t.label)).toEqual(["1", "2", "5", "10", "20", "50", "100"]);
    expect(logTicks([0, 1], 300, 40)).toHaveLength(10);
    expect(few[1].at).toBeCloseTo(Math.log10(2), 10);
  });

  it("lays out the plot area from the shared margins and maps values to pixels", () => {
    const s = lineScene(figure([line([0, 10], [1, 2])]), 400, 200);
    expect(s.area).toEqual({ left: 48, top: 8, width: 400 - 48 - 12, height: 200 - 8 - 36 });
    expect(s.x.range).toEqual([0, 10]);
    expect(toPixel(s.x, s.area.left, s.area.width, 5, false)).toBe(48 + 170);
    // y is flipped: larger values higher up.
    expect(toPixel(s.y, s.area.top, s.area.height, 2, true)).toBeLessThan(toPixel(s.y, s.area.top, s.area.height, 1, true));
    expect(s.x.title).toBe("Step");
    expect(s.y.title).toBe("loss");
  });

  it("keeps an explicit range, leaves hidden legend groups and their extent out, and takes in appended points", () => {
    const data = [line([0, 10], [1, 2], { legendgroup: "a" }), line([0, 10], [100, 200], { legendgroup: "b" })];
    expect(lineScene(figure(data, { yaxis: { range: [0, 5], autorange: false } }), 400, 200).y.range).toEqual([0, 5]);
    const hidden = lineScene(figure(data), 400, 200, new Set(["b"]));
    expect(hidden.traces.map((t) => t.legendGroup)).toEqual(["a"]);
    expect(insideAxis(hidden.y, 150)).toBe(false);
    const grown = lineScene(figure(data), 400, 200, new Set(), new Map([[0, { x: [20], y: [3] }]]));
    expect(grown.x.range).toEqual([0, 20]);
    expect(grown.traces[0].x).toEqual([0, 10, 20]);
  });

  it("log axes drop non-positive values from the range and map in decades", () => {
    const s = lineScene(figure([line([1, 2, 3], [0, 10, 1000])], { yaxis: { type: "log", autorange: true } }), 400, 200);
    const [lo, hi] = s.y.range;
    expect(lo).toBeLessThan(1);
    expect(lo).toBeGreaterThan(0.8);
    expect(hi).toBeGreaterThan(3);
    expect(Number.isNaN(toPixel(s.y, 0, 100, 0, true))).toBe(true);
  });

  it("shows escaped names as the reader typed them", () => {
    for (const name of ["<img src=x onerror=alert(1)>", "$\\href{javascript:alert(1)}{x}$", "a & b %{y}"]) expect(plainText(plotlyText(name))).toBe(name);
    const s = lineScene(figure([line([0, 1], [0, 1], { name: plotlyText("<b>x</b>") })], { xaxis: { title: { text: plotlyText("a<b") } } }), 300, 200);
    expect(s.traces[0].name).toBe("<b>x</b>");
    expect(s.x.title).toBe("a<b");
  });
});
