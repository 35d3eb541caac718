/**
 * The empty state inside a drawn panel ("No data for loss yet"). Same look as PanelBody's messages;
 * a separate component so the kinds do not import panel-body (which imports them).
 */
import type { ReactNode } from "react";

/** A centred "nothing to draw" message. */
export function PanelEmpty({ children }: { children: ReactNode }) {
  return (
    <div className="panel-message is-empty" data-state="empty">
      {children}
    </div>
  );
}
