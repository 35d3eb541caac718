/**
 * `/`: the signed-in user's teams and projects, onboarding until the first run arrives, and team
 * creation. Signed-out visitors log in, except on a brand-new instance, which greets them instead.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AuthCard, FirstRunBanner } from "~/components/auth-card";
import { CsrfInput } from "~/components/csrf-input";
import { EmptyState } from "~/components/empty-state";
import { Field } from "~/components/field";
import { OnboardingCard } from "~/components/onboarding-card";
import { PageHeader } from "~/components/page-header";
import { RelativeTime } from "~/components/relative-time";
import { RouteError } from "~/components/route-error";
import { hasActiveApiKey } from "~/data/api-keys.server";
import { createTeamFor } from "~/data/teams.server";
import { useNow } from "~/hooks/use-now";
import type { loader as rootLoader } from "~/root";
import { getSignedIn, isFirstRun } from "~/utils/auth.server";
import { requireMutation } from "~/utils/csrf.server";
import { formError } from "~/utils/errors.server";
import { parseForm } from "~/utils/form.server";
import { getServices } from "~/utils/services.server";

export const meta: MetaFunction = () => [{ title: "Home · Folio" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const services = getServices(context);
  const signedIn = await getSignedIn(services, request);
  if (!signedIn) {
    if (await isFirstRun(services)) return { signedIn: false as const };
    throw redirect("/login");
  }
  return {
    signedIn: true as const,
    hasKey: await hasActiveApiKey(services.db, signedIn.user.id),
    welcome: new URL(request.url).searchParams.has("welcome"),
  };
}

const CreateTeamForm = z.object({
  name: z.string().trim().min(1, "Give the team a name").max(80, "Keep it under 80 characters"),
  slug: z.string().trim().optional().transform((v) => v || undefined),
});

export async function action(args: ActionFunctionArgs) {
  const { services, user, form } = await requireMutation(args);
  const parsed = parseForm(CreateTeamForm, form);
  if (!parsed.ok) return parsed.response;
  let slug: string;
  try {
    slug = await createTeamFor(services.db, user, parsed.value);
  } catch (error) {
    return formError(error);
  }
  throw redirect(`/${encodeURIComponent(slug)}`);
}

function CreateTeam() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card" id="new-team" aria-labelledby="new-team-title">
      <h2 id="new-team-title" className="card-title">Create a team</h2>
      <p className="muted small">Teams share projects and runs. Invite people with a link from the team page.</p>
      <Form method="post" className="inline-form">
        <CsrfInput />
        <Field label="Team name" name="name" placeholder="Vision Research" required error={result?.field === "name" ? result.error : null} />
        <Field
          label="URL"
          name="slug"
          placeholder="vision-research"
          pattern="[a-z0-9][a-z0-9\-]{0,39}"
          error={result?.field === "slug" ? result.error : null}
          hint="Optional; derived from the name."
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Creating…" : "Create team"}
        </button>
      </Form>
      {result?.error && !["name", "slug"].includes(result.field ?? "") ? <p className="form-error">{result.error}</p> : null}
    </section>
  );
}

function FirstRunWelcome() {
  return (
    <AuthCard title="Set up Folio" subtitle="Self-hosted experiment tracking: log training runs, watch them live, write reports." banner={<FirstRunBanner />}>
      <Link to="/signup" className="btn btn-primary btn-block">
        Create the first account
      </Link>
    </AuthCard>
  );
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const now = useNow(30_000);
  if (!data.signedIn) return <FirstRunWelcome />;
  const teams = root?.teams ?? [];
  const hasProjects = teams.some((t) => t.projects.length > 0);
  return (
    <div className="page">
      <PageHeader title="Home" subtitle={root?.user ? <>Signed in as {root.user.email}</> : null} />
      {data.welcome || !hasProjects ? <OnboardingCard hasKey={data.hasKey} welcome={data.welcome} /> : null}
      {teams.map((team) => (
        <section key={team.slug} className="team-block" aria-labelledby={`team-${team.slug}`}>
          <div className="section-head">
            <h2 id={`team-${team.slug}`}>
              <Link to={`/${encodeURIComponent(team.slug)}`}>{team.name}</Link>
            </h2>
            <span className="muted small mono">/{team.slug}</span>
            {team.personal ? <span className="pill">personal</span> : <span className="pill">{team.role ?? "viewer"}</span>}
          </div>
          {team.projects.length === 0 ? (
            <EmptyState title="No projects yet">
              <p>A project appears when its first run is logged, e.g. with <code className="inline-code">npx folio demo --project {team.slug}/demo</code>.</p>
            </EmptyState>
          ) : (
            <div className="grid">
              {team.projects.map((p) => (
                <Link key={p.name} to={`/${encodeURIComponent(team.slug)}/${encodeURIComponent(p.name)}`} className="card project-card">
                  <span className="project-name">{p.name}</span>
                  <span className="muted small">
                    {team.slug}/{p.name} · {p.runCount} run{p.runCount === 1 ? "" : "s"} · created <RelativeTime iso={p.createdAt} now={now} />
                  </span>
                </Link>
              ))}
            </div>
          )}
        </section>
      ))}
      <CreateTeam />
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
