/**
 * Notifications for `mention` nodes in a report's body (issue 6). The canonical ProseMirror copy is
 * refreshed by compaction (collab-server/persistence/postgres.ts), which hands the previous and the
 * new copy to `notifyBodyMentions` inside its transaction. Mentions are keyed by (user, `mid`): a
 * key in the new copy and not in the previous one is a new mention. The notifications table is
 * unique on (user, report, mention id), so a mention that comes back (undo, cut and paste, a
 * concurrent compaction on another process) never notifies twice. Nobody is notified for
 * mentioning themselves, nor when they cannot open the report.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { notifications, reports, users } from "../../db/schema";
import type { Mailer } from "./Mailer";
import { mailNotified } from "./notificationMail";
import { randomId } from "./ids";
import { resolveReportAccess } from "./reportAccess";

/** At most this many people are notified per compaction (a pasted wall of mentions is not a spam cannon). */
const MAX_PER_COPY = 50;

/** One mention found in a copy. */
export interface BodyMention {
  userId: string;
  mid: string;
  /** The text of the block holding it (mentions as `@Name`), at most 200 characters. */
  excerpt: string;
}

interface JsonNode {
  type?: unknown;
  text?: unknown;
  attrs?: Record<string, unknown>;
  content?: unknown;
}

const children = (node: JsonNode): JsonNode[] => (Array.isArray(node.content) ? (node.content as JsonNode[]) : []);

function inlineText(node: JsonNode): string {
  if (typeof node.text === "string") return node.text;
  if (node.type === "mention") return `@${String(node.attrs?.label ?? "")}`;
  return children(node).map(inlineText).join("");
}

/** Every mention in a stored ProseMirror JSON copy, in document order. */
export function collectBodyMentions(copy: Record<string, unknown> | null): BodyMention[] {
  const out: BodyMention[] = [];
  const walk = (node: JsonNode) => {
    const kids = children(node);
    for (const kid of kids) {
      if (kid.type === "mention" && typeof kid.attrs?.id === "string") {
        out.push({ userId: kid.attrs.id, mid: typeof kid.attrs.mid === "string" ? kid.attrs.mid : "", excerpt: inlineText(node).slice(0, 200) });
      } else {
        walk(kid);
      }
    }
  };
  if (copy) walk(copy as JsonNode);
  return out;
}

const key = (m: BodyMention) => `${m.userId}\u0000${m.mid}`;

/** A compaction's change of the canonical copy. */
export interface CopyChange {
  reportId: string;
  previous: Record<string, unknown> | null;
  next: Record<string, unknown>;
  /** Who made the merged updates (the last one that is not a server edit), or null. */
  actorId: string | null;
}

/**
 * Inserts a `body_mention` notification for each mention new in `change.next`; returns the ids of
 * the people notified now.
 */
export async function notifyBodyMentions(tx: Db, change: CopyChange): Promise<string[]> {
  const before = new Set(collectBodyMentions(change.previous).map(key));
  const fresh = new Map<string, BodyMention>();
  for (const m of collectBodyMentions(change.next)) {
    if (!before.has(key(m)) && m.userId !== change.actorId && !fresh.has(key(m))) fresh.set(key(m), m);
  }
  const notified: string[] = [];
  const readable = new Map<string, boolean>();
  for (const m of [...fresh.values()].slice(0, MAX_PER_COPY)) {
    if (!readable.has(m.userId)) {
      const [person] = await tx.select().from(users).where(eq(users.id, m.userId));
      // Only people who can open the report: a mention never reveals the report to anyone else.
      readable.set(m.userId, Boolean(person && (await resolveReportAccess(tx, { kind: "user", user: person }, change.reportId))));
    }
    if (!readable.get(m.userId)) continue;
    const inserted = await tx
      .insert(notifications)
      .values({ id: randomId(16), userId: m.userId, kind: "body_mention", reportId: change.reportId, mentionId: m.mid, excerpt: m.excerpt, actorId: change.actorId })
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    if (inserted.length) notified.push(m.userId);
  }
  return notified;
}

/**
 * Emails the people `notifyBodyMentions` just notified (call after the compaction committed;
 * failures are logged by the mailer). `baseUrl`: the instance's public origin, for the link.
 */
export function mailBodyMentions(db: Db, mailer: Mailer, baseUrl: string, change: CopyChange, userIds: string[]): Promise<void> {
  return mailNotified(db, mailer, userIds, async () => {
    const [report] = await db.select({ title: reports.title }).from(reports).where(eq(reports.id, change.reportId));
    const [actor] = change.actorId ? await db.select({ name: users.name }).from(users).where(eq(users.id, change.actorId)) : [];
    const byUser = new Map(collectBodyMentions(change.next).map((m) => [m.userId, m]));
    const who = actor?.name ?? "Someone";
    const title = report?.title ?? "a report";
    return (userId) => {
      const m = byUser.get(userId);
      const link = `${baseUrl}/reports/${change.reportId}${m?.mid ? `#mention-${m.mid}` : ""}`;
      return { subject: `${who} mentioned you in "${title}"`, text: `${who} mentioned you in "${title}":\n\n${m?.excerpt ?? ""}\n\nOpen the report: ${link}\n` };
    };
  }, { what: "body-mention", reportId: change.reportId });
}
