/** Who is in a report now: one colored initial per person (several tabs of one person count once). */
import type { Peer } from "~/hooks/use-collab-doc";

/** Avatars of `peers`, yourself last. */
export function PresenceAvatars({ peers }: { peers: Pick<Peer, "id" | "name" | "color" | "self">[] }) {
  const seen = new Map<string, (typeof peers)[number]>();
  for (const p of peers) if (!seen.has(p.id || p.name) || p.self) seen.set(p.id || p.name, p);
  const list = [...seen.values()].sort((a, b) => Number(a.self) - Number(b.self) || a.name.localeCompare(b.name));
  if (list.length === 0) return null;
  return (
    <div className="presence" data-testid="presence" aria-label={`In this report: ${list.map((p) => (p.self ? `${p.name} (you)` : p.name)).join(", ")}`}>
      {list.slice(0, 6).map((p) => (
        <span key={p.id || p.name} className="avatar" style={{ background: p.color }} title={p.self ? `${p.name} (you)` : p.name} data-testid="presence-avatar">
          {(p.name.trim()[0] ?? "?").toUpperCase()}
        </span>
      ))}
      {list.length > 6 ? <span className="avatar avatar-more">+{list.length - 6}</span> : null}
    </div>
  );
}
