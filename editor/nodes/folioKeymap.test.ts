import { describe, expect, it } from "vitest";
import { doc, em, h1, p, strike, strong, task, tasks, code, ul, li } from "../test/builders";
import { expectCommand } from "../test/commandTest";
import { folioKeyBindings } from "./folioKeymap";

describe("folio key bindings", () => {
  const keys = folioKeyBindings({ onLinkRequest: () => undefined });

  it("binds the documented shortcuts", () => {
    expect(Object.keys(keys).sort()).toEqual(
      ["Enter", "Mod-Alt-0", "Mod-Alt-1", "Mod-Alt-2", "Mod-Alt-3", "Mod-Enter", "Mod-Shift-s", "Mod-b", "Mod-e", "Mod-i", "Mod-k", "Shift-Enter", "Shift-Tab", "Tab"].sort(),
    );
    expect(folioKeyBindings()["Mod-k"]).toBeUndefined();
  });

  it("runs the right commands", () => {
    expectCommand(keys["Mod-b"], doc(p("<a>a<b>")), doc(p(strong("a"))));
    expectCommand(keys["Mod-i"], doc(p("<a>a<b>")), doc(p(em("a"))));
    expectCommand(keys["Mod-e"], doc(p("<a>a<b>")), doc(p(code("a"))));
    expectCommand(keys["Mod-Shift-s"], doc(p("<a>a<b>")), doc(p(strike("a"))));
    expectCommand(keys["Mod-Alt-1"], doc(p("a<a>")), doc(h1("a")));
    expectCommand(keys["Mod-Enter"], doc(tasks(task(false)(p("a<a>")))), doc(tasks(task(true)(p("a")))));
    expectCommand(keys.Tab, doc(ul(li(p("a")), li(p("b<a>")))), doc(ul(li(p("a"), ul(li(p("b")))))));
  });
});
