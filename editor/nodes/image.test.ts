import { describe, it } from "vitest";
import { doc, img, p, pre } from "../test/builders";
import { expectCommand, expectRefused } from "../test/commandTest";
import { insertImage } from "./image";

describe("insertImage", () => {
  it("inserts an image by URL at the cursor", () => {
    expectCommand(insertImage("https://a.b/c.png", "chart"), doc(p("a<a>b")), doc(p("a", img("https://a.b/c.png", "chart"), "b")));
  });

  it("refuses unsafe URLs and code blocks", () => {
    expectRefused(insertImage("data:image/png;base64,AA"), doc(p("a<a>")));
    expectRefused(insertImage("javascript:alert(1)"), doc(p("a<a>")));
    expectRefused(insertImage("/a.png"), doc(pre()("a<a>")));
  });
});
