/**
 * Comment threads on reports (issue 6). A thread is anchored to a text range by two Yjs relative
 * positions (base64 `Y.encodeRelativePosition`, made by the editor over the report's XmlFragment)
 * and the text quoted when it was made; the positions follow the text as the document changes, and
 * the quote lets a client show what a thread was about once its text is gone. A thread without an
 * anchor is a report-level comment.
 *
 * Mentions are written in comment bodies as `@[Name](user:<id>)`. Each mentioned person who can open
 * the report (other than the author) gets one notification per comment (unique per user and
 * comment: editing a comment notifies only people newly mentioned), and an email when SMTP is
 * configured. Every change NOTIFYs a comment event, which the per-report event stream pushes.
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import * as Y from "yjs";
import type { Db } from "../../db/client";
import { comments, commentThreads, notifications, users } from "../../db/schema";
import type { User } from "./accounts";
import { randomId } from "./ids";
import type { Mailer } from "./Mailer";
import { mailNotified } from "./notificationMail";
import { notifyReport } from "./ReportFeed";
import { resolveReportAccess, type ReportAccess } from "./reportAccess";
import { forbidden, invalidInput, notFound, parseInput } from "./ServiceError";

/** `@[Name](user:<id>)`: the mention syntax in comment bodies. */
export const MENTION = /@\[([^\]\n]{1,100})\]\(user:([a-z0-9]{1,64})\)/g;

const RelativePosition = z
  .string()
  .max(1024, "must be at most 1024 characters")
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be base64")
  .refine((b64) => {
    try {
      Y.decodeRelativePosition(Buffer.from(b64, "base64"));
      return true;
    } catch {
      return false;
    }
  }, "is not an encoded Y.RelativePosition");

const Body = z.string().trim().min(1, "is required").max(10_000, "must be at most 10000 characters");
export const Anchor = z.object({ start: RelativePosition, end: RelativePosition, quote: z.string().max(2000, "must be at most 2000 characters") }).strict();
export const CreateThreadInput = z.object({ anchor: Anchor.nullable().default(null), body: Body }).strict();
export const CommentInput = z.object({ body: Body }).strict();
const Id = z.string().regex(/^[a-z0-9]{1,64}$/);

/** One comment as the API returns it. */
export interface CommentView {
  id: string;
  author: { id: string; name: string } | null;
  body: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

/** One thread as the API returns it. */
export interface ThreadView {
  id: string;
  anchor: { start: string; end: string; quote: string } | null;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  resolved: { at: string; by: { id: string; name: string } | null } | null;
  comments: CommentView[];
}

/** What comment changes need besides the database. */
export interface CommentDeps {
  mailer: Mailer;
  /** Origin for links in emails (FOLIO_PUBLIC_URL or the request's). */
  baseUrl: string;
}

/** Hides who wrote what (anonymous share links): authors vanish and mentions read "@someone". */
const anonymize = (body: string) => body.replace(MENTION, "@someone");

/** Every thread of the report, oldest first, with its comments (`threadId`: just that one). */
export async function listThreads(db: Db, access: ReportAccess, threadId?: string): Promise<ThreadView[]> {
  const reportId = access.report.row.id;
  const threads = await db
    .select()
    .from(commentThreads)
    .where(and(eq(commentThreads.reportId, reportId), threadId ? eq(commentThreads.id, threadId) : sql`true`))
    .orderBy(asc(commentThreads.createdAt), asc(commentThreads.id));
  if (threads.length === 0) return [];
  const list = await db
    .select()
    .from(comments)
    .where(and(eq(comments.reportId, reportId), inArray(comments.threadId, threads.map((t) => t.id))))
    .orderBy(asc(comments.createdAt), asc(comments.id));
  const hide = access.anonymous;
  const people = new Set<string>();
  for (const t of threads) [t.createdBy, t.resolvedBy].forEach((u) => u && people.add(u));
  for (const c of list) if (c.authorId) people.add(c.authorId);
  const names = new Map(
    people.size && !hide ? (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...people]))).map((u) => [u.id, u.name]) : [],
  );
  const person = (id: string | null) => (id && !hide && names.has(id) ? { id, name: names.get(id)! } : null);
  const byThread = new Map<string, CommentView[]>();
  for (const c of list) {
    const views = byThread.get(c.threadId) ?? [];
    views.push({
      id: c.id,
      author: person(c.authorId),
      body: c.deletedAt ? "" : hide ? anonymize(c.body) : c.body,
      createdAt: c.createdAt.toISOString(),
      editedAt: c.editedAt?.toISOString() ?? null,
      deleted: c.deletedAt !== null,
    });
    byThread.set(c.threadId, views);
  }
  return threads.map((t) => ({
    id: t.id,
    anchor: t.anchorStart && t.anchorEnd ? { start: t.anchorStart, end: t.anchorEnd, quote: hide ? "" : t.quote ?? "" } : null,
    createdBy: person(t.createdBy),
    createdAt: t.createdAt.toISOString(),
    resolved: t.resolvedAt ? { at: t.resolvedAt.toISOString(), by: person(t.resolvedBy) } : null,
    comments: byThread.get(t.id) ?? [],
  }));
}

