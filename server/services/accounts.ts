/** Users: sign-up (first user becomes instance admin, each user gets a personal team) and sign-in. */
import { count, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { memberships, teams, users } from "../../db/schema";
import { hashPassword, verifyPassword } from "../auth/passwords";
import { randomId, slugify } from "./ids";
import { RESERVED_SLUGS } from "./reservedSlugs";
import { conflict, parseInput } from "./ServiceError";

/** What the rest of the app knows about a signed-in person. */
export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

export const SignUpInput = z.object({
  email: z.string().trim().toLowerCase().email("must be a valid email address").max(254),
  password: z.string().min(8, "must be at least 8 characters").max(1024),
  name: z.string().trim().min(1, "is required").max(100).optional(),
});

const toUser = (r: typeof users.$inferSelect): User => ({ id: r.id, email: r.email, name: r.name, isAdmin: r.isAdmin });

/** Creates a user and their personal team in one transaction. */
export async function signUp(db: Db, input: unknown): Promise<User> {
  const { email, password, name } = parseInput(SignUpInput, input);
  const passwordHash = await hashPassword(password);
  const displayName = name ?? email.split("@")[0];
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw conflict("An account with this email already exists");
    const [{ n }] = await tx.select({ n: count() }).from(users);
    const id = randomId(16);
    const [row] = await tx
      .insert(users)
      .values({ id, email, name: displayName, passwordHash, isAdmin: n === 0 })
      .returning();
    const teamId = randomId(16);
    await tx.insert(teams).values({ id: teamId, slug: await freeSlug(tx, slugify(email.split("@")[0])), name: displayName, personal: true });
    await tx.insert(memberships).values({ teamId, userId: id, role: "admin" });
    return toUser(row);
  });
}

/** A team slug not yet taken: `alice`, then `alice-2`, `alice-3`, ... */
export async function freeSlug(db: Db, base: string): Promise<string> {
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? base : `${base}-${i}`;
    if (RESERVED_SLUGS.has(candidate)) continue;
    const [taken] = await db.select({ id: teams.id }).from(teams).where(eq(teams.slug, candidate));
    if (!taken) return candidate;
  }
}

/** Returns the user for valid credentials, or null (same answer for unknown email and bad password). */
export async function signIn(db: Db, email: string, password: string): Promise<User | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  if (!row) {
    await hashPassword(password); // equalise timing with the known-email path
    return null;
  }
  return (await verifyPassword(password, row.passwordHash)) ? toUser(row) : null;
}

/** Looks a user up by id or email. */
export async function findUser(db: Db, by: { id?: string; email?: string }): Promise<User | null> {
  const where = by.id ? eq(users.id, by.id) : eq(users.email, (by.email ?? "").toLowerCase());
  const [row] = await db.select().from(users).where(where);
  return row ? toUser(row) : null;
}

/** Whether anyone has signed up yet (drives the first-run banner). */
export async function hasUsers(db: Db): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(users);
  return n > 0;
}
