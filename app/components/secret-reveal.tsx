import { CopyButton } from "./copy-button";

/** A secret shown exactly once (a new API key, an invite link), with a copy button. */
export function SecretReveal({ title, secret, hint, testId }: { title: string; secret: string; hint: string; testId?: string }) {
  return (
    <div className="secret" role="status">
      <div className="secret-head">
        <strong>{title}</strong>
        <span className="muted">{hint}</span>
      </div>
      <div className="secret-row">
        <code className="secret-value" data-testid={testId}>
          {secret}
        </code>
        <CopyButton text={secret} />
      </div>
    </div>
  );
}
