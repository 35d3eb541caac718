import { describe, expect, it } from "vitest";
import { invalidInput, notFound } from "../services/ServiceError";
import { prefixInputErrors } from "./prefixInputErrors";

describe("prefixInputErrors", () => {
  it("re-roots invalid_input paths and messages", async () => {
    const err = await prefixInputErrors("runQuery", () => Promise.reject(invalidInput("filter.op", "bad op"))).catch((e) => e);
    expect(err.path).toBe("runQuery.filter.op");
    expect(err.message).toBe("runQuery.filter.op: bad op");
  });

  it("leaves other errors, and everything without a prefix, alone", async () => {
    const nf = notFound("Project");
    await expect(prefixInputErrors("runQuery", () => Promise.reject(nf))).rejects.toBe(nf);
    const bad = invalidInput("limit", "too big");
    await expect(prefixInputErrors(undefined, () => Promise.reject(bad))).rejects.toBe(bad);
    await expect(prefixInputErrors("q", async () => 1)).resolves.toBe(1);
  });
});
