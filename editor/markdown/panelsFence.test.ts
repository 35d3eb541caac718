import { readFileSync } from "node:fs";
import { EditorState } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { addPanel, freezeRunSet, insertPanelGrid, updatePanel } from "../nodes/panelGrid";
import { Panel, RunSet, FrozenRuns, PanelLayout } from "../panels/panelSpec";
import { schema } from "../schema";
import { doc, p, pre } from "../test/builders";
import { parseMarkdown, serializeMarkdown } from "./index";

/** A report with a grid made by the commands: a line plot, a scalar, and a frozen run set. */
function report() {
  let state = EditorState.create({ doc: doc(p("<a>")) });
  const run = (command: (s: EditorState, d: (tr: import("prosemirror-state").Transaction) => void) => boolean) => {
    expect(command(state, (tr) => (state = state.apply(tr)))).toBe(true);
  };
  run(insertPanelGrid("team/proj", { gridId: "g1", runSetId: "rs1", panelId: "p1" }));
  run(addPanel("g1", "scalar", "p2"));
  run(updatePanel("g1", "p1", { title: "Loss `curve`", config: { ...Panel.parse({ id: "x", type: "line", layout: { x: 0, y: 0, w: 1, h: 1 } }).config, metrics: ["loss"] } }));
  run(freezeRunSet("g1", "rs1", [{ id: "run-a", step: 1200 }, { id: "run-b", step: -1 }], "2026-12-03T09:00:00.000Z"));
  return state.doc;
}

function fenceJson(markdown: string): Record<string, unknown> {
  const match = /^```folio-panels\n([\s\S]*?)\n```$/m.exec(markdown);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]) as Record<string, unknown>;
}

const keysOf = (shape: object) => Object.keys(shape).sort();

describe("the folio-panels fence", () => {
  it("round-trips a grid made by the commands", () => {
    const d = report();
    const markdown = serializeMarkdown(d);
    expect(markdown.startsWith('```folio-panels\n{\n  "id": "g1",\n')).toBe(true);
    expect(parseMarkdown(markdown).toJSON()).toEqual(d.toJSON());
  });

  it("holds only the spec's keys: run queries and settings, no metric values", () => {
    const json = fenceJson(serializeMarkdown(report()));
    expect(Object.keys(json).sort()).toEqual(["id", "panels", "runSets", "version"]);
    const runSets = json.runSets as Record<string, unknown>[];
    for (const set of runSets) {
      expect(Object.keys(set).sort()).toEqual(keysOf(RunSet.shape));
      const frozen = set.frozen as { runs: Record<string, unknown>[] };
      expect(Object.keys(frozen).sort()).toEqual(keysOf(FrozenRuns.shape));
      // A frozen set carries run ids and steps only.
      for (const r of frozen.runs) expect(Object.keys(r).sort()).toEqual(["id", "step"]);
    }
    for (const panel of json.panels as Record<string, unknown>[]) {
      const option = Panel.options.find((o) => o.shape.type.value === panel.type)!;
      expect(Object.keys(panel).sort()).toEqual(keysOf(option.shape));
      expect(Object.keys(panel.layout as object).sort()).toEqual(["h", "w", "x", "y"]);
      expect(PanelLayout.safeParse(panel.layout).success).toBe(true);
      expect(Object.keys(panel.config as object).sort()).toEqual(keysOf(option.shape.config.removeDefault().shape));
    }
  });

  it("reads a hand-written fence without an id, filling defaults", () => {
    const md = '```folio-panels\n{"panels":[{"id":"a","type":"bar","layout":{"x":0,"y":0,"w":4,"h":3}}]}\n```\n';
    const grid = parseMarkdown(md).firstChild!;
    expect(grid.type).toBe(schema.nodes.panel_grid);
    expect(grid.attrs.id).toMatch(/^g[0-9a-z]+$/);
    expect(grid.attrs.runSets).toBe("[]");
    expect(grid.firstChild!.attrs).toMatchObject({ id: "a", type: "bar", title: "", runSet: null, layout: '{"h":3,"w":4,"x":0,"y":0}' });
    expect(parseMarkdown(md).eq(parseMarkdown(md))).toBe(true);
  });

  it("reads the example of docs/markdown.md", () => {
    const docs = readFileSync(new URL("../../docs/markdown.md", import.meta.url), "utf8");
    const example = /^```folio-panels\n[\s\S]*?\n```$/m.exec(docs)![0];
    const grid = parseMarkdown(example).firstChild!;
    expect(grid.type).toBe(schema.nodes.panel_grid);
    expect(grid.attrs.id).toBe("k3v9x0qa");
    expect(grid.firstChild!.attrs.title).toBe("Training loss");
  });

  it("keeps an invalid fence as a folio-panels code block", () => {
    for (const body of ["not json", '{"panels":[{"id":"a","type":"pie","layout":{"x":0,"y":0,"w":4,"h":3}}]}', '{"id":"bad id!","panels":[]}', '{"panels":[],"runSets":[],"extra":1}']) {
      const md = "```folio-panels\n" + body + "\n```\n";
      expect(parseMarkdown(md).toJSON()).toEqual(doc(pre("folio-panels")(body)).toJSON());
      // Written back with tildes, so it stays a code block.
      expect(serializeMarkdown(parseMarkdown(md))).toBe("~~~folio-panels\n" + body + "\n~~~\n");
    }
  });
});
