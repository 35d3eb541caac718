import { describe, expect, it } from "vitest";
import { doc, link, p, pre, strong } from "../test/builders";
import { stateOf } from "../test/commandTest";
import { toolbarButtons } from "./toolbarButtons";

const summary = (d: Parameters<typeof stateOf>[0]) =>
  Object.fromEntries(toolbarButtons(stateOf(d), () => undefined).map((b) => [b.id, { active: b.active, enabled: b.enabled }]));

describe("toolbarButtons", () => {
  it("marks the formatting of the selection as active", () => {
    const s = summary(doc(p(strong("<a>ab<b>"), " ", link("/x")("c"))));
    expect(s.strong).toEqual({ active: true, enabled: true });
    expect(s.em).toEqual({ active: false, enabled: true });
    expect(s.link.active).toBe(false);
  });

  it("shows the link as active inside a link", () => {
    expect(summary(doc(p(link("/x")("<a>ab<b>")))).link).toEqual({ active: true, enabled: true });
  });

  it("disables marks in code blocks", () => {
    expect(summary(doc(pre()("<a>ab<b>"))).strong.enabled).toBe(false);
  });
});
