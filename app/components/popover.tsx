/**
 * A button that opens a panel below it (filters, columns). Escape and a click outside close it;
 * focus goes into the panel on open and back to the button on close.
 */
import { useEffect, useRef, type ReactNode } from "react";

/** A toggle button plus its panel; the parent owns `open`. */
export function Popover({ label, open, onOpenChange, children, testId, shortcut, badge, align = "left", wide }: {
  label: ReactNode;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  children: ReactNode;
  testId?: string;
  shortcut?: string;
  badge?: number;
  align?: "left" | "right";
  wide?: boolean;
}) {
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) onOpenChange(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        onOpenChange(false);
        button.current?.focus();
      }
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    root.current?.querySelector<HTMLElement>("[data-autofocus], input, select, button:not(.popover-toggle)")?.focus();
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, onOpenChange]);
  return (
    <div className="popover-root" ref={root}>
      <button
        ref={button}
        type="button"
        className={`btn btn-sm popover-toggle${open ? " is-open" : ""}${badge ? " has-badge" : ""}`}
        aria-expanded={open}
        aria-keyshortcuts={shortcut}
        title={shortcut ? `Shortcut: ${shortcut}` : undefined}
        data-testid={testId ? `${testId}-button` : undefined}
        onClick={() => onOpenChange(!open)}
      >
        {label}
        {badge ? <span className="btn-badge">{badge}</span> : null}
      </button>
      {open ? (
        <div className={`popover popover-${align}${wide ? " popover-wide" : ""}`} role="dialog" data-testid={testId}>
          {children}
        </div>
      ) : null}
    </div>
  );
}
