import { EditorState, TextSelection } from "prosemirror-state";
import { addColumnAfter, addRowAfter, deleteColumn, mergeCells, CellSelection, TableMap } from "prosemirror-tables";
import { describe, expect, it } from "vitest";
import { parseMarkdown, serializeMarkdown } from "../markdown";
import { doc, p, table, td, th, tr } from "../test/builders";

// The schema's table specs follow prosemirror-tables' conventions without importing it; these
// tests run its commands over them.
describe("tables with prosemirror-tables", () => {
  const before = doc(table(tr(th()(p("a<a>")), th()(p("b"))), tr(td()(p("1")), td()(p("2")))));

  function run(command: (state: EditorState, dispatch: (tr: import("prosemirror-state").Transaction) => void) => boolean, state: EditorState) {
    let next = state;
    expect(command(state, (t) => (next = state.apply(t)))).toBe(true);
    return next;
  }

  it("maps the table and adds rows and columns", () => {
    let state = EditorState.create({ doc: before, selection: TextSelection.create(before, before.tag.a) });
    expect(TableMap.get(before.firstChild!).width).toBe(2);
    state = run(addColumnAfter, state);
    state = run(addRowAfter, state);
    const markdown = serializeMarkdown(state.doc);
    expect(markdown).toBe("| a |  | b |\n| --- | --- | --- |\n|  |  |  |\n| 1 |  | 2 |\n");
    expect(parseMarkdown(markdown).eq(state.doc)).toBe(true);
    state = run(deleteColumn, state);
    expect(TableMap.get(state.doc.firstChild!).width).toBe(2);
  });

  it("merges cells, which Markdown then keeps in a folio-table fence", () => {
    const start = EditorState.create({ doc: before });
    // Cells of the first row sit at 2 (table at 0, row at 1) and 2 + the first cell's size.
    const first = start.doc.firstChild!.firstChild!.firstChild!;
    const selected = start.apply(start.tr.setSelection(CellSelection.create(start.doc, 2, 2 + first.nodeSize)));
    const merged = run(mergeCells, selected);
    expect(merged.doc.firstChild!.firstChild!.firstChild!.attrs.colspan).toBe(2);
    const markdown = serializeMarkdown(merged.doc);
    expect(markdown.startsWith("```folio-table\n")).toBe(true);
    expect(parseMarkdown(markdown).eq(merged.doc)).toBe(true);
  });
});
