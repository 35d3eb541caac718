/**
 * The uncommitted changes a run recorded, as a collapsible diff: a file list with +/− counts, then
 * each file's lines coloured by kind. The page ships only a preview (the first lines); "Show all"
 * fetches the whole patch from the run's `patch` resource route. Every line is React text: a
 * patch is untrusted input like any other.
 */
import { useState } from "react";
import { parsePatch, type PatchSummary } from "~/lib/patch-diff";

/** Props of `PatchViewer`. */
export interface PatchViewerProps {
  summary: PatchSummary;
  /** Where the full patch is served as text/plain. */
  fullHref: string;
}

/** The diff viewer; see the module comment. */
export function PatchViewer({ summary, fullHref }: PatchViewerProps) {
  const [full, setFull] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const text = full ?? summary.preview;
  const files = parsePatch(text);
  const added = summary.files.reduce((n, f) => n + f.added, 0);
  const removed = summary.files.reduce((n, f) => n + f.removed, 0);

  const showAll = () => {
    setLoading(true);
    setError(null);
    fetch(fullHref, { credentials: "same-origin" })
      .then(async (res) => {
        if (!res.ok) throw new Error(`Couldn't load the patch (HTTP ${res.status}).`);
        setFull(await res.text());
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setLoading(false));
  };

  return (
    <section className="card" data-testid="git-patch">
      <details className="patch">
        <summary className="patch-summary">
          <span className="card-title">Uncommitted changes</span>{" "}
          <span className="muted small">
            {summary.files.length} {summary.files.length === 1 ? "file" : "files"}, <span className="diff-add-count">+{added}</span>{" "}
            <span className="diff-del-count">−{removed}</span>, {summary.totalLines} lines
          </span>
        </summary>
        <ul className="patch-files plain-list">
          {summary.files.map((f, i) => (
            <li key={`${i}:${f.path}`}>
              <a href={`#patch-file-${i}`} className="mono">{f.path}</a>{" "}
              <span className="diff-add-count small">+{f.added}</span> <span className="diff-del-count small">−{f.removed}</span>
            </li>
          ))}
        </ul>
        {files.map((f, i) => (
          <div key={`${i}:${f.path}`} className="patch-file" id={`patch-file-${i}`}>
            <div className="patch-file-head mono">{f.path}</div>
            <pre className="diff">
              {f.lines.map((l, j) => (
                <div key={j} className={`diff-line diff-${l.kind}`}>{l.text === "" ? " " : l.text}</div>
              ))}
            </pre>
          </div>
        ))}
        {summary.truncated && full === null ? (
          <p className="patch-more">
            <span className="muted small">Showing the first lines of {summary.totalLines}. </span>
            <button type="button" className="btn btn-small" onClick={showAll} disabled={loading}>
              {loading ? "Loading…" : "Show all"}
            </button>{" "}
            <a href={fullHref} className="small">raw patch</a>
            {error ? <span className="form-error small"> {error}</span> : null}
          </p>
        ) : null}
      </details>
    </section>
  );
}
