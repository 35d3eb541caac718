/** The instance secret that signs cookies and derives CSRF tokens. */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { settings } from "../../db/schema";
import { randomToken } from "./ids";

/** Uses FOLIO_SECRET when configured; otherwise one generated on first start and kept in the database (shared by every process). */
export async function loadSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db.insert(settings).values({ key: "session_secret", value: randomToken(48) }).onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, "session_secret"));
  return row.value;
}
