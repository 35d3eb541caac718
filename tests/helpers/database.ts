/**
 * Test databases: a fresh PostgreSQL database per call when DATABASE_URL is set (the back end CI
 * runs first), otherwise a fresh embedded PGlite directory. Same migrations either way.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { randomId } from "../../server/services/ids";

/** Where a test server's data lives, and how to throw it away. */
export interface TestDatabase {
  kind: "postgres" | "pglite";
  databaseUrl?: string;
  dataDir: string;
  drop(): Promise<void>;
}

/** Creates an empty database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "folio-test-"));
  const base = process.env.DATABASE_URL;
  if (!base) {
    return { kind: "pglite", dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `folio_t_${randomId(10)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`); // name is generated above, never user input
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    kind: "postgres",
    databaseUrl: url.toString(),
    dataDir,
    drop: async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
