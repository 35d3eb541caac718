/**
 * executePrepared (db/client.ts): the same rows as a plain execute on both back ends, and on
 * PostgreSQL a named prepared statement (one round trip from its second use) instead of drizzle's
 * unprepared two-round-trip path.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executePrepared, openDatabase, rows, type Database } from "../../db/client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

describe("executePrepared", () => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await createTestDatabase();
    // One pooled connection, so the prepared-statement view below sees the statement's connection.
    database = await openDatabase(test.databaseUrl ? { kind: "postgres", url: test.databaseUrl, poolSize: 1 } : { kind: "pglite", dataDir: null });
  });
  afterAll(async () => {
    await database?.close();
    await test?.drop();
  });

  const query = (n: number, label: string) =>
    sql`select g as n, ${label}::text || g as label, decode(${"00ff"}, 'hex') as bytes from generate_series(1, ${n}::int) g order by g`;

  it("returns what a plain execute returns, parameters bound, bytea included", async () => {
    for (const [n, label] of [[3, "a"], [1, "b<"], [0, "c"]] as const) {
      const prepared = await executePrepared<{ n: number; label: string; bytes: Uint8Array }>(database.db, query(n, label));
      const plain = await rows<{ n: number; label: string; bytes: Uint8Array }>(database.db, query(n, label));
      expect(prepared.map((r) => ({ ...r, bytes: [...r.bytes] }))).toEqual(plain.map((r) => ({ ...r, bytes: [...r.bytes] })));
      expect(prepared.map((r) => r.label)).toEqual(Array.from({ length: n }, (_, i) => `${label}${i + 1}`));
    }
  });

  it.runIf(!!process.env.DATABASE_URL)("prepares the statement once on PostgreSQL; a plain execute does not", async () => {
    const prepared = async () => rows<{ statement: string }>(database.db, sql`select statement from pg_prepared_statements`);
    const text = (s: string) => s.includes("generate_series(1,");
    await rows(database.db, query(2, "plain"));
    expect((await prepared()).filter((p) => text(p.statement))).toHaveLength(1); // the first test's
    for (let i = 0; i < 5; i++) await executePrepared(database.db, query(i, `x${i}`));
    expect((await prepared()).filter((p) => text(p.statement))).toHaveLength(1);
  });

  it.runIf(!!process.env.DATABASE_URL)("prepares nothing when the database is opened with prepare: false (FOLIO_DB_PREPARED_STATEMENTS=false)", async () => {
    const unprepared = await openDatabase({ kind: "postgres", url: test.databaseUrl!, poolSize: 1, prepare: false });
    try {
      expect(await executePrepared<{ n: number }>(unprepared.db, query(2, "y"))).toEqual([{ n: 1, label: "y1", bytes: expect.anything() }, { n: 2, label: "y2", bytes: expect.anything() }]);
      expect(await rows(unprepared.db, sql`select statement from pg_prepared_statements`)).toEqual([]);
    } finally {
      await unprepared.close();
    }
  });
});
