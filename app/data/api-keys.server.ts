/** Settings → API keys: the signed-in user's keys without their secrets. */
import type { Db } from "../../db/client";
import { createApiKey, listApiKeys, revokeApiKey } from "../../server/services/apiKeys";

/** A key as the settings page lists it. */
export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The user's keys, newest first. */
export async function loadApiKeys(db: Db, userId: string): Promise<ApiKeyRow[]> {
  const keys = await listApiKeys(db, userId);
  return keys.map((k) => ({
    id: k.id, name: k.name, prefix: k.prefix, createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
}

/** Whether the user has a key that still works (onboarding step 1). */
export async function hasActiveApiKey(db: Db, userId: string): Promise<boolean> {
  return (await listApiKeys(db, userId)).some((k) => !k.revokedAt);
}

/** Creates a key; the plaintext comes back only from here. */
export async function issueApiKey(db: Db, userId: string, name: string): Promise<{ key: string; prefix: string; name: string }> {
  const { key, prefix } = await createApiKey(db, userId, { name });
  return { key, prefix, name };
}

/** Revokes one of the user's keys (404 for anyone else's). */
export async function revokeUserApiKey(db: Db, userId: string, keyId: string): Promise<void> {
  await revokeApiKey(db, userId, keyId);
}
