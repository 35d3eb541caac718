/**
 * Runs a user-built query in a read-only transaction with a statement timeout, and turns the
 * database's complaints about the query (a regex that does not compile, a query stopped by the
 * timeout) into 400s instead of 500s.
 *
 * The timeout is `SET LOCAL`-scoped (`set_config(..., true)`), so it ends with the transaction and
 * never leaks to other users of the pooled connection. PGlite runs in this process's thread and has
 * no timer to cancel a statement, so callers must refuse unbounded work up front there (findRuns
 * refuses regex back-references on PGlite).
 */
import { sql } from "drizzle-orm";
import { rows, type Db } from "../../db/client";
import { invalidInput, ServiceError } from "../services/ServiceError";

/** Default per-statement budget of a run query. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;

/** PostgreSQL SQLSTATEs this module maps. */
const QUERY_CANCELED = "57014";
const INVALID_REGEX = "2201B";

/** The SQLSTATE of a driver error (drizzle wraps driver errors in `cause`). */
export function sqlState(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/** The driver's message of a wrapped error. */
function rootMessage(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  while (e?.cause) e = e.cause as typeof e;
  return e?.message ?? String(err);
}

/**
 * Runs `fn` in a read-only transaction whose statements stop after `timeoutMs`. A timeout becomes a
 * 400 at `timeoutPath` saying the query was too expensive (not a 5xx: retrying would not help).
 */
export async function readOnlyQuery<T>(db: Db, opts: { timeoutMs: number; timeoutPath?: string }, fn: (tx: Db) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`set transaction read only`);
      await tx.execute(sql`select set_config('statement_timeout', ${`${Math.max(1, Math.round(opts.timeoutMs))}ms`}, true)`);
      return fn(tx as unknown as Db);
    });
  } catch (err) {
    if (err instanceof ServiceError) throw err;
    const state = sqlState(err);
    if (state === QUERY_CANCELED) {
      throw new ServiceError(400, "invalid_input",
        `The query was stopped after ${opts.timeoutMs} ms (statement timeout): make it cheaper, e.g. avoid back-references in regular expressions or narrow the filter`,
        opts.timeoutPath);
    }
    if (state === INVALID_REGEX) throw invalidInput(opts.timeoutPath ?? "filter", rootMessage(err));
    throw err;
  }
}

/** Checks that a pattern compiles (PostgreSQL syntax); throws a 400 at `path` if not. Call inside readOnlyQuery. */
export async function checkRegex(tx: Db, pattern: string, path: string): Promise<void> {
  let answered: unknown[];
  try {
    answered = await rows(tx, sql`select '' ~ ${pattern} as m`);
  } catch (err) {
    if (sqlState(err) === INVALID_REGEX) throw invalidInput(path, rootMessage(err));
    throw err;
  }
  // PGlite 0.5 answers a pattern that is "too complex" to compile with no rows instead of an error.
  if (answered.length !== 1) throw invalidInput(path, "invalid regular expression: regular expression is too complex");
}

/**
 * Whether a pattern uses back-references (`\1`…`\9`, `\k`): the one feature that makes PostgreSQL's
 * regex engine backtrack exponentially. Escaped backslashes (`\\1`) are skipped.
 */
export function hasBackReference(pattern: string): boolean {
  for (let i = 0; i < pattern.length - 1; i++) {
    if (pattern[i] !== "\\") continue;
    if (/[1-9k]/.test(pattern[i + 1])) return true;
    i++;
  }
  return false;
}
