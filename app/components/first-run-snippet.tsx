import { Link } from "@remix-run/react";
import { useState } from "react";
import { CopyButton } from "./copy-button";

type Tab = "cli" | "curl" | "sdk";

function snippets(origin: string, project: string): Record<Tab, string> {
  return {
    cli: [`npx folio login --url ${origin}`, `npx folio demo --project ${project}`].join("\n"),
    curl: [
      `export FOLIO_URL=${origin}`,
      `export FOLIO_API_KEY=folio_…   # Settings → API keys`,
      ``,
      `RUN=$(curl -s -X POST -H "Authorization: Bearer $FOLIO_API_KEY" -H 'Content-Type: application/json' \\`,
      `  -d '{"project":"${project}","config":{"lr":0.01}}' "$FOLIO_URL/api/v1/runs" | jq -r .id)`,
      ``,
      `curl -X POST -H "Authorization: Bearer $FOLIO_API_KEY" -H 'Content-Type: application/json' \\`,
      `  -d '{"rows":[{"step":0,"metrics":{"loss":2.3}}]}' "$FOLIO_URL/api/v1/runs/$RUN/history"`,
    ].join("\n"),
    sdk: [
      `import { init } from "folio/sdk";`,
      ``,
      `const run = await init({ project: "${project}", config: { lr: 0.01 } });`,
      `for (let step = 0; step < 100; step++) run.log({ loss: Math.exp(-step / 30) });`,
      `await run.finish();`,
    ].join("\n"),
  };
}

const LABELS: Record<Tab, string> = { cli: "CLI", curl: "curl", sdk: "TypeScript" };

/** How to log the first run into `project` ("team/project"), in three flavours. */
export function FirstRunSnippet({ origin, project }: { origin: string; project: string }) {
  const [tab, setTab] = useState<Tab>("cli");
  const code = snippets(origin, project)[tab];
  return (
    <div className="snippet">
      <div className="snippet-tabs" role="tablist">
        {(Object.keys(LABELS) as Tab[]).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={`snippet-tab${tab === t ? " is-active" : ""}`} onClick={() => setTab(t)}>
            {LABELS[t]}
          </button>
        ))}
        <span className="snippet-spacer" />
        <CopyButton text={code} />
      </div>
      <pre className="snippet-code">
        <code>{code}</code>
      </pre>
      <p className="snippet-foot muted">
        Need a key? <Link to="/settings/api-keys">Create an API key</Link>. The full reference is in <code>docs/api.md</code>.
      </p>
    </div>
  );
}
