import { Link } from "@remix-run/react";

/** The centered card of the signed-out pages (log in, sign up, invites). */
export function AuthCard({ title, subtitle, children, footer, banner }: {
  title: string;
  subtitle?: React.ReactNode;
  children: React.ReactNode;
  footer?: React.ReactNode;
  banner?: React.ReactNode;
}) {
  return (
    <div className="centered-page">
      <div className="auth">
        <Link to="/" className="brand brand-large" aria-label="Folio home">
          <span className="brand-mark" aria-hidden="true" />
          Folio
        </Link>
        {banner}
        <div className="card auth-card">
          <h1>{title}</h1>
          {subtitle ? <p className="muted">{subtitle}</p> : null}
          {children}
        </div>
        {footer ? <div className="auth-foot">{footer}</div> : null}
      </div>
    </div>
  );
}

/** "No accounts yet": points the very first visitor to sign-up. */
export function FirstRunBanner({ signupHref = "/signup" }: { signupHref?: string }) {
  return (
    <div className="banner" data-testid="first-run-banner">
      <strong>Welcome! This Folio has no accounts yet.</strong>
      <span>
        <Link to={signupHref}>Create the first account</Link> — it becomes the instance admin.
      </span>
    </div>
  );
}
