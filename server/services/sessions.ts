/** Browser sessions stored in the database; the cookie carries only the signed session id. */
import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { sessions, users } from "../../db/schema";
import type { User } from "./accounts";
import { randomToken } from "./ids";

export const SESSION_DAYS = 30;

/** Starts a session and returns its id. */
export async function createSession(db: Db, userId: string): Promise<string> {
  const id = randomToken(32);
  await db.insert(sessions).values({ id, userId, expiresAt: new Date(Date.now() + SESSION_DAYS * 86400_000) });
  return id;
}

/** The user behind a live session, or null. */
export async function sessionUser(db: Db, sessionId: string): Promise<User | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, new Date())));
  return row ?? null;
}

/** Ends a session (log out). */
export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Removes expired sessions. */
export async function purgeExpiredSessions(db: Db): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}
