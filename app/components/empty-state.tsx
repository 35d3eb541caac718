import { ProjectIcon } from "./icons";

/** A friendly placeholder for a list with nothing in it yet. */
export function EmptyState({ title, children, icon = <ProjectIcon size={18} /> }: { title: string; children?: React.ReactNode; icon?: React.ReactNode }) {
  return (
    <div className="empty">
      <div className="empty-icon" aria-hidden="true">
        {icon}
      </div>
      <h3>{title}</h3>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}
