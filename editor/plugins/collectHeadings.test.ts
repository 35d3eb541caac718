import { describe, expect, it } from "vitest";
import { callout, doc, h1, h2, h3, p, toc } from "../test/builders";
import { collectHeadings } from "./collectHeadings";

describe("collectHeadings", () => {
  it("lists headings in document order with their positions", () => {
    const d = doc(toc(), h1("Intro"), p("x"), callout()(h2("Note")), h3("Deep"));
    expect(collectHeadings(d)).toEqual([
      { level: 1, text: "Intro", pos: 1 },
      { level: 2, text: "Note", pos: 12 },
      { level: 3, text: "Deep", pos: 19 },
    ]);
  });
});
