/**
 * fast-check generators of valid documents of the Folio schema, for property tests. Inline content
 * is generated as "items" (text runs, code spans, math, images, mentions) joined by separators (a space or a
 * hard break) that carry only the marks both neighbours share: that is the shape in which
 * CommonMark can express every mark boundary (docs/markdown.md, "What does not round-trip").
 */
import fc from "fast-check";
import type { Mark, Node } from "prosemirror-model";
import { CALLOUT_KINDS, schema } from "../schema";
import { panelGridNode } from "../panels/panelGridNode";
import { defaultRunSet, Panel, PANEL_TYPES, RunSet } from "../panels/panelSpec";

const ALNUM = "abcxyzABZ0189";
const SPECIAL = "\\`*_[]~$<>|#&!-+=.():;\"'{}^%@/?,";
const TEXT_CHARS = ALNUM + ALNUM + SPECIAL + "  ";
const CODE_CHARS = "ab1 `~$*_\\|#<";
const LATEX_CHARS = "xyz12 \\{}^_+-=()[]|&#%,";
const HREFS = ["http://example.com", "https://a.b/c?d=e&f=g", "/rel path", "#frag", "mailto:a@b.c", "./x(1).png", "https://x.y/&amp;"];
const SRCS = ["http://example.com/a.png", "/img/b c.png", "rel(1).png"];
const TITLES = ["", "A title", 'quote " and \\ back'];
const LANGUAGES = ["", "js", "python", "c++", "folio-x"];

const char = (chars: string) => fc.constantFrom(...chars.split(""));
const stringOf = (chars: string, min: number, max: number) => fc.array(char(chars), { minLength: min, maxLength: max }).map((a) => a.join(""));

/** Text whose first and last characters are alphanumeric. */
const word = fc.tuple(char(ALNUM), stringOf(TEXT_CHARS, 0, 8), char(ALNUM)).map(([a, b, c]) => (b ? a + b + c : a));

const linkMark = fc.tuple(fc.constantFrom(...HREFS), fc.constantFrom(...TITLES)).map(([href, title]) => schema.marks.link.create({ href, title }));
const markSet: fc.Arbitrary<readonly Mark[]> = fc
  .record({ strong: fc.boolean(), em: fc.boolean(), strike: fc.boolean(), link: fc.option(linkMark, { freq: 3 }) })
  .map(({ strong, em, strike, link }) => {
    let marks: readonly Mark[] = [];
    if (strong) marks = schema.marks.strong.create().addToSet(marks);
    if (em) marks = schema.marks.em.create().addToSet(marks);
    if (strike) marks = schema.marks.strikethrough.create().addToSet(marks);
    if (link) marks = link.addToSet(marks);
    return marks;
  });

const inlineMath = stringOf(LATEX_CHARS, 1, 10)
  .filter((latex) => latex.trim() !== "" && !/(^|[^\\])(\\\\)*\\$/.test(latex))
  .map((latex) => (marks: readonly Mark[]) => schema.nodes.math_inline.create({ latex }, null, marks));
const image = fc
  .tuple(fc.constantFrom(...SRCS), stringOf(ALNUM + " *_[]", 0, 6), fc.constantFrom(...TITLES))
  .map(([src, alt, title]) => (marks: readonly Mark[]) => schema.nodes.image.create({ src, alt: alt.trim(), title }, null, marks));
const mention = fc
  .tuple(fc.constantFrom("u1", "abc123", "z"), stringOf(ALNUM + " []\\*_@()é", 0, 8))
  .map(([id, label]) => (marks: readonly Mark[]) => schema.nodes.mention.create({ id, label }, null, marks));
const textRun = word.map((text) => (marks: readonly Mark[]) => schema.text(text, marks));
const codeRun = stringOf(CODE_CHARS, 1, 6).map((text) => (marks: readonly Mark[]) => schema.text(text, schema.marks.code.create().addToSet(marks)));

const item = fc.tuple(fc.oneof({ arbitrary: textRun, weight: 5 }, codeRun, inlineMath, image, mention), markSet).map(([make, marks]) => ({ make, marks }));

/** Inline content; `breaks`: whether hard breaks may separate items. */
function inline(breaks: boolean, minItems: number): fc.Arbitrary<Node[]> {
  return fc.tuple(fc.array(item, { minLength: minItems, maxLength: 5 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 })).map(([items, seps]) => {
    const out: Node[] = [];
    items.forEach(({ make, marks }, i) => {
      if (i > 0) {
        const shared = marks.filter((m) => m.isInSet(items[i - 1].marks));
        out.push(breaks && seps[i] ? schema.nodes.hard_break.create(null, null, shared) : schema.text(" ", shared));
      }
      out.push(make(marks));
    });
    return out;
  });
}

