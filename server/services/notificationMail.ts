/**
 * Email for notifications that were just committed (mentions in comments and in report bodies):
 * each person's address is looked up and the message `compose` makes for them is handed to the
 * Mailer. Never throws: a failure to prepare is logged, sending failures are logged by the Mailer.
 */
import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import type { Mailer, MailMessage } from "./Mailer";

/**
 * Emails `userIds`. `compose` runs once, after the lookup, and returns the message for each person
 * (its own reads belong inside it, so their failures are logged too). `what` names the mail in logs.
 */
export async function mailNotified(
  db: Db, mailer: Mailer, userIds: string[], compose: () => Promise<(userId: string) => Omit<MailMessage, "to">>,
  log: { what: string; reportId: string },
): Promise<void> {
  if (userIds.length === 0) return;
  try {
    const people = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, userIds));
    const messageFor = await compose();
    await Promise.all(people.map((p) => mailer.send({ to: p.email, ...messageFor(p.id) }, { userId: p.id })));
  } catch (error) {
    console.error(`[mail] could not prepare ${log.what} emails`, { reportId: log.reportId, error: String(error) });
  }
}
