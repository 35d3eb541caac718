import { describe, expect, it } from "vitest";
import { summaryColumns } from "./summary-columns";

describe("summaryColumns", () => {
  it("prefers keys most runs share", () => {
    const cols = summaryColumns([{ loss: 1, zeta: 0.5, lr: 1 }, { loss: 2, zeta: 0.4 }, { loss: 3, extra: 1 }], 3);
    expect(cols).toEqual(["loss", "zeta", "extra"]);
  });

  it("puts headline metrics first among equally common keys, then sorts by name", () => {
    const run = { acc: 1, grad_norm: 1, loss: 1, lr: 1, val_acc: 1, val_loss: 1, epoch: 1 };
    expect(summaryColumns([run, run], 5)).toEqual(["acc", "loss", "val_acc", "val_loss", "epoch"]);
  });

  it("handles no runs", () => {
    expect(summaryColumns([])).toEqual([]);
  });
});
