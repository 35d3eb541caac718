import { describe, expect, it } from "vitest";
import { loginPath, safeRedirect } from "./safe-redirect";

describe("safeRedirect", () => {
  it("keeps same-site paths", () => {
    expect(safeRedirect("/alice/mnist?x=1")).toBe("/alice/mnist?x=1");
    expect(safeRedirect("/invite/abc")).toBe("/invite/abc");
  });

  it("refuses anything that could leave the site", () => {
    for (const bad of ["//evil.com", "/\\evil.com", "https://evil.com", "evil", "/a\nb", "", null, 3]) {
      expect(safeRedirect(bad, "/home")).toBe("/home");
    }
  });

  it("refuses action-only routes", () => {
    expect(safeRedirect("/logout")).toBe("/");
    expect(safeRedirect("/logouts")).toBe("/logouts");
  });
});

describe("loginPath", () => {
  it("carries the requested page", () => {
    expect(loginPath("http://h/alice/mnist?q=1")).toBe("/login?redirectTo=%2Falice%2Fmnist%3Fq%3D1");
    expect(loginPath("http://h/")).toBe("/login");
  });
});
