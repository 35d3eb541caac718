/** `/settings/api-keys`: create keys (shown once), see when each was last used, revoke. */
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { ConfirmButton } from "~/components/confirm-button";
import { CsrfInput } from "~/components/csrf-input";
import { EmptyState } from "~/components/empty-state";
import { KeyIcon } from "~/components/icons";
import { Field } from "~/components/field";
import { PageHeader } from "~/components/page-header";
import { RelativeTime } from "~/components/relative-time";
import { RouteError } from "~/components/route-error";
import { SecretReveal } from "~/components/secret-reveal";
import { issueApiKey, loadApiKeys, revokeUserApiKey } from "~/data/api-keys.server";
import { useNow } from "~/hooks/use-now";
import { requireSignedIn } from "~/utils/auth.server";
import { requireMutation } from "~/utils/csrf.server";
import { formError } from "~/utils/errors.server";
import { parseForm } from "~/utils/form.server";
import { getServices, publicOrigin } from "~/utils/services.server";

export const meta: MetaFunction = () => [{ title: "API keys · Folio" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const services = getServices(context);
  const { user } = await requireSignedIn(services, request);
  return { keys: await loadApiKeys(services.db, user.id), origin: publicOrigin(services, request) };
}

const KeyAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string().trim().min(1, "Give the key a name").max(80, "Keep it under 80 characters") }),
  z.object({ intent: z.literal("revoke"), keyId: z.string().min(1).max(64) }),
]);

export async function action(args: ActionFunctionArgs) {
  const { services, user, form } = await requireMutation(args);
  const parsed = parseForm(KeyAction, form);
  if (!parsed.ok) return parsed.response;
  try {
    if (parsed.value.intent === "create") return { created: await issueApiKey(services.db, user.id, parsed.value.name) };
    await revokeUserApiKey(services.db, user.id, parsed.value.keyId);
    return { revoked: parsed.value.keyId };
  } catch (error) {
    return formError(error);
  }
}

export default function ApiKeys() {
  const { keys, origin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const now = useNow(30_000);
  const creating = navigation.state === "submitting" && navigation.formData?.get("intent") === "create";
  const form = useRef<HTMLFormElement>(null);
  const created = result && "created" in result ? result.created : null;
  useEffect(() => {
    if (created) form.current?.reset();
  }, [created]);
  const active = keys.filter((k) => !k.revokedAt);
  const revoked = keys.filter((k) => k.revokedAt);
  return (
    <div className="page page-medium">
      <PageHeader
        crumbs={[{ label: "Settings" }]}
        title="API keys"
        subtitle="Keys let scripts, the CLI and the SDK log runs as you. Treat them like passwords."
      />
      <section className="card">
        <h2 className="card-title">Create a key</h2>
        <Form method="post" className="inline-form" ref={form}>
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <Field
            label="Name"
            name="name"
            placeholder="laptop, gpu-box-3, CI…"
            required
            maxLength={80}
            error={result && "error" in result && result.field === "name" ? result.error : null}
          />
          <button type="submit" className="btn btn-primary" disabled={creating}>
            {creating ? "Creating…" : "Create key"}
          </button>
        </Form>
        {created ? (
          <>
            <SecretReveal title={`Your new key “${created.name}”`} secret={created.key} hint="Copy it now: Folio only stores a hash, so it can't be shown again." testId="new-api-key" />
            <pre className="snippet-code snippet-inline">
              <code>{`npx folio login --url ${origin}\n# or\nexport FOLIO_URL=${origin}\nexport FOLIO_API_KEY=${created.key}`}</code>
            </pre>
          </>
        ) : null}
        {result && "error" in result && result.field !== "name" ? <p className="form-error">{result.error}</p> : null}
      </section>

      <section className="section">
        <h2 className="section-title">Your keys</h2>
        {active.length === 0 ? (
          <EmptyState title="No active keys" icon={<KeyIcon size={18} />}>
            <p>Create one above, then run <code className="inline-code">npx folio login</code>.</p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="api-keys-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col" className="actions"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {active.map((k) => (
                  <tr key={k.id} data-testid="api-key-row">
                    <td className="strong">{k.name}</td>
                    <td><code className="inline-code">{k.prefix}…</code></td>
                    <td className="muted nowrap"><RelativeTime iso={k.createdAt} now={now} /></td>
                    <td className="muted nowrap">{k.lastUsedAt ? <RelativeTime iso={k.lastUsedAt} now={now} /> : "Never"}</td>
                    <td className="actions">
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="keyId" value={k.id} />
                        <ConfirmButton value="revoke" confirmLabel="Revoke key">Revoke</ConfirmButton>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {revoked.length > 0 ? (
          <details className="revoked">
            <summary className="muted small">{revoked.length} revoked {revoked.length === 1 ? "key" : "keys"}</summary>
            <ul className="plain-list">
              {revoked.map((k) => (
                <li key={k.id} className="muted small">
                  <span className="strike">{k.name}</span> <code className="inline-code">{k.prefix}…</code> revoked <RelativeTime iso={k.revokedAt!} now={now} />
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <div className="page">
      <RouteError />
    </div>
  );
}
