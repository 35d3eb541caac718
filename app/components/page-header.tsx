import { Link } from "@remix-run/react";

/** One breadcrumb step: a link, or the current page when `to` is absent. */
export interface Crumb {
  label: string;
  to?: string;
}

/** The top of a page: breadcrumbs, title, optional subtitle and actions. */
export function PageHeader({ crumbs = [], title, subtitle, actions }: {
  crumbs?: Crumb[];
  title: React.ReactNode;
  subtitle?: React.ReactNode;
  actions?: React.ReactNode;
}) {
  return (
    <header className="page-header">
      {crumbs.length > 0 ? (
        <nav className="crumbs" aria-label="Breadcrumb">
          {crumbs.map((c, i) => (
            <span key={i} className="crumb">
              {c.to ? <Link to={c.to}>{c.label}</Link> : <span>{c.label}</span>}
              <span className="crumb-sep" aria-hidden="true">/</span>
            </span>
          ))}
        </nav>
      ) : null}
      <div className="page-title-row">
        <div className="page-title-text">
          <h1>{title}</h1>
          {subtitle ? <div className="page-subtitle">{subtitle}</div> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
    </header>
  );
}
