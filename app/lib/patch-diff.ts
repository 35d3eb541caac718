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

/**
 * Walks a patch line by line (without splitting it into an array: patches reach 5 MB and the
 * summary is recomputed on every refresh of the run page), starting a file at each header and
 * classifying each line. `onLine` sees every line; files are returned with their counts, and the
 * number of lines.
 */
function walkPatch(patch: string, onLine?: (file: DiffFileStat, kind: DiffLineKind, text: string) => void): { files: DiffFileStat[]; lines: number } {
  const files: DiffFileStat[] = [];
  let lines = 0;
  if (patch.length === 0) return { files, lines };
  let file: DiffFileStat | null = null;
  let inHunk = false;
  const end = patch.endsWith("\n") ? patch.length - 1 : patch.length;
  const lineEnd = (from: number) => {
    const nl = patch.indexOf("\n", from);
    return nl === -1 || nl > end ? end : nl;
  };
  // Lines are tested in place (startsWith at an offset); only headers and `onLine` cut strings.
  const textOf = (from: number, to: number) => patch.slice(from, to > from && patch.charCodeAt(to - 1) === 13 ? to - 1 : to);
  for (let pos = 0; pos <= end; ) {
    const nl = lineEnd(pos);
    const c = patch.charCodeAt(pos);
    const at = (prefix: string) => patch.startsWith(prefix, pos);
    if (c === 100 /* d */ && at("diff --git ")) {
      file = { path: pathFromGitHeader(textOf(pos, nl)), added: 0, removed: 0 };
      files.push(file);
      inHunk = false;
    } else if (c === 45 /* - */ && at("--- ") && patch.startsWith("+++ ", nl + 1) && (!file || inHunk)) {
      file = { path: pathFromMinus(textOf(pos, nl)), added: 0, removed: 0 };
      files.push(file);
      inHunk = false;
    }
    if (!file) {
      file = { path: "(patch)", added: 0, removed: 0 };
      files.push(file);
    }
    let kind: DiffLineKind;
    if (c === 64 /* @ */ && at("@@")) {
      kind = "hunk";
      inHunk = true;
    } else if (!inHunk || (c === 100 && at("diff --git "))) kind = "meta";
    else if (c === 43 /* + */) kind = "add";
    else if (c === 45 /* - */) kind = "del";
    else kind = "context";
    if (kind === "add") file.added++;
    else if (kind === "del") file.removed++;
    else if (kind === "meta" && file.path === "(patch)" && c === 43 && at("+++ ")) file.path = pathFromMinus(textOf(pos, nl));
    if (onLine) onLine(file, kind, textOf(pos, nl));
    lines++;
    pos = nl + 1;
  }
  return { files, lines };
}

/** Splits a patch into files with classified lines. */
export function parsePatch(patch: string): DiffFile[] {
  const lines = new Map<DiffFileStat, DiffFile["lines"]>();
  const { files } = walkPatch(patch, (file, kind, text) => {
    const list = lines.get(file);
    if (list) list.push({ kind, text });
    else lines.set(file, [{ kind, text }]);
  });
  return files.map((f) => ({ ...f, lines: lines.get(f) ?? [] }));
}

/** The summary a page shows first: every file's counts, and the first `maxLines` lines. */
export function summarizePatch(patch: string, maxLines = PREVIEW_LINES, maxChars = PREVIEW_CHARS): PatchSummary {
  const normalized = patch.endsWith("\n") ? patch.slice(0, -1) : patch;
  let previewEnd = normalized.length;
  const { files, lines: totalLines } = walkPatch(patch);
  // The preview ends after `maxLines` lines or `maxChars` characters, whichever comes first.
  let idx = -1;
  for (let n = 0; n < maxLines; n++) {
    idx = normalized.indexOf("\n", idx + 1);
    if (idx === -1) break;
  }
  if (idx !== -1) previewEnd = idx;
  previewEnd = Math.min(previewEnd, maxChars);
  return { files, totalLines, preview: normalized.slice(0, previewEnd), truncated: previewEnd < normalized.length };
}
