import { describe, expect, it } from "vitest";
import { demoMetrics, planDemoSweep, seededRandom } from "./demoSweep";

describe("demo sweep", () => {
  it("plans varied runs, one crashing and one diverging, reproducibly", () => {
    const plans = planDemoSweep(8, seededRandom(1));
    expect(planDemoSweep(8, seededRandom(1))).toEqual(plans);
    expect(plans.map((p) => p.fate)).toEqual(["finish", "finish", "finish", "finish", "finish", "finish", "crash", "diverge"]);
    expect(new Set(plans.map((p) => p.config.optimizer)).size).toBe(3);
    expect(new Set(plans.map((p) => p.group)).size).toBe(3);
    expect(plans[0]!.startAt).toBe(0);
    expect(plans.at(-1)!.startAt).toBeCloseTo(0.35);
    expect(planDemoSweep(2, seededRandom(1)).map((p) => p.fate)).toEqual(["finish", "finish"]);
  });

  it("makes a decreasing loss, an increasing accuracy, and validation metrics every 10 steps", () => {
    const random = seededRandom(3);
    const plan = planDemoSweep(1, random)[0]!;
    const first = demoMetrics(plan, 0, random);
    const last = demoMetrics(plan, plan.steps - 1, random);
    expect(last.loss).toBeLessThan(first.loss!);
    expect(last.acc).toBeGreaterThan(first.acc!);
    expect(Object.keys(first).sort()).toEqual(["acc", "grad_norm", "loss", "lr", "val_acc", "val_loss"]);
    expect(Object.keys(demoMetrics(plan, 5, random))).not.toContain("val_loss");
  });

  it("diverges to NaN", () => {
    const random = seededRandom(5);
    const plan = planDemoSweep(3, random)[2]!;
    expect(plan.fate).toBe("diverge");
    expect(demoMetrics(plan, plan.endStep, random).loss).toBeNaN();
    expect(demoMetrics(plan, plan.endStep - 1, random).loss).toBeGreaterThan(10);
  });
});
