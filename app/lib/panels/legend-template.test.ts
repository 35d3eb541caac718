import { describe, expect, it } from "vitest";
import { legendText } from "./legend-template";
import { makeRun } from "./test-runs";

const run = makeRun("k3j2", { name: "brave-fox", displayName: "baseline", config: { lr: 0.001, opt: { name: "adam" } }, summary: { loss: 0.123456 } });

describe("legendText", () => {
  it("fills run, config and summary placeholders", () => {
    expect(legendText("${run:name} lr=${config:lr}", { run })).toBe("baseline lr=0.001");
    expect(legendText("${run:id}/${config:opt.name}", { run })).toBe("k3j2/adam");
    expect(legendText("loss ${summary:loss}", { run })).toBe("loss 0.1235");
    expect(legendText("${run:state}", { run })).toBe("finished");
  });

  it("fills group and metric", () => {
    expect(legendText("${group} · ${metric}", { group: "adam", metric: "val/loss" })).toBe("adam · val/loss");
  });

  it("leaves missing values and unknown placeholders empty", () => {
    expect(legendText("[${config:momentum}]", { run })).toBe("[]");
    expect(legendText("[${group}]", { run })).toBe("[]");
    expect(legendText("[${secret:x}]", { run })).toBe("[]");
    expect(legendText("[${run:name}]", {})).toBe("[]");
  });

  it("keeps other text as typed, markup included (escaping is the figure's job)", () => {
    expect(legendText("<b>${run:id}</b> $x", { run })).toBe("<b>k3j2</b> $x");
  });
});
