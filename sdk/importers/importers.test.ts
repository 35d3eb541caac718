import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCsvRowParser } from "./createCsvRowParser";
import { parseJsonlRow } from "./parseJsonlRow";
import { parseMetricText, parseStepText, parseTimeText } from "./parseMetricText";
import { detectFormat, readMetricRows } from "./readMetricRows";
import { splitCsvLine } from "./splitCsvLine";

describe("splitCsvLine", () => {
  it("splits plain and quoted cells", () => {
    expect(splitCsvLine("a,b,,c")).toEqual(["a", "b", "", "c"]);
    expect(splitCsvLine('"x,y","say ""hi""",z')).toEqual(["x,y", 'say "hi"', "z"]);
    expect(splitCsvLine("a,")).toEqual(["a", ""]);
    expect(splitCsvLine("")).toEqual([""]);
    expect(splitCsvLine("a\tb", "\t")).toEqual(["a", "b"]);
  });
  it("rejects broken quotes", () => {
    expect(() => splitCsvLine('a,"b')).toThrow(/unterminated quoted cell starting at column 2/);
    expect(() => splitCsvLine('"a"b,c')).toThrow(/after the closing quote of column 1/);
  });
});

describe("parseMetricText", () => {
  it("reads numbers and the non-finite spellings of pandas, numpy and JavaScript", () => {
    expect(["1", "-2.5", "1e-3", ".5", "+3.", "1E5"].map(parseMetricText)).toEqual([1, -2.5, 0.001, 0.5, 3, 100000]);
    expect(["nan", "NaN", "inf", "-inf", "Infinity", "-Infinity", "1e999"].map(parseMetricText)).toEqual([
      "NaN", "NaN", "Infinity", "-Infinity", "Infinity", "-Infinity", "Infinity",
    ]);
    expect(["abc", "0x10", "1,5", "", "1 2", "true"].map(parseMetricText)).toEqual([null, null, null, null, null, null]);
  });
  it("reads steps and times", () => {
    expect(["0", "17", "3.0", "-1", "1.5", "nan"].map(parseStepText)).toEqual([0, 17, 3, null, null, null]);
    expect(parseTimeText("1732300000.5")).toBe(1732300000.5);
    expect(parseTimeText("2024-11-22T18:26:40Z")).toBe(1732300000);
    expect(parseTimeText("yesterday")).toBeNull();
  });
});

describe("createCsvRowParser", () => {
  const parse = (lines: string[]) => {
    const parser = createCsvRowParser("data.csv");
    return lines.map((line, i) => parser(line, i + 1));
  };

  it("reads step, time and metrics; an empty cell means no value", () => {
    expect(parse(["step,time,loss,acc", "0,1732300000.5,2.31,0.1", "1,,nan,", "", "2,,1.5,0.4"])).toEqual([
      null,
      { step: 0, time: 1732300000.5, metrics: { loss: 2.31, acc: 0.1 } },
      { step: 1, metrics: { loss: "NaN" } },
      null,
      { step: 2, metrics: { loss: 1.5, acc: 0.4 } },
    ]);
  });

  it("finds step wherever it is, strips a BOM, and allows no time column", () => {
    expect(parse(["\uFEFFloss,step", "0.5,3"])).toEqual([null, { step: 3, metrics: { loss: 0.5 } }]);
  });

  it("names line and column of a bad cell", () => {
    const parser = createCsvRowParser("data.csv");
    parser("step,loss", 1);
    expect(() => parser("16,abc", 17)).toThrow('data.csv:17: column "loss": "abc" is not a number');
    expect(() => parser("x,1", 18)).toThrow('data.csv:18: column "step": "x" is not an integer ≥ 0');
    expect(() => parser("1,2,3", 19)).toThrow("data.csv:19: expected 2 cells like the header, found 3");
    expect(parser.fatal).toBe(false);
  });

  it("rejects bad headers as fatal", () => {
    for (const [header, message] of [
      ["loss,acc", 'data.csv:1: the header must have a "step" column (found: loss, acc)'],
      ["step,loss,loss", 'data.csv:1: the header names column "loss" twice'],
      ["step,,loss", "data.csv:1: the header's column 2 has no name"],
      ["step,time", "data.csv:1: the header has no metric columns besides step and time"],
    ] as const) {
      const parser = createCsvRowParser("data.csv");
      expect(() => parser(header, 1)).toThrow(message);
      expect(parser.fatal).toBe(true);
    }
  });
});

