/**
 * A comment box: a textarea where Mod-Enter submits and Escape cancels, with `@` autocomplete of
 * the people who can open the report (`GET …/mentionable?q=`). A chosen person shows as `@Name` in
 * the box and is written as `@[Name](user:<id>)` when the comment is sent (docs/sharing.md).
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { bodyFromDraft, draftFromBody, mentionQueryAt } from "~/lib/mentions";

type User = { id: string; name: string };

/** Props of a comment box. */
export interface ComposerProps {
  initial?: string;
  label: string;
  placeholder?: string;
  submitLabel: string;
  /** Sends the body; a rejection is shown and the text kept. */
  onSubmit: (body: string) => Promise<void>;
  onCancel?: () => void;
  /** Looks people up for `@`; without it there is no autocomplete. */
  mentionable?: (q: string) => Promise<User[]>;
  autoFocus?: boolean;
  testId?: string;
}

/** A comment box (see the module comment). */
export function CommentComposer({ initial = "", label, placeholder, submitLabel, onSubmit, onCancel, mentionable, autoFocus, testId }: ComposerProps) {
  const [draft] = useState(() => draftFromBody(initial));
  const [text, setText] = useState(draft.text);
  const picked = useRef<User[]>(draft.picked);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [options, setOptions] = useState<User[]>([]);
  const [highlighted, setHighlighted] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const listId = useId();

  useEffect(() => {
    if (!query || !mentionable) return setOptions([]);
    let current = true;
    mentionable(query.query).then(
      (users) => {
        if (!current) return;
        setOptions(users);
        setHighlighted(0);
      },
      () => current && setOptions([]),
    );
    return () => {
      current = false;
    };
  }, [query, mentionable]);

  const open = query !== null && options.length > 0;

  const pick = (user: User) => {
    if (!query) return;
    const caret = box.current?.selectionStart ?? text.length;
    const insert = `@${user.name} `;
    const next = text.slice(0, query.start) + insert + text.slice(caret);
    picked.current = [...picked.current, user];
    setText(next);
    setQuery(null);
    const at = query.start + insert.length;
    requestAnimationFrame(() => box.current?.setSelectionRange(at, at));
    box.current?.focus();
  };

  const submit = async () => {
    const body = bodyFromDraft(text, picked.current).trim();
    if (!body || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(body);
      setText("");
      picked.current = [];
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        setHighlighted((h) => (h + (e.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
        return;
      }
      if ((e.key === "Enter" && !e.metaKey && !e.ctrlKey) || e.key === "Tab") {
        e.preventDefault();
        pick(options[highlighted] ?? options[0]);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        setQuery(null);
        return;
      }
    }
    if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
      e.preventDefault();
      void submit();
    } else if (e.key === "Escape" && onCancel) {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };

  return (
    <form
      className="comment-composer"
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="comment-composer-box">
        <textarea
          ref={box}
          className="input comment-input"
          aria-label={label}
          placeholder={placeholder}
          value={text}
          rows={2}
          maxLength={10_000}
          autoFocus={autoFocus}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open ? `${listId}-${highlighted}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setQuery(mentionable ? mentionQueryAt(e.target.value, e.target.selectionStart) : null);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setQuery(null)}
        />
        {open ? (
          <ul className="mention-options" role="listbox" id={listId} aria-label="People" data-testid="mention-options">
            {options.map((u, i) => (
              <li
                key={u.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === highlighted}
                className={i === highlighted ? "mention-option is-highlighted" : "mention-option"}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(u);
                }}
              >
                {u.name}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <div className="comment-composer-actions">
        {onCancel ? <button type="button" className="btn btn-sm" onClick={onCancel}>Cancel</button> : null}
        <button type="submit" className="btn btn-sm btn-primary" disabled={busy || !text.trim()} title="Mod-Enter">{submitLabel}</button>
      </div>
    </form>
  );
}
