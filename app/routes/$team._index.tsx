/**
 * `/{team}`: a team's projects, members and invite links. One path segment, so it never collides
 * with a project page (`/{team}/{project}`). Admins change roles, remove members and manage
 * invites; members may leave.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ConfirmButton } from "~/components/confirm-button";
import { CsrfInput } from "~/components/csrf-input";
import { EmptyState } from "~/components/empty-state";
import { PageHeader } from "~/components/page-header";
import { RelativeTime } from "~/components/relative-time";
import { RouteError } from "~/components/route-error";
import { SecretReveal } from "~/components/secret-reveal";
import {
  changeMemberRole, inviteToTeam, loadTeamPage, removeTeamMember, revokeTeamInvite, type TeamPage,
} from "~/data/teams.server";
import { useNow } from "~/hooks/use-now";
import type { loader as rootLoader } from "~/root";
import { requireSignedIn } from "~/utils/auth.server";
import { requireMutation } from "~/utils/csrf.server";
import { formError, orRespond } from "~/utils/errors.server";
import { parseForm } from "~/utils/form.server";
import { getServices, publicOrigin } from "~/utils/services.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.page.team.name ?? "Team"} · Folio` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const services = getServices(context);
  const { user } = await requireSignedIn(services, request);
  const page = await orRespond(() => loadTeamPage(services.db, user, params.team ?? ""));
  return { page, me: user.id };
}

const Role = z.enum(["admin", "member"], { message: "Pick a role" });
const TeamAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), role: Role }),
  z.object({ intent: z.literal("revoke-invite"), inviteId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("set-role"), userId: z.string().min(1).max(64), role: Role }),
  z.object({ intent: z.literal("remove"), userId: z.string().min(1).max(64) }),
]);

export async function action(args: ActionFunctionArgs) {
  const { services, user, form } = await requireMutation(args);
  const slug = args.params.team ?? "";
  const parsed = parseForm(TeamAction, form);
  if (!parsed.ok) return parsed.response;
  const a = parsed.value;
  try {
    switch (a.intent) {
      case "invite": {
        const token = await inviteToTeam(services.db, user, slug, a.role);
        return { inviteUrl: `${publicOrigin(services, args.request)}/invite/${token}`, role: a.role };
      }
      case "revoke-invite":
        await revokeTeamInvite(services.db, user, slug, a.inviteId);
        return { ok: true as const };
      case "set-role":
        await changeMemberRole(services.db, user, slug, a.userId, a.role);
        return { ok: true as const };
      case "remove":
        await removeTeamMember(services.db, user, slug, a.userId);
        // Someone who left can no longer see the page they are on.
        if (a.userId === user.id) throw redirect("/");
        return { ok: true as const };
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return formError(error);
  }
}

type Member = TeamPage["members"][number];

function MemberRow({ member, me, canManage, personal, now }: { member: Member; me: string; canManage: boolean; personal: boolean; now: number }) {
  const fetcher = useFetcher<typeof action>();
  const error = fetcher.data && "error" in fetcher.data ? fetcher.data.error : null;
  const self = member.userId === me;
  return (
    <tr>
      <td>
        <div className="member">
          <span className="avatar avatar-small" aria-hidden="true">{member.name.slice(0, 1).toUpperCase()}</span>
          <div>
            <div className="strong">
              {member.name} {self ? <span className="pill">you</span> : null}
            </div>
            <div className="muted small">{member.email}</div>
          </div>
        </div>
        {error ? <p className="form-error small">{error}</p> : null}
      </td>
      <td>
        {canManage && !personal ? (
          <fetcher.Form method="post" className="row-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="set-role" />
            <input type="hidden" name="userId" value={member.userId} />
            <select
              name="role"
              defaultValue={member.role}
              aria-label={`Role of ${member.name}`}
              disabled={fetcher.state !== "idle"}
              onChange={(e) => fetcher.submit(e.currentTarget.form)}
            >
              <option value="admin">Admin</option>
              <option value="member">Member</option>
            </select>
          </fetcher.Form>
        ) : (
          <span className={`pill pill-${member.role}`}>{member.role === "admin" ? "Admin" : "Member"}</span>
        )}
      </td>
      <td className="muted nowrap">
        <RelativeTime iso={member.joinedAt} now={now} />
      </td>
      <td className="actions">
        {!personal && (canManage || self) ? (
          <fetcher.Form method="post">
            <CsrfInput />
            <input type="hidden" name="userId" value={member.userId} />
            <ConfirmButton value="remove" confirmLabel={self ? "Leave team" : "Remove"} disabled={fetcher.state !== "idle"}>
              {self ? "Leave" : "Remove"}
            </ConfirmButton>
          </fetcher.Form>
        ) : null}
      </td>
    </tr>
  );
}

function Invites({ page, now }: { page: TeamPage; now: number }) {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const creating = navigation.state === "submitting" && navigation.formData?.get("intent") === "invite";
  return (
    <section className="card" aria-labelledby="invites-title">
      <div className="card-head">
        <div>
          <h2 id="invites-title" className="card-title">Invite links</h2>
          <p className="muted small">Anyone with a link can join as the role you pick, for 7 days, until you revoke it.</p>
        </div>
        <Form method="post" className="row-form">
          <CsrfInput />
          <select name="role" defaultValue="member" aria-label="Role for the invite">
            <option value="member">as Member</option>
            <option value="admin">as Admin</option>
          </select>
          <button type="submit" name="intent" value="invite" className="btn btn-primary" disabled={creating}>
            {creating ? "Creating…" : "Create invite link"}
          </button>
        </Form>
      </div>
      {result && "inviteUrl" in result && result.inviteUrl ? (
        <SecretReveal title={`New ${result.role} invite link`} secret={result.inviteUrl} hint="Copy it now: it won't be shown again." testId="invite-url" />
      ) : null}
      {result && "error" in result ? <p className="form-error">{result.error}</p> : null}
      {page.invites.length === 0 ? (
        <p className="muted small">No open invite links.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col" className="actions"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {page.invites.map((invite) => (
              <tr key={invite.id}>
                <td><span className={`pill pill-${invite.role}`}>{invite.role === "admin" ? "Admin" : "Member"}</span></td>
                <td className="muted"><RelativeTime iso={invite.createdAt} now={now} /></td>
                <td className="muted">{new Date(invite.expiresAt).toISOString().slice(0, 10)}</td>
                <td className="actions">
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="inviteId" value={invite.id} />
                    <ConfirmButton value="revoke-invite" confirmLabel="Revoke link">Revoke</ConfirmButton>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export default function TeamRoute() {
  const { page, me } = useLoaderData<typeof loader>();
  const isAdmin = useRouteLoaderData<typeof rootLoader>("root")?.user?.isAdmin ?? false;
  const now = useNow(30_000);
  const { team } = page;
  return (
    <div className="page">
      <PageHeader
        crumbs={[{ label: "Home", to: "/" }]}
        title={team.name}
        subtitle={
          <>
            <span className="mono">/{team.slug}</span> · {page.members.length} {page.members.length === 1 ? "member" : "members"}
            {team.personal ? " · personal team" : null}
            {!team.role && isAdmin ? " · viewing as instance admin" : null}
          </>
        }
      />
      <section className="section" aria-labelledby="projects-title">
        <h2 id="projects-title" className="section-title">Projects</h2>
        {page.projects.length === 0 ? (
          <EmptyState title="No projects yet">
            <p>Log a run with <code className="inline-code">{`"project": "${team.slug}/my-project"`}</code> and it appears here.</p>
          </EmptyState>
        ) : (
          <div className="grid">
            {page.projects.map((p) => (
              <Link key={p.name} to={`/${encodeURIComponent(team.slug)}/${encodeURIComponent(p.name)}`} className="card project-card">
                <span className="project-name">{p.name}</span>
                <span className="muted small">created <RelativeTime iso={p.createdAt} now={now} /></span>
              </Link>
            ))}
          </div>
        )}
      </section>
      <section className="section" aria-labelledby="members-title">
        <h2 id="members-title" className="section-title">Members</h2>
        <div className="table-wrap">
          <table className="table" data-testid="members-table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                <th scope="col" className="actions"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {page.members.map((m) => (
                <MemberRow key={m.userId} member={m} me={me} canManage={page.canManage} personal={team.personal} now={now} />
              ))}
            </tbody>
          </table>
        </div>
        {team.personal ? <p className="muted small">This is your personal team. Create a team on the home page to work with others.</p> : null}
      </section>
      {page.canManage && !team.personal ? <Invites page={page} now={now} /> : null}
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
