import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryDoc, arbitraryLooseDoc } from "../test/arbitraryDoc";
import { parseMarkdown, serializeMarkdown } from "./index";

describe("Folio Markdown round-trip (property)", () => {
  it("parse(serialize(doc)) equals doc for generated documents", () => {
    fc.assert(
      fc.property(arbitraryDoc, (doc) => {
        const markdown = serializeMarkdown(doc);
        const back = parseMarkdown(markdown);
        back.check();
        expect({ markdown, doc: back.toJSON() }).toEqual({ markdown, doc: doc.toJSON() });
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it("serialize is a fixed point after one round for any generated Markdown output", () => {
    fc.assert(
      fc.property(arbitraryDoc, (doc) => {
        const once = serializeMarkdown(parseMarkdown(serializeMarkdown(doc)));
        expect(serializeMarkdown(parseMarkdown(once))).toBe(once);
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it("never throws on any document and settles on a fixed point", () => {
    fc.assert(
      fc.property(arbitraryLooseDoc, (doc) => {
        // Documents Markdown cannot express are normalized (docs/markdown.md); a flanking failure can
        // turn delimiters into literal text that is itself normalized once more, hence two rounds.
        let markdown = serializeMarkdown(doc);
        for (let round = 0; round < 2; round++) markdown = serializeMarkdown(parseMarkdown(markdown));
        const reparsed = parseMarkdown(markdown);
        reparsed.check();
        expect(serializeMarkdown(reparsed)).toBe(markdown);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