/** Starts a thread (anchored or report-level) with its first comment. */
export async function createThread(db: Db, access: ReportAccess, author: User, input: unknown, deps: CommentDeps): Promise<ThreadView> {
  const body = parseInput(CreateThreadInput, input);
  const reportId = access.report.row.id;
  const threadId = randomId(12);
  const commentId = randomId(12);
  const notified = await db.transaction(async (tx) => {
    await tx.insert(commentThreads).values({
      id: threadId, reportId, createdBy: author.id,
      anchorStart: body.anchor?.start ?? null, anchorEnd: body.anchor?.end ?? null, quote: body.anchor?.quote ?? null,
    });
    await tx.insert(comments).values({ id: commentId, threadId, reportId, authorId: author.id, body: body.body });
    const n = await notifyMentions(tx, access, author, threadId, commentId, body.body);
    await notifyReport(tx, { r: reportId, k: "comment", t: threadId });
    return n;
  });
  void mailMentions(db, access, author, threadId, body.body, notified, deps);
  return (await listThreads(db, access, threadId))[0];
}

/** Replies in a thread. */
export async function reply(db: Db, access: ReportAccess, author: User, threadId: string, input: unknown, deps: CommentDeps): Promise<CommentView> {
  const { body } = parseInput(CommentInput, input);
  await loadThread(db, access, threadId);
  const commentId = randomId(12);
  const notified = await db.transaction(async (tx) => {
    await tx.insert(comments).values({ id: commentId, threadId, reportId: access.report.row.id, authorId: author.id, body });
    const n = await notifyMentions(tx, access, author, threadId, commentId, body);
    await notifyReport(tx, { r: access.report.row.id, k: "comment", t: threadId });
    return n;
  });
  void mailMentions(db, access, author, threadId, body, notified, deps);
  return (await listThreads(db, access, threadId))[0].comments.find((c) => c.id === commentId)!;
}

/** Edits one's own comment; people newly mentioned are notified (once per comment). */
export async function editComment(db: Db, access: ReportAccess, author: User, commentId: string, input: unknown, deps: CommentDeps): Promise<CommentView> {
  const { body } = parseInput(CommentInput, input);
  const c = await ownComment(db, access, author, commentId);
  const notified = await db.transaction(async (tx) => {
    await tx.update(comments).set({ body, editedAt: sql`now()` }).where(eq(comments.id, c.id));
    const n = await notifyMentions(tx, access, author, c.threadId, c.id, body);
    await notifyReport(tx, { r: access.report.row.id, k: "comment", t: c.threadId });
    return n;
  });
  void mailMentions(db, access, author, c.threadId, body, notified, deps);
  return (await listThreads(db, access, c.threadId))[0].comments.find((x) => x.id === c.id)!;
}

