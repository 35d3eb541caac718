import { describe, expect, it } from "vitest";
import { LoginThrottle } from "./LoginThrottle";

describe("LoginThrottle", () => {
  it("locks an email after too many failures within the window, then lets it try again", () => {
    const t = new LoginThrottle(3, 1000);
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfterMs("A@x.io", i)).toBe(0);
      t.fail("a@x.io", i);
    }
    expect(t.retryAfterMs("a@x.io", 10)).toBe(990);
    expect(t.retryAfterMs("b@x.io", 10)).toBe(0);
    expect(t.retryAfterMs("a@x.io", 1001)).toBe(0);
  });

  it("success clears the count", () => {
    const t = new LoginThrottle(2, 1000);
    t.fail("a@x.io", 0);
    t.succeed("a@x.io");
    t.fail("a@x.io", 1);
    expect(t.retryAfterMs("a@x.io", 2)).toBe(0);
  });
});