describe("parseJsonlRow", () => {
  it("reads the nested and the flat shape, W&B's _step/_timestamp, and Python's NaN", () => {
    expect(parseJsonlRow('{"step":0,"time":1.5,"metrics":{"loss":2.3,"acc":null}}', "m.jsonl", 1)).toEqual({
      step: 0, time: 1.5, metrics: { loss: 2.3 },
    });
    expect(parseJsonlRow('{"step":1,"loss":NaN,"g":"Infinity"}', "m.jsonl", 2)).toEqual({ step: 1, metrics: { loss: "NaN", g: "Infinity" } });
    expect(parseJsonlRow('{"_step":2,"_timestamp":9,"loss":1}', "m.jsonl", 3)).toEqual({ step: 2, time: 9, metrics: { loss: 1 } });
    expect(parseJsonlRow("   ", "m.jsonl", 4)).toBeNull();
  });

  it("names the line and key of each problem", () => {
    const cases: [string, string][] = [
      ['{"step":0,"loss":"abc"}', 'm.jsonl:5: "loss": "abc" is not a number'],
      ['{"step":0,"metrics":{"loss":[1]}}', 'm.jsonl:5: "metrics.loss": an array is not a number'],
      ['{"loss":1}', 'm.jsonl:5: missing "step"'],
      ['{"step":-1,"loss":1}', 'm.jsonl:5: "step": -1 is not an integer ≥ 0'],
      ['{"step":0,"metrics":{},"epoch":1}', 'm.jsonl:5: unexpected key "epoch" next to "metrics"'],
      ["[1,2]", "m.jsonl:5: expected a JSON object"],
      ['{"step":0,', "m.jsonl:5: not valid JSON"],
    ];
    for (const [line, message] of cases) expect(() => parseJsonlRow(line, "m.jsonl", 5)).toThrow(message);
  });
});

describe("readMetricRows", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "folio-import-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("streams rows with line numbers and byte offsets, and keeps going after a bad line", async () => {
    const file = join(dir, "a.csv");
    await writeFile(file, "step,loss\r\n0,1\r\n1,x\r\n2,3");
    const lines = [];
    for await (const line of readMetricRows(file, "csv", "a.csv")) lines.push(line);
    expect(lines.map((l) => [l.lineNumber, l.end, l.row?.step ?? null, l.error?.message ?? null])).toEqual([
      [1, 11, null, null],
      [2, 16, 0, null],
      [3, 21, null, 'a.csv:3: column "loss": "x" is not a number'],
      [4, 24, 2, null],
    ]);
  });

  it("stops after a fatal header error", async () => {
    const file = join(dir, "b.csv");
    await writeFile(file, "loss\n1\n2\n");
    const lines = [];
    for await (const line of readMetricRows(file, "csv")) lines.push(line);
    expect(lines).toHaveLength(1);
  });

  it("detects the format from the extension or the content", async () => {
    await writeFile(join(dir, "x.txt"), '\uFEFF  {"step":0}\n');
    await writeFile(join(dir, "y.txt"), "step,loss\n");
    expect(await detectFormat(join(dir, "x.txt"))).toBe("jsonl");
    expect(await detectFormat(join(dir, "y.txt"))).toBe("csv");
    expect(await detectFormat(join(dir, "z.ndjson"))).toBe("jsonl");
    expect(await detectFormat(join(dir, "z.tsv"))).toBe("tsv");
  });
});
