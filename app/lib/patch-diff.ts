/**
 * Reading the uncommitted changes a run recorded (`git.dirtyPatch`, the output of `git diff HEAD`
 * as the SDK sends it) for the run page's diff viewer. A unified diff is split into files at each
 * `diff --git` header (or, for a bare diff, at each `--- ` line directly followed by `+++ `); every
 * line keeps its text and gets a kind for colouring. Patches can reach 5 MB, so the page gets a
 * preview of the first lines plus per-file counts over the whole patch. Pure: no DOM.
 */

/** How a diff line is drawn. */
export type DiffLineKind = "add" | "del" | "hunk" | "meta" | "context";

/** One file of a patch with its lines. */
export interface DiffFile {
  path: string;
  added: number;
  removed: number;
  lines: { kind: DiffLineKind; text: string }[];
}

/** A file of the patch without its lines (for the file list). */
export type DiffFileStat = Omit<DiffFile, "lines">;

/** What the run page loader sends about a patch. */
export interface PatchSummary {
  files: DiffFileStat[];
  totalLines: number;
  /** The first lines of the patch (all of it when `truncated` is false). */
  preview: string;
  truncated: boolean;
}

/** Lines the run page shows before "Show all". */
export const PREVIEW_LINES = 300;
/** Characters the preview holds at most (a minified file can be one enormous line). */
export const PREVIEW_CHARS = 64_000;

function pathFromGitHeader(line: string): string {
  // "diff --git a/x b/x": the b/ side names the file as it is now (quoted paths stay quoted).
  const m = /^diff --git (?:"?a\/.*?"?) "?b\/(.*?)"?$/.exec(line);
  return m ? m[1] : line.slice("diff --git ".length);
}

function pathFromMinus(line: string): string {
  const p = line.slice(4).split("\t")[0];
  return p.startsWith("a/") || p.startsWith("b/") ? p.slice(2) : p;
}

/** Splits a patch into files with classified lines. */
export function parsePatch(patch: string): DiffFile[] {
  const lines = patch.replace(/\r\n/g, "\n").split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const files: DiffFile[] = [];
  let file: DiffFile | null = null;
  let inHunk = false;
  const start = (path: string) => {
    file = { path, added: 0, removed: 0, lines: [] };
    files.push(file);
    inHunk = false;
  };
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    if (text.startsWith("diff --git ")) start(pathFromGitHeader(text));
    else if (text.startsWith("--- ") && lines[i + 1]?.startsWith("+++ ") && (!file || inHunk)) start(pathFromMinus(text));
    if (!file) start("(patch)");
    const f = file as unknown as DiffFile;
    let kind: DiffLineKind;
    if (text.startsWith("@@")) {
      kind = "hunk";
      inHunk = true;
    } else if (!inHunk) kind = "meta";
    else if (text.startsWith("+")) kind = "add";
    else if (text.startsWith("-")) kind = "del";
    else if (text.startsWith("diff --git ")) kind = "meta";
    else kind = "context";
    if (kind === "add") f.added++;
    if (kind === "del") f.removed++;
    if (kind === "meta" && f.path === "(patch)" && text.startsWith("+++ ")) f.path = pathFromMinus(text);
    f.lines.push({ kind, text });
  }
  return files;
}

/** The summary a page shows first: every file's counts, and the first `maxLines` lines. */
export function summarizePatch(patch: string, maxLines = PREVIEW_LINES, maxChars = PREVIEW_CHARS): PatchSummary {
  const files = parsePatch(patch).map(({ path, added, removed }) => ({ path, added, removed }));
  const all = patch.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
  let preview = all.slice(0, maxLines).join("\n");
  if (preview.length > maxChars) preview = preview.slice(0, maxChars);
  return { files, totalLines: patch === "" ? 0 : all.length, preview, truncated: preview.length < all.join("\n").length };
}
