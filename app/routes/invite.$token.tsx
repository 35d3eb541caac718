/**
 * `/invite/{token}`: the landing page of an invite link. Signed-out visitors sign up or log in and
 * come back here; signed-in ones join with one (CSRF-checked) click.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { CsrfInput } from "~/components/csrf-input";
import { RouteError } from "~/components/route-error";
import { joinTeam, loadInvite } from "~/data/teams.server";
import { getSignedIn } from "~/utils/auth.server";
import { requireMutation } from "~/utils/csrf.server";
import { fail, orRespond } from "~/utils/errors.server";
import { getServices } from "~/utils/services.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Join ${data.invite.team.name} · Folio` : "Invite · Folio" }];

const INVALID = "This invite link is invalid, has expired, or was revoked. Ask a team admin for a new one.";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const services = getServices(context);
  const signedIn = await getSignedIn(services, request);
  const invite = await loadInvite(services.db, params.token ?? "", signedIn?.user ?? null);
  if (!invite) fail(404, INVALID);
  return { invite, signedIn: !!signedIn, here: new URL(request.url).pathname };
}

export async function action(args: ActionFunctionArgs) {
  const { services, user } = await requireMutation(args);
  const slug = await orRespond(() => joinTeam(services.db, user, args.params.token ?? ""));
  throw redirect(`/${encodeURIComponent(slug)}`);
}

export default function Invite() {
  const { invite, signedIn, here } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const back = encodeURIComponent(here);
  const role = invite.role === "admin" ? "an admin" : "a member";
  if (!signedIn) {
    return (
      <AuthCard title={`Join ${invite.team.name}`} subtitle={<>You've been invited to join <strong>{invite.team.name}</strong> on Folio as {role}.</>}>
        <div className="stack">
          <Link to={`/signup?redirectTo=${back}`} className="btn btn-primary btn-block">Create an account to join</Link>
          <Link to={`/login?redirectTo=${back}`} className="btn btn-block">I already have an account</Link>
        </div>
      </AuthCard>
    );
  }
  return (
    <div className="page page-narrow">
      <section className="card invite-card">
        <span className="team-mark team-mark-large" aria-hidden="true">{invite.team.name.slice(0, 1).toUpperCase()}</span>
        <h1>Join {invite.team.name}</h1>
        {invite.member ? (
          <>
            <p className="muted">You're already a member of this team.</p>
            <Link to={`/${encodeURIComponent(invite.team.slug)}`} className="btn btn-primary">Open {invite.team.name}</Link>
          </>
        ) : (
          <>
            <p className="muted">You've been invited to join as {role}. You'll see the team's projects and runs.</p>
            <Form method="post">
              <CsrfInput />
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {busy ? "Joining…" : `Join ${invite.team.name}`}
              </button>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <div className="page page-narrow">
      <RouteError />
    </div>
  );
}
