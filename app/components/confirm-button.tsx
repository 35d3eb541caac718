import { useState } from "react";

/**
 * A destructive submit button that asks first: the first click arms it, the second submits.
 * Rendered inside the caller's `<Form>`; `name`/`value` say what to do.
 */
export function ConfirmButton({ children, confirmLabel, name = "intent", value, disabled }: {
  children: React.ReactNode;
  confirmLabel: string;
  name?: string;
  value: string;
  disabled?: boolean;
}) {
  const [armed, setArmed] = useState(false);
  if (!armed) {
    return (
      <button type="button" className="btn btn-small btn-ghost-danger" disabled={disabled} onClick={() => setArmed(true)}>
        {children}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button type="submit" className="btn btn-small btn-danger" name={name} value={value} autoFocus>
        {confirmLabel}
      </button>
      <button type="button" className="btn btn-small btn-quiet" onClick={() => setArmed(false)}>
        Cancel
      </button>
    </span>
  );
}
