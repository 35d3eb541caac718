import { describe, expect, it } from "vitest";
import { parsePatch, summarizePatch } from "./patch-diff";

const GIT = [
  "diff --git a/train.py b/train.py",
  "index 1234567..89abcde 100644",
  "--- a/train.py",
  "+++ b/train.py",
  "@@ -1,3 +1,3 @@",
  " import torch",
  "-lr = 0.1",
  "+lr = 0.01",
  "--- not a header: a removed line starting with dashes",
  "diff --git a/<img src=x>.md b/<img src=x>.md",
  "new file mode 100644",
  "--- /dev/null",
  "+++ b/<img src=x>.md",
  "@@ -0,0 +1 @@",
  "+hello",
  "",
].join("\n");

describe("parsePatch", () => {
  it("splits a git diff into files with counted, classified lines", () => {
    const files = parsePatch(GIT);
    expect(files.map((f) => [f.path, f.added, f.removed])).toEqual([
      ["train.py", 1, 2],
      ["<img src=x>.md", 1, 0],
    ]);
    expect(files[0].lines.map((l) => l.kind)).toEqual(["meta", "meta", "meta", "meta", "hunk", "context", "del", "add", "del"]);
  });

  it("reads a bare unified diff without git headers", () => {
    const files = parsePatch("--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-a\n+b\n--- a/y.txt\n+++ b/y.txt\n@@ -1 +1 @@\n-c\n+d\n");
    expect(files.map((f) => [f.path, f.added, f.removed])).toEqual([
      ["x.txt", 1, 1],
      ["y.txt", 1, 1],
    ]);
  });

  it("keeps text that is not a diff as one file", () => {
    expect(parsePatch("just text").map((f) => f.path)).toEqual(["(patch)"]);
    expect(parsePatch("")).toEqual([]);
  });
});

describe("summarizePatch", () => {
  it("caps the preview but counts the whole patch", () => {
    const big = ["diff --git a/a b/a", "@@ -1,1000 +1,1000 @@", ...Array.from({ length: 1000 }, (_, i) => `+line ${i}`)].join("\n");
    const s = summarizePatch(big, 10);
    expect(s.files).toEqual([{ path: "a", added: 1000, removed: 0 }]);
    expect(s.totalLines).toBe(1002);
    expect(s.preview.split("\n")).toHaveLength(10);
    expect(s.truncated).toBe(true);
    expect(summarizePatch(GIT).truncated).toBe(false);
    expect(summarizePatch("x".repeat(100), 10, 50)).toMatchObject({ truncated: true, totalLines: 1 });
  });
});
