import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../editor/markdown";
import { schema } from "../../editor/schema";
import { collectBodyMentions } from "./bodyMentions";

describe("collectBodyMentions", () => {
  it("finds mentions anywhere, with their mid and their block's text", () => {
    const doc = parseMarkdown("Ask @[Ben](user:b1) about it\n\nno one here\n\n- a list: @[Ann](user:a1)\n");
    expect(collectBodyMentions(doc.toJSON() as Record<string, unknown>)).toEqual([
      { userId: "b1", mid: "", excerpt: "Ask @Ben about it" },
      { userId: "a1", mid: "", excerpt: "a list: @Ann" },
    ]);
    const withMid = schema.nodes.doc.create(null, schema.nodes.heading.create({ level: 1 }, schema.nodes.mention.create({ id: "c1", label: "Cid", mid: "m9" })));
    expect(collectBodyMentions(withMid.toJSON() as Record<string, unknown>)).toEqual([{ userId: "c1", mid: "m9", excerpt: "@Cid" }]);
  });

  it("reads nothing from a missing or odd copy", () => {
    expect(collectBodyMentions(null)).toEqual([]);
    expect(collectBodyMentions({ type: "doc", content: "nope" })).toEqual([]);
    expect(collectBodyMentions({ type: "doc", content: [{ type: "mention", attrs: { id: 5 } }] })).toEqual([]);
  });
});
