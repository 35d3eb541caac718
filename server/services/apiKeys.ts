/** API keys: shown once at creation, stored as a SHA-256 hash with a visible prefix. */
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { apiKeys, users } from "../../db/schema";
import { hashToken } from "../auth/tokens";
import type { User } from "./accounts";
import { randomId, randomToken } from "./ids";
import { notFound, parseInput } from "./ServiceError";

export const KEY_PREFIX = "folio_";

export const CreateKeyInput = z.object({ name: z.string().trim().min(1, "is required").max(80).default("default") });

/** Creates a key for `userId`; the plaintext key is returned only here. */
export async function createApiKey(db: Db, userId: string, input: unknown): Promise<{ id: string; key: string; prefix: string }> {
  const { name } = parseInput(CreateKeyInput, input ?? {});
  const key = `${KEY_PREFIX}${randomToken(30)}`;
  const prefix = key.slice(0, KEY_PREFIX.length + 6);
  const id = randomId(16);
  await db.insert(apiKeys).values({ id, userId, name, prefix, keyHash: hashToken(key) });
  return { id, key, prefix };
}

/** A user's keys, newest first, without secrets. */
export async function listApiKeys(db: Db, userId: string) {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.userId, userId))
    .orderBy(desc(apiKeys.createdAt));
}

/** Revokes one of the user's keys. */
export async function revokeApiKey(db: Db, userId: string, keyId: string): Promise<void> {
  const r = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (r.length === 0) throw notFound("API key");
}

// last_used_at is written at most once a minute per key, so authentication stays a read.
const LAST_USED_RESOLUTION_MS = 60_000;

/** The user a live key belongs to, or null for unknown / revoked keys. */
export async function authenticateApiKey(db: Db, key: string): Promise<User | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const [row] = await db
    .select({ keyId: apiKeys.id, lastUsedAt: apiKeys.lastUsedAt, id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.keyHash, hashToken(key)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))));
  }
  return { id: row.id, email: row.email, name: row.name, isAdmin: row.isAdmin };
}