const paragraph = (breaks = true) => inline(breaks, 1).map((content) => schema.nodes.paragraph.create(null, content));
const heading = fc.tuple(fc.constantFrom(1, 2, 3), inline(false, 0)).map(([level, content]) => schema.nodes.heading.create({ level }, content));
const codeBlock = fc
  .tuple(fc.constantFrom(...LANGUAGES), fc.array(stringOf(CODE_CHARS, 0, 8), { maxLength: 4 }))
  .map(([language, lines]) => {
    const text = lines.join("\n");
    return schema.nodes.code_block.create({ language }, text ? schema.text(text) : null);
  });
const mathBlock = fc.array(stringOf(LATEX_CHARS, 0, 8), { maxLength: 3 }).map((lines) => schema.nodes.math_block.create({ latex: lines.join("\n") }));
const panelTitle = stringOf(TEXT_CHARS + "`\n\u00e9", 0, 10);
const runSet = fc
  .tuple(panelTitle, fc.constantFrom("team/a", "b/c d"), fc.option(fc.array(fc.integer({ min: -1, max: 9999 }), { maxLength: 3 })), fc.integer({ min: 1, max: 500 }))
  .map(([name, project, frozen, limit]) => (id: string) =>
    RunSet.parse({
      ...defaultRunSet(project, id, name.trim() || "Run set"),
      limit,
      frozen: frozen && { at: "2026-12-03T09:00:00.000Z", runs: frozen.map((step, i) => ({ id: `run${i}`, step })) },
    }),
  );
const panelLayout = fc
  .tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }))
  .map(([x, y, w, h]) => ({ x, y, w: Math.min(w, 12 - x), h }));
const panelSpec = fc
  .tuple(fc.constantFrom(...PANEL_TYPES), panelTitle, panelLayout, fc.nat(3))
  .map(([type, title, layout, runSetIndex]) => (id: string, runSetIds: string[]) =>
    Panel.parse({ id, type, title, layout, runSet: runSetIds[runSetIndex] ?? null }),
  );
/** Panel grids with valid, distinct ids (the panels' content is the spec's defaults). */
const panelGrid = fc
  .tuple(fc.constantFrom("g1", "grid_2", "G-3"), fc.array(runSet, { maxLength: 3 }), fc.array(panelSpec, { maxLength: 4 }))
  .map(([id, sets, panels]) => {
    const runSets = sets.map((make, i) => make(`rs${i}`));
    const ids = runSets.map((s) => s.id);
    return panelGridNode({ id, version: 1, runSets, panels: panels.map((make, i) => make(`p${i}`, ids)) });
  });
const leafBlock = fc.oneof(
  panelGrid,
  { arbitrary: paragraph(), weight: 6 },
  heading,
  codeBlock,
  mathBlock,
  fc.constant(schema.nodes.horizontal_rule.create()),
  fc.constant(schema.nodes.toc.create()),
);

const ALIGNS = [null, "left", "center", "right"] as const;
/** GFM-shaped tables (header row, aligned columns) and, sometimes, irregular ones. */
const table = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.constantFrom(...ALIGNS), { minLength: 3, maxLength: 3 }), fc.boolean())
  .chain(([rows, cols, aligns, irregular]) =>
    fc.array(fc.array(inline(irregular, 0), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }).map((cells) =>
      schema.nodes.table.create(
        null,
        cells.map((row, r) =>
          schema.nodes.table_row.create(
            null,
            row.map((content, c) => {
              const header = irregular ? (r + c) % 2 === 0 : r === 0;
              const type = header ? schema.nodes.table_header : schema.nodes.table_cell;
              return type.create({ align: aligns[c] }, schema.nodes.paragraph.create(null, content));
            }),
          ),
        ),
      ),
    ),
  );

const { block } = fc.letrec<{ block: Node }>((tie) => {
  const blocks = (min: number) => fc.array(tie("block"), { minLength: min, maxLength: 3 });
  const itemBody = fc.tuple(paragraph(), fc.array(tie("block"), { maxLength: 2 }));
  const listItem = itemBody.map(([first, rest]) => schema.nodes.list_item.create(null, [first, ...rest]));
  const taskItem = fc
    .tuple(fc.boolean(), fc.oneof(paragraph(), fc.constant(schema.nodes.paragraph.create())), fc.array(tie("block"), { maxLength: 2 }))
    .map(([checked, first, rest]) => schema.nodes.task_item.create({ checked }, [first, ...rest]));
  return {
    block: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { arbitrary: leafBlock, weight: 5 },
      blocks(1).map((content) => schema.nodes.blockquote.create(null, content)),
      fc.array(listItem, { minLength: 1, maxLength: 3 }).map((items) => schema.nodes.bullet_list.create(null, items)),
      fc
        .tuple(fc.integer({ min: 0, max: 20 }), fc.array(listItem, { minLength: 1, maxLength: 3 }))
        .map(([start, items]) => schema.nodes.ordered_list.create({ start }, items)),
      fc.array(taskItem, { minLength: 1, maxLength: 3 }).map((items) => schema.nodes.task_list.create(null, items)),
      fc.tuple(fc.constantFrom(...CALLOUT_KINDS), blocks(1)).map(([kind, content]) => schema.nodes.callout.create({ kind }, content)),
      table,
    ),
  };
});

