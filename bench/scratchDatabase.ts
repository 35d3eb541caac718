/**
 * Throw-away databases for one benchmark case: a fresh PostgreSQL database created from a base URL
 * (dropped afterwards), or a fresh PGlite directory. The same approach as tests/helpers/database.ts,
 * with the base URL passed in rather than read from the environment.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { randomId } from "../server/services/ids";

/** Where one case's data lives, and how to throw it away. */
export interface ScratchDatabase {
  kind: "postgres" | "pglite";
  /** Set for PostgreSQL. */
  databaseUrl?: string;
  /** Always set: Folio's data directory (PGlite keeps its files under it). */
  dataDir: string;
  drop(): Promise<void>;
}

/** Creates an empty database of `kind`; `baseUrl` is required for PostgreSQL. */
export async function createScratchDatabase(kind: "postgres" | "pglite", baseUrl?: string): Promise<ScratchDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "folio-bench-"));
  if (kind === "pglite") return { kind, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  if (!baseUrl) throw new Error("a PostgreSQL base URL is required");
  const name = `folio_bench_${randomId(10)}`;
  await withAdmin(baseUrl, (admin) => admin.unsafe(`create database ${name}`)); // generated name, never user input
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    databaseUrl: url.toString(),
    dataDir,
    drop: async () => {
      await withAdmin(baseUrl, (admin) => admin.unsafe(`drop database if exists ${name} with (force)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** True when a PostgreSQL server answers at `baseUrl`. */
export async function postgresReachable(baseUrl: string): Promise<boolean> {
  try {
    await withAdmin(baseUrl, (admin) => admin`select 1`);
    return true;
  } catch {
    return false;
  }
}

async function withAdmin<T>(baseUrl: string, fn: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    return await fn(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}
