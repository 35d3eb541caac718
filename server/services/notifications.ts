/**
 * The in-app inbox (issue 6): mention notifications (in comments, and `body_mention`s in a report's
 * body: server/services/bodyMentions.ts) with an unread count. Notifications about a
 * report the person can no longer open are not shown (their access is checked when listing).
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { comments, notifications, reports, users } from "../../db/schema";
import type { User } from "./accounts";
import { resolveReportAccess } from "./reportAccess";
import { notFound, parseInput } from "./ServiceError";
import { MENTION } from "./comments";

export const ListNotificationsQuery = z.object({
  unread: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** One notification as the API returns it. */
export interface NotificationView {
  id: string;
  kind: "mention" | "body_mention";
  report: { id: string; title: string };
  /** The thread and comment of a comment mention; null for a body mention. */
  threadId: string | null;
  commentId: string | null;
  actor: { id: string; name: string } | null;
  /** The comment's text, or the body mention's paragraph (mentions as `@Name`), at most 200 characters. */
  excerpt: string;
  url: string;
  createdAt: string;
  readAt: string | null;
}

/** The user's notifications, newest first, and how many are unread. */
export async function listNotifications(db: Db, user: User, query: unknown): Promise<{ unread: number; notifications: NotificationView[] }> {
  const q = parseInput(ListNotificationsQuery, query);
  const rows = await db
    .select({ n: notifications, title: reports.title, body: comments.body, actorName: users.name })
    .from(notifications)
    .innerJoin(reports, eq(reports.id, notifications.reportId))
    .leftJoin(comments, eq(comments.id, notifications.commentId))
    .leftJoin(users, eq(users.id, notifications.actorId))
    .where(and(eq(notifications.userId, user.id), q.unread === "true" ? isNull(notifications.readAt) : sql`true`))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(q.limit);
  // Unread per report, so the count leaves out reports the user can no longer open, like the list.
  const unreadByReport = await db
    .select({ reportId: notifications.reportId, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(notifications)
    .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt)))
    .groupBy(notifications.reportId)
    .limit(500);
  const readable = new Map<string, boolean>();
  for (const id of new Set([...rows.map((r) => r.n.reportId), ...unreadByReport.map((u) => u.reportId)])) {
    readable.set(id, (await resolveReportAccess(db, { kind: "user", user }, id))?.deleted === false);
  }
  const unread = unreadByReport.reduce((sum, u) => sum + (readable.get(u.reportId) ? u.n : 0), 0);
  return {
    unread,
    notifications: rows
      .filter((r) => readable.get(r.n.reportId))
      .map((r) => ({
        id: r.n.id,
        kind: r.n.kind,
        report: { id: r.n.reportId, title: r.title },
        threadId: r.n.threadId,
        commentId: r.n.commentId,
        actor: r.n.actorId && r.actorName !== null ? { id: r.n.actorId, name: r.actorName } : null,
        excerpt: (r.body ?? r.n.excerpt ?? "").replace(MENTION, (_m, name: string) => `@${name}`).slice(0, 200),
        url: r.n.threadId
          ? `/reports/${r.n.reportId}?thread=${r.n.threadId}`
          : `/reports/${r.n.reportId}${r.n.mentionId ? `#mention-${r.n.mentionId}` : ""}`,
        createdAt: r.n.createdAt.toISOString(),
        readAt: r.n.readAt?.toISOString() ?? null,
      })),
  };
}

/** Marks one of the user's notifications read. */
export async function markRead(db: Db, user: User, id: string): Promise<void> {
  const done = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, user.id)))
    .returning({ id: notifications.id });
  if (done.length === 0) throw notFound("Notification");
}

/** Marks every notification of the user read; returns how many were unread. */
export async function markAllRead(db: Db, user: User): Promise<number> {
  const done = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return done.length;
}