/** Arbitrary valid documents of the Folio schema in the form Folio Markdown round-trips exactly. */
export const arbitraryDoc: fc.Arbitrary<Node> = fc.array(block, { minLength: 1, maxLength: 5 }).map((content) => {
  const doc = schema.nodes.doc.create(null, content);
  doc.check();
  return doc;
});

const LOOSE_CHARS = ALNUM + SPECIAL + "  \t\n\u00a0é中😀";
const anyMarks: fc.Arbitrary<readonly Mark[]> = fc
  .tuple(markSet, fc.boolean())
  .map(([marks, isCode]) => (isCode ? schema.marks.code.create().addToSet(marks) : marks));
const looseInlineNode = fc.oneof(
  { arbitrary: fc.tuple(stringOf(LOOSE_CHARS, 1, 8), anyMarks).map(([text, marks]) => schema.text(text, marks)), weight: 6 },
  fc.tuple(stringOf(LATEX_CHARS + "$\n", 0, 8), markSet).map(([latex, marks]) => schema.nodes.math_inline.create({ latex }, null, marks)),
  fc.tuple(fc.constantFrom(...SRCS), stringOf(LOOSE_CHARS, 0, 5), markSet).map(([src, alt, marks]) => schema.nodes.image.create({ src, alt }, null, marks)),
  markSet.map((marks) => schema.nodes.hard_break.create(null, null, marks)),
  fc.tuple(stringOf(LOOSE_CHARS, 0, 6), anyMarks).map(([label, marks]) => schema.nodes.mention.create({ id: "u1", label, mid: "m1" }, null, marks)),
);
const looseInline = (breaks: boolean) =>
  fc.array(looseInlineNode, { maxLength: 6 }).map((nodes) => (breaks ? nodes : nodes.filter((n) => n.type !== schema.nodes.hard_break)));

const { looseBlock } = fc.letrec<{ looseBlock: Node }>((tie) => {
  const para = looseInline(true).map((content) => schema.nodes.paragraph.create(null, content));
  const item = fc.tuple(para, fc.array(tie("looseBlock"), { maxLength: 2 }));
  return {
    looseBlock: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { arbitrary: para, weight: 5 },
      fc.tuple(fc.constantFrom(1, 2, 3), looseInline(false)).map(([level, content]) => schema.nodes.heading.create({ level }, content)),
      fc.tuple(fc.string({ maxLength: 12 }), stringOf(LOOSE_CHARS + "`~$", 0, 20)).map(([language, text]) =>
        schema.nodes.code_block.create({ language }, text ? schema.text(text) : null),
      ),
      stringOf(LATEX_CHARS + "$\n ", 0, 12).map((latex) => schema.nodes.math_block.create({ latex })),
      fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 12 }), fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 12 })), { maxLength: 2 })).map(
        ([id, runSets, panels]) =>
          schema.nodes.panel_grid.create({ id, runSets }, panels.map(([title, layout]) => schema.nodes.panel.create({ id: "p", title, layout }))),
      ),
      fc.array(tie("looseBlock"), { minLength: 1, maxLength: 3 }).map((c) => schema.nodes.blockquote.create(null, c)),
      fc.array(item, { minLength: 1, maxLength: 3 }).map((items) =>
        schema.nodes.bullet_list.create(null, items.map(([first, rest]) => schema.nodes.list_item.create(null, [first, ...rest]))),
      ),
      fc.array(item, { minLength: 1, maxLength: 3 }).map((items) =>
        schema.nodes.task_list.create(null, items.map(([first, rest]) => schema.nodes.task_item.create(null, [first, ...rest]))),
      ),
      fc.array(tie("looseBlock"), { minLength: 1, maxLength: 2 }).map((c) => schema.nodes.callout.create(null, c)),
      fc.array(fc.array(looseInline(true), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }).map((rows) =>
        schema.nodes.table.create(
          null,
          rows.map((cells) =>
            schema.nodes.table_row.create(null, cells.map((content) => schema.nodes.table_cell.create(null, schema.nodes.paragraph.create(null, content)))),
          ),
        ),
      ),
    ),
  };
});

/**
 * Arbitrary valid documents with none of the restrictions of `arbitraryDoc`: any marks anywhere,
 * empty paragraphs, edge whitespace, newlines and odd characters. Folio Markdown may normalize
 * them; the codec must still never throw and reach a fixed point after one round.
 */
export const arbitraryLooseDoc: fc.Arbitrary<Node> = fc.array(looseBlock, { minLength: 1, maxLength: 4 }).map((content) => {
  const doc = schema.nodes.doc.create(null, content);
  doc.check();
  return doc;
});
