import { Link } from "@remix-run/react";

/** The three steps from a fresh account to live runs; finished steps are ticked. */
export function OnboardingCard({ hasKey, welcome }: { hasKey: boolean; welcome: boolean }) {
  return (
    <section className="card onboarding" aria-labelledby="onboarding-title">
      <div className="onboarding-head">
        <h2 id="onboarding-title">{welcome ? "Welcome to Folio" : "Log your first run"}</h2>
        <p className="muted">Three steps from here to watching a training sweep arrive live.</p>
      </div>
      <ol className="steps">
        <li className={hasKey ? "is-done" : undefined}>
          <span className="step-num" aria-hidden="true">{hasKey ? "✓" : "1"}</span>
          <div>
            <strong>Create an API key</strong>
            <p className="muted">
              {hasKey ? "Done — you have a key. " : null}
              <Link to="/settings/api-keys">Settings → API keys</Link>
            </p>
          </div>
        </li>
        <li>
          <span className="step-num" aria-hidden="true">2</span>
          <div>
            <strong>Log in from your terminal</strong>
            <p><code className="inline-code">npx folio login</code></p>
          </div>
        </li>
        <li>
          <span className="step-num" aria-hidden="true">3</span>
          <div>
            <strong>Stream a demo sweep</strong>
            <p><code className="inline-code">npx folio demo</code> <span className="muted">then open the project it prints.</span></p>
          </div>
        </li>
      </ol>
    </section>
  );
}
