/**
 * The report's Share dialog (issue 6, docs/sharing.md): who has access and with which role, the
 * team default, ownership, and view-only share links, over the access API. Those who manage access
 * (the owner) get the controls; everyone else sees the same facts read-only. Every call's error is
 * shown in the dialog; names and emails are rendered as text only.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { callApi } from "~/lib/api-client";
import { CopyButton } from "./copy-button";

interface Member {
  id: string;
  name: string;
  email?: string;
  role: string;
}
interface ShareLink {
  id: string;
  anonymous: boolean;
  createdAt: string;
}
interface AccessSettings {
  role: string;
  teamRole: "edit" | "comment" | "view" | "none";
  members: Member[];
  shareLinks?: ShareLink[];
}

const GRANT_ROLES = ["editor", "commenter", "viewer"] as const;
const TEAM_ROLES: { value: AccessSettings["teamRole"]; label: string }[] = [
  { value: "edit", label: "can edit" },
  { value: "comment", label: "can comment" },
  { value: "view", label: "can view" },
  { value: "none", label: "no access (invited people only)" },
];

/** The "Share" button and its dialog; `canManage`: the caller may change access. */
export function ShareButton({ reportId, canManage }: { reportId: string; canManage: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-sm" onClick={() => setOpen(true)} data-testid="share-button">
        Share
      </button>
      {open ? <ShareDialog reportId={reportId} canManage={canManage} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ShareDialog({ reportId, canManage, onClose }: { reportId: string; canManage: boolean; onClose: () => void }) {
  const [settings, setSettings] = useState<AccessSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [newLink, setNewLink] = useState<string | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const base = `reports/${encodeURIComponent(reportId)}`;

  const load = useCallback(async () => {
    try {
      setSettings(await callApi<AccessSettings>("GET", `${base}/access`));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [base]);

  useEffect(() => {
    void load();
    dialog.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [load, onClose]);

  /** Runs one change, then reloads the settings; shows the API's message on failure. */
  const run = async (change: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await change();
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const [invitee, setInvitee] = useState("");
  const [inviteRole, setInviteRole] = useState<(typeof GRANT_ROLES)[number]>("editor");
  const invite = (e: FormEvent) => {
    e.preventDefault();
    if (!invitee.trim()) return;
    void run(async () => {
      await callApi("POST", `${base}/members`, { user: invitee.trim(), role: inviteRole });
      setInvitee("");
    });
  };
  const [anonymous, setAnonymous] = useState(false);
  const createLink = () =>
    void run(async () => {
      const link = await callApi<{ url: string }>("POST", `${base}/share-links`, { anonymous });
      setNewLink(new URL(link.url, window.location.origin).toString());
    });

  const manage = canManage && settings?.role === "owner";
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title" tabIndex={-1} ref={dialog} data-testid="share-dialog">
        <div className="modal-head">
          <h2 id="share-title">Share this report</h2>
          <button type="button" className="btn btn-sm" onClick={onClose} aria-label="Close">✕</button>
        </div>
        {error ? <p className="form-error" role="alert" data-testid="share-error">{error}</p> : null}
        {!settings ? (
          error ? null : <p aria-busy="true">Loading…</p>
        ) : (
          <>
            {manage ? (
              <form className="share-invite" onSubmit={invite}>
                <label className="sr-only" htmlFor="share-invitee">Name or email</label>
                <input id="share-invitee" className="input" placeholder="Name or email" value={invitee} onChange={(e) => setInvitee(e.target.value)} maxLength={320} />
                <label className="sr-only" htmlFor="share-invite-role">Role</label>
                <select id="share-invite-role" className="input" value={inviteRole} onChange={(e) => setInviteRole(e.target.value as (typeof GRANT_ROLES)[number])}>
                  {GRANT_ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                </select>
                <button type="submit" className="btn btn-sm btn-primary" disabled={busy || !invitee.trim()}>Invite</button>
              </form>
            ) : (
              <p className="share-note">Only the owner can change who has access. You are {settings.role === "editor" ? "an editor" : `a ${settings.role}`}.</p>
            )}

            <h3 className="share-heading">People with access</h3>
            <ul className="share-members" data-testid="share-members">
              {settings.members.map((m) => (
                <li key={m.id} className="share-member" data-testid="share-member">
                  <span className="share-member-name">
                    {m.name}
                    {m.email ? <span className="share-member-email">{m.email}</span> : null}
                  </span>
                  {manage && m.role !== "owner" ? (
                    <span className="share-member-actions">
                      <select
                        className="input"
                        aria-label={`Role of ${m.name}`}
                        value={m.role}
                        disabled={busy}
                        onChange={(e) => void run(() => callApi("PATCH", `${base}/members/${encodeURIComponent(m.id)}`, { role: e.target.value }))}
                      >
                        {GRANT_ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                      </select>
                      <button
                        type="button"
                        className="btn btn-sm"
                        disabled={busy}
                        onClick={() => {
                          if (window.confirm(`Make ${m.name} the owner? You will become an editor.`)) {
                            void run(() => callApi("POST", `${base}/transfer`, { userId: m.id }));
                          }
                        }}
                      >
                        Make owner
                      </button>
                      <button type="button" className="btn btn-sm danger" aria-label={`Remove ${m.name}`} disabled={busy} onClick={() => void run(() => callApi("DELETE", `${base}/members/${encodeURIComponent(m.id)}`))}>
                        Remove
                      </button>
                    </span>
                  ) : (
                    <span className="pill">{m.role}</span>
                  )}
                </li>
              ))}
            </ul>

            <h3 className="share-heading">Team members</h3>
            {manage ? (
              <label className="share-row">
                The project&apos;s team
                <select
                  className="input"
                  value={settings.teamRole}
                  disabled={busy}
                  data-testid="share-team-role"
                  onChange={(e) => void run(() => callApi("PATCH", `${base}/access`, { teamRole: e.target.value }))}
                >
                  {TEAM_ROLES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
                </select>
              </label>
            ) : (
              <p className="share-row">The project&apos;s team {TEAM_ROLES.find((r) => r.value === settings.teamRole)?.label ?? settings.teamRole}.</p>
            )}

            {manage ? (
              <>
                <h3 className="share-heading">Share links (read-only, no account needed)</h3>
                <div className="share-row">
                  <label className="share-check">
                    <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> Anonymous (hide who wrote what)
                  </label>
                  <button type="button" className="btn btn-sm" disabled={busy} onClick={createLink} data-testid="share-link-create">Create link</button>
                </div>
                {newLink ? (
                  <div className="share-new-link">
                    <input className="input" readOnly value={newLink} aria-label="New share link" data-testid="share-link-url" onFocus={(e) => e.currentTarget.select()} />
                    <CopyButton text={newLink} />
                    <p className="share-note">Copy it now: the link is shown only once.</p>
                  </div>
                ) : null}
                <ul className="share-links">
                  {settings.shareLinks?.map((l) => (
                    <li key={l.id} className="share-member" data-testid="share-link">
                      <span>{l.anonymous ? "Anonymous link" : "Link"}, created {new Date(l.createdAt).toLocaleString()}</span>
                      <button type="button" className="btn btn-sm danger" disabled={busy} onClick={() => void run(() => callApi("DELETE", `${base}/share-links/${encodeURIComponent(l.id)}`))}>
                        Revoke
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
