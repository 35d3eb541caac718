import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readLines } from "./readLines";

describe("readLines", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "folio-lines-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const collect = async (path: string, options = {}) => {
    const out = [];
    for await (const line of readLines(path, options)) out.push(line);
    return out;
  };

  it("gives text, numbers and byte offsets across chunk boundaries, CRLF and UTF-8", async () => {
    const file = join(dir, "a.txt");
    await writeFile(file, "héllo\r\nworld\n\nlast");
    const lines = await collect(file, { chunkBytes: 3 });
    expect(lines).toEqual([
      { text: "héllo", number: 1, start: 0, end: 8, terminated: true },
      { text: "world", number: 2, start: 8, end: 14, terminated: true },
      { text: "", number: 3, start: 14, end: 15, terminated: true },
      { text: "last", number: 4, start: 15, end: 19, terminated: false },
    ]);
  });

  it("resumes from an offset with the given line number", async () => {
    const file = join(dir, "b.txt");
    await writeFile(file, "one\ntwo\nthree\n");
    const lines = await collect(file, { start: 4, firstLineNumber: 2 });
    expect(lines.map((l) => [l.text, l.number, l.start])).toEqual([["two", 2, 4], ["three", 3, 8]]);
  });
});