/** Deletes one's own comment (a tombstone keeps the thread's shape). */
export async function deleteComment(db: Db, access: ReportAccess, author: User, commentId: string): Promise<void> {
  const c = await ownComment(db, access, author, commentId);
  await db.transaction(async (tx) => {
    await tx.update(comments).set({ deletedAt: sql`now()`, body: "" }).where(eq(comments.id, c.id));
    await tx.delete(notifications).where(eq(notifications.commentId, c.id));
    await notifyReport(tx, { r: access.report.row.id, k: "comment", t: c.threadId });
  });
}

/** Resolves (`resolved: true`) or reopens a thread. */
export async function setResolved(db: Db, access: ReportAccess, user: User, threadId: string, resolved: boolean): Promise<ThreadView> {
  await loadThread(db, access, threadId);
  await db.transaction(async (tx) => {
    await tx
      .update(commentThreads)
      .set(resolved ? { resolvedAt: sql`now()`, resolvedBy: user.id } : { resolvedAt: null, resolvedBy: null })
      .where(eq(commentThreads.id, threadId));
    await notifyReport(tx, { r: access.report.row.id, k: "comment", t: threadId });
  });
  return (await listThreads(db, access, threadId))[0];
}

async function loadThread(db: Db, access: ReportAccess, threadId: string) {
  if (!Id.safeParse(threadId).success) throw notFound("Thread");
  const [t] = await db.select().from(commentThreads).where(and(eq(commentThreads.id, threadId), eq(commentThreads.reportId, access.report.row.id)));
  if (!t) throw notFound("Thread");
  return t;
}

async function ownComment(db: Db, access: ReportAccess, author: User, commentId: string) {
  if (!Id.safeParse(commentId).success) throw notFound("Comment");
  const [c] = await db
    .select()
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.reportId, access.report.row.id), isNull(comments.deletedAt)));
  if (!c) throw notFound("Comment");
  if (c.authorId !== author.id) throw forbidden("You can only edit or delete your own comments");
  return c;
}

/**
 * Inserts a notification for each person mentioned in `body` who can open the report, other than
 * the author; returns the ids of people notified now (not those already notified for this comment).
 */
async function notifyMentions(tx: Db, access: ReportAccess, author: User, threadId: string, commentId: string, body: string): Promise<string[]> {
  const mentioned = [...new Set([...body.matchAll(MENTION)].map((m) => m[2]))].filter((id) => id !== author.id);
  if (mentioned.length > 50) throw invalidInput("body", "mentions at most 50 people");
  const notified: string[] = [];
  for (const userId of mentioned) {
    const [person] = await tx.select().from(users).where(eq(users.id, userId));
    // Only people who can open the report: a mention never reveals the report to anyone else.
    if (!person || !(await resolveReportAccess(tx, { kind: "user", user: { ...person, isAdmin: person.isAdmin } }, access.report.row.id))) continue;
    const inserted = await tx
      .insert(notifications)
      .values({ id: randomId(16), userId, kind: "mention", reportId: access.report.row.id, threadId, commentId, actorId: author.id })
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    if (inserted.length) notified.push(userId);
  }
  return notified;
}

/** Emails the people just notified (after the commit; failures are logged). */
function mailMentions(db: Db, access: ReportAccess, author: User, threadId: string, body: string, userIds: string[], deps: CommentDeps): Promise<void> {
  const { id: reportId, title } = access.report.row;
  return mailNotified(db, deps.mailer, userIds, async () => {
    const link = `${deps.baseUrl}/reports/${reportId}?thread=${threadId}`;
    const plain = body.replace(MENTION, (_m, name: string) => `@${name}`);
    return () => ({
      subject: `${author.name} mentioned you in "${title}"`,
      text: `${author.name} mentioned you in a comment on "${title}":\n\n${plain}\n\nOpen the thread: ${link}\n`,
    });
  }, { what: "mention", reportId });
}
