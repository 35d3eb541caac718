/** The HTTP answer to a run query: a page of runs, or groups when the query has `groupBy`. */
import type { Db } from "../../db/client";
import type { User } from "../services/accounts";
import { runView, type RunView } from "../services/runs";
import { findRuns } from "./findRuns";
import { groupRuns, type GroupedRuns } from "./groupRuns";
import type { RunQueryOptions } from "./runQueryWhere";

/** `{ runs, nextCursor, total? }` or `{ groupBy, groups, truncated }`. */
export type RunQueryAnswer = { runs: RunView[]; nextCursor: string | null; total?: number } | GroupedRuns;

/** Runs `input` (validated here) and formats the result for the API. */
export async function answerRunQuery(db: Db, user: User, input: unknown, baseUrl: string, opts: RunQueryOptions = {}): Promise<RunQueryAnswer> {
  const wantsGroups = typeof input === "object" && input !== null && (input as { groupBy?: unknown }).groupBy !== undefined;
  if (wantsGroups) return groupRuns(db, user, input, undefined, opts);
  const page = await findRuns(db, user, input, opts);
  return { runs: page.runs.map((run) => runView(run, baseUrl)), nextCursor: page.nextCursor, ...(page.total !== undefined && { total: page.total }) };
}
