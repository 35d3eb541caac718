/**
 * The database factory: PostgreSQL through postgres.js when a URL is given, otherwise the embedded
 * PGlite stored in a directory (or in memory for tests). Both expose the same drizzle API, the same
 * schema and the same migrations; `rows()` hides the one place their raw results differ.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import postgres from "postgres";
import * as schema from "./schema";

/** A drizzle database or transaction over Folio's schema, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Where the data lives: a PostgreSQL URL, a PGlite directory, or PGlite in memory. */
export type DatabaseTarget =
  | {
      kind: "postgres";
      url: string;
      poolSize?: number;
      /** Named prepared statements (`executePrepared`); default true. Off behind a pooler that cannot keep them. */
      prepare?: boolean;
    }
  | { kind: "pglite"; dataDir: string | null };

/** An open database with its listen channel; close it once, at shutdown. */
export interface Database {
  kind: "postgres" | "pglite";
  db: Db;
  /** Applies committed migrations (serialised across processes with an advisory lock on PostgreSQL). */
  migrate(): Promise<void>;
  /** Subscribes to a NOTIFY channel; resolves to the unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = fileURLToPath(new URL("../migrations", import.meta.url));
/** Arbitrary constant shared by every Folio process: only one applies migrations at a time. */
const MIGRATION_LOCK_ID = 0x464f4c49;

/** Raw `execute` results are `{ rows }` on PGlite and an array on postgres.js. */
export async function rows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Turns drizzle's `sql` into text and parameters for `executePrepared`. */
const dialect = new PgDialect();

/**
 * Runs `query` as a named prepared statement on PostgreSQL; `db.execute` elsewhere (PGlite, and
 * inside a transaction). drizzle hands postgres.js every query unprepared, and postgres.js then
 * sends a parameterised statement in two round trips (parse and describe, wait for the parameter
 * types, then bind and execute); prepared, it is one round trip from the second use on each pooled
 * connection. Only for statements whose text never varies with their input (fixed shape, values as
 * parameters): each distinct text stays prepared on every connection for its lifetime. A database
 * opened with `prepare: false` (FOLIO_DB_PREPARED_STATEMENTS=false) runs it unprepared.
 */
export async function executePrepared<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const client = (db as { $client?: { unsafe?: unknown } }).$client;
  if (typeof client?.unsafe !== "function") return rows<T>(db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  const unsafe = client.unsafe as (text: string, params: unknown[], options: { prepare: boolean }) => Promise<T[]>;
  return unsafe.call(client, text, params, { prepare: true });
}

/** Opens the database described by `target`. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === "postgres" ? openPostgres(target.url, target.poolSize ?? 10, target.prepare ?? true) : openPglite(target.dataDir);
}

async function openPostgres(url: string, poolSize: number, prepare: boolean): Promise<Database> {
  // `prepare: false` makes postgres.js ignore executePrepared's request too (PgBouncer before 1.21 in transaction mode).
  const client = postgres(url, { max: poolSize, prepare, onnotice: () => {}, connection: { application_name: "folio" } });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  await client`select 1`;
  return {
    kind: "postgres",
    db,
    async migrate() {
      // A dedicated connection holds the session-level advisory lock for the whole migration.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migratePostgres(drizzlePostgres(single), { migrationsFolder: MIGRATIONS_FOLDER });
        await single`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    async listen(channel, onPayload) {
      const sub = await client.listen(channel, onPayload);
      return () => sub.unlisten();
    },
    async close() {
      await client.end({ timeout: 10 });
    },
  };
}

async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? await PGlite.create({ dataDir }) : await PGlite.create();
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    async migrate() {
      await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async listen(channel, onPayload) {
      return client.listen(channel, onPayload);
    },
    async close() {
      await client.close();
    },
  };
}

/** Builds a `NOTIFY` that is delivered when the surrounding transaction commits. */
export function notify(channel: string, payload: string): SQL {
  return sql`select pg_notify(${channel}, ${payload})`;
}
