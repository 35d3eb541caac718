/** The WHERE clause shared by findRuns and groupRuns: projects, filter and search. */
import { and, inArray, sql, type SQL } from "drizzle-orm";
import { runs } from "../../db/schema";
import { invalidInput } from "../services/ServiceError";
import { compileRunFilter, regexLeaves } from "./compileRunFilter";
import { checkRegex, hasBackReference } from "./readOnlyQuery";
import type { Db } from "../../db/client";
import type { RunQuery } from "./RunQuery";

/** Options every run query execution takes. */
export interface RunQueryOptions {
  /** Which back end `db` is. Unknown is treated as PGlite: the cautious choice (see readOnlyQuery). */
  dbKind?: "postgres" | "pglite";
  /** Per-statement budget; defaults to DEFAULT_STATEMENT_TIMEOUT_MS. */
  statementTimeoutMs?: number;
  /** Where the query sits in the caller's request (e.g. "runQuery"): prefixes 400 paths. */
  pathPrefix?: string;
}

/** Case-insensitive substring over name, display name, tags and notes. */
function searchSql(search: string): SQL {
  const hit = (e: SQL) => sql`strpos(lower(${e}), lower(${search})) > 0`;
  return sql`(${hit(sql`${runs.name}`)} or ${hit(sql`coalesce(${runs.displayName}, '')`)} or ${hit(sql`${runs.id}`)}
    or ${hit(sql`coalesce(${runs.group}, '')`)} or ${hit(sql`coalesce(${runs.jobType}, '')`)}
    or exists (select 1 from unnest(${runs.tags}) as s(tag) where ${hit(sql`s.tag`)})
    or ${hit(sql`coalesce(${runs.notes}, '')`)})`;
}

/** The condition selecting the query's runs (no paging). */
export function runQueryWhere(query: RunQuery, projectIds: number[]): SQL {
  return and(
    inArray(runs.projectId, projectIds),
    query.filter ? compileRunFilter(query.filter) : undefined,
    query.search ? searchSql(query.search) : undefined,
  ) as SQL;
}

/**
 * Refuses regexes the back end cannot bound (back-references on PGlite), then checks that each
 * compiles, so a bad one is a 400 naming its own path. Call inside readOnlyQuery.
 */
export async function checkQueryRegexes(tx: Db, query: RunQuery, opts: RunQueryOptions): Promise<void> {
  if (!query.filter) return;
  for (const { value, path } of regexLeaves(query.filter)) {
    if (opts.dbKind !== "postgres" && hasBackReference(value)) {
      throw invalidInput(path, "back-references (\\1…\\9) are not supported on the embedded database: it cannot time out a runaway match");
    }
    await checkRegex(tx, value, path);
  }
}
