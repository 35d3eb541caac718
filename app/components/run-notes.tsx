/**
 * A run's notes with an inline editor: Edit opens a textarea, Mod-Enter (⌘/Ctrl-Enter) or Save
 * submits to the run route's action (`intent=notes`, CSRF-checked), Esc or Cancel discards. The
 * editor stays open while saving and on error, so nothing typed is lost. Notes are plain text,
 * rendered by React (never as HTML).
 */
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { CsrfInput } from "./csrf-input";

/** The longest notes the API accepts (server/services/runs.ts PatchRunInput). */
export const MAX_NOTES = 100_000;

/** What the route's action answers to `intent=notes`. */
export type NotesResult = { saved: true; notes: string | null } | { error: string; field?: string };

/** Props of `RunNotes`. */
export interface RunNotesProps {
  notes: string | null;
}

/** The notes card; see the module comment. */
export function RunNotes({ notes }: RunNotesProps) {
  const fetcher = useFetcher<NotesResult>();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(notes ?? "");
  const form = useRef<HTMLFormElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const saving = fetcher.state !== "idle";
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const error = result && "error" in result ? result.error : null;

  // A successful save closes the editor (the route's data revalidates and shows the new notes).
  const submittedDraft = useRef<string | null>(null);
  useEffect(() => {
    if (result && "saved" in result && submittedDraft.current !== null) {
      submittedDraft.current = null;
      setEditing(false);
    }
  }, [result]);

  useEffect(() => {
    if (editing) area.current?.focus();
  }, [editing]);

  const open = () => {
    setDraft(notes ?? "");
    setEditing(true);
  };
  const save = () => {
    if (!form.current || saving) return;
    submittedDraft.current = draft;
    fetcher.submit(form.current);
  };

  return (
    <section className="card" data-testid="run-notes">
      <div className="card-head">
        <h2 className="card-title">Notes</h2>
        {!editing ? (
          <button type="button" className="btn btn-small" onClick={open}>
            Edit
          </button>
        ) : null}
      </div>
      {editing ? (
        <fetcher.Form
          method="post"
          ref={form}
          className="notes-editor"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <CsrfInput />
          <input type="hidden" name="intent" value="notes" />
          <textarea
            ref={area}
            name="notes"
            aria-label="Notes"
            value={draft}
            maxLength={MAX_NOTES}
            rows={Math.min(20, Math.max(4, draft.split("\n").length + 1))}
            readOnly={saving}
            onChange={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                save();
              } else if (e.key === "Escape" && !saving) {
                e.preventDefault();
                setEditing(false);
              }
            }}
          />
          {error ? <p className="form-error" role="alert">{error}</p> : null}
          <div className="notes-actions">
            <button type="submit" className="btn btn-primary btn-small" disabled={saving}>
              {saving ? "Saving…" : "Save"}
            </button>
            <button type="button" className="btn btn-small" disabled={saving} onClick={() => setEditing(false)}>
              Cancel
            </button>
            <span className="muted small">⌘/Ctrl-Enter saves · Esc cancels</span>
          </div>
        </fetcher.Form>
      ) : notes ? (
        <p className="notes" data-testid="run-notes-text">{notes}</p>
      ) : (
        <p className="muted">No notes yet.</p>
      )}
    </section>
  );
}
