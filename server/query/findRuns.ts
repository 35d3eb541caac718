/** Runs matching a run query: the one entry point the API, the UI and the metrics engine share. */
import { and, lt, sql } from "drizzle-orm";
import { invalidInput } from "../services/ServiceError";
import type { Db } from "../../db/client";
import { runs } from "../../db/schema";
import type { User } from "../services/accounts";
import type { LoadedRun } from "../services/runs";
import { compileRunSort } from "./compileRunSort";
import { prefixInputErrors } from "./prefixInputErrors";
import { DEFAULT_STATEMENT_TIMEOUT_MS, readOnlyQuery } from "./readOnlyQuery";
import { resolveQueryProjects } from "./resolveQueryProjects";
import { parseRunQuery } from "./RunQuery";
import { checkQueryRegexes, runQueryWhere, type RunQueryOptions } from "./runQueryWhere";

/** A page of runs. */
export interface FoundRuns {
  runs: LoadedRun[];
  /** How many runs match in all; given on the first page (no cursor). */
  total?: number;
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

/**
 * Validates `input` (a run query as sent: native or Mongo filter) and returns one page of runs the
 * user may read. Paging: with the default order (newest first) the cursor is a keyset position (the
 * last run's sequence number), stable under inserts; with an explicit `sort` it is an offset (`o200`).
 */
export async function findRuns(db: Db, user: User, input: unknown, opts: RunQueryOptions = {}): Promise<FoundRuns> {
  return prefixInputErrors(opts.pathPrefix, () => find(db, user, input, opts));
}

async function find(db: Db, user: User, input: unknown, opts: RunQueryOptions): Promise<FoundRuns> {
  const query = parseRunQuery(input);
  const projects = await resolveQueryProjects(db, user, query);
  const where = runQueryWhere(query, [...projects.keys()]);
  const keyset = query.sort.length === 0;
  const cursor = query.cursor;
  if (cursor !== null && keyset === cursor.startsWith("o")) {
    throw invalidInput("cursor", "does not belong to this query's sort order");
  }
  const offset = cursor?.startsWith("o") ? Number(cursor.slice(1)) : 0;
  const pageWhere = keyset && cursor ? and(where, lt(runs.seq, Number(cursor))) : where;

  return readOnlyQuery(db, { timeoutMs: opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS, timeoutPath: query.filter ? "filter" : undefined }, async (tx) => {
    await checkQueryRegexes(tx, query, opts);
    const found = await tx
      .select({ row: runs })
      .from(runs)
      .where(pageWhere)
      .orderBy(...compileRunSort(query.sort))
      .limit(query.limit + 1)
      .offset(offset);
    const page = found.slice(0, query.limit);
    const more = found.length > query.limit;
    const nextCursor = !more ? null : keyset ? String(page[page.length - 1].row.seq) : `o${offset + query.limit}`;
    let total: number | undefined;
    if (cursor === null) {
      total = more ? Number((await tx.select({ n: sql<number>`count(*)::int` }).from(runs).where(where))[0].n) : page.length;
    }
    return {
      runs: page.map(({ row }) => ({ row, project: projects.get(row.projectId)! })),
      ...(total !== undefined && { total }),
      nextCursor,
    };
  });
}
