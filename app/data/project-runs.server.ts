/**
 * The project page's data: pages of runs for a view (filter, search, sort), group aggregates, and
 * the fields the project's runs carry (for the column chooser and the filter builder). Every query
 * goes through the run query engine (server/query), so the table, the API and report panels agree
 * on which runs a view selects. A project that does not exist yet in a team the user belongs to is
 * "pending" (its first run will create it), not a 404.
 */
import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { runs } from "../../db/schema";
import { findRuns } from "../../server/query/findRuns";
import { groupRuns, type GroupedRuns } from "../../server/query/groupRuns";
import type { User } from "../../server/services/accounts";
import { resolveProject } from "../../server/services/projects";
import { runView, type LoadedRun } from "../../server/services/runs";
import { teamForUser } from "../../server/services/teams";
import { columnValue, isNumericField } from "~/lib/run-columns";
import type { RunRow } from "~/lib/runs";
import { viewRunQuery, type FilterInput, type RunView } from "~/lib/run-view";
import { isServiceError } from "~/utils/errors.server";

/** Rows of a run, as every runs table needs them; `columns` adds those fields' values to `values`. */
export function toRunRow(run: LoadedRun, columns: readonly string[] = []): RunRow {
  const v = runView(run, "");
  const values: Record<string, unknown> = {};
  for (const c of columns) {
    const value = columnValue(v, c);
    if (value !== undefined) values[c] = value;
  }
  return {
    id: v.id, name: v.name, displayName: v.displayName, state: v.state, createdAt: v.createdAt,
    heartbeatAt: v.heartbeatAt, finishedAt: v.finishedAt, lastStep: v.lastStep, exitCode: v.exitCode,
    summary: v.summary, tags: v.tags, group: v.group, jobType: v.jobType, values,
  };
}

/** A page of a view's runs. */
export interface RunsPage {
  rows: RunRow[];
  total: number | null;
  nextCursor: string | null;
}

/** A query the engine refused, shown beside the filter instead of failing the page. */
export interface QueryProblem {
  message: string;
  path: string | null;
}

/** Either an answer, or the 400 the run query engine gave for this view. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: QueryProblem };

async function checked<T>(work: () => Promise<T>): Promise<Checked<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (isServiceError(error) && error.status === 400) return { ok: false, problem: { message: error.message, path: error.path ?? null } };
    throw error;
  }
}

/** One page of the runs `view` selects in `project` ("team/name"), with `columns`' values. */
export function loadRunsPage(
  db: Db, user: User, project: string, view: RunView, columns: readonly string[],
  opts: { cursor?: string | null; limit: number; filter?: FilterInput | null; dbKind?: "postgres" | "pglite" },
): Promise<Checked<RunsPage>> {
  return checked(async () => {
    const found = await findRuns(db, user, viewRunQuery(view, project, { filter: opts.filter, limit: opts.limit, cursor: opts.cursor }), { dbKind: opts.dbKind });
    return { rows: found.runs.map((r) => toRunRow(r, columns)), total: found.total ?? null, nextCursor: found.nextCursor };
  });
}

/** Groups of `view.groupBy` with statistics of each numeric column. */
export function loadRunGroups(db: Db, user: User, project: string, view: RunView, columns: readonly string[], dbKind?: "postgres" | "pglite"): Promise<Checked<GroupedRuns>> {
  const numeric = columns.filter(isNumericField).slice(0, 50);
  return checked(() => groupRuns(db, user, { ...viewRunQuery(view, project, { limit: 1000 }), sort: undefined, groupBy: view.groupBy }, numeric, { dbKind }));
}

/** A field the project's runs carry, with how many of the sampled runs have it. */
export interface ProjectField {
  field: string;
  count: number;
  /** Whether every sampled value is a number. */
  numeric: boolean;
  /** Distinct values seen (at most a few), for the filter builder's suggestions. */
  examples: string[];
}

/** What the newest runs carry: config paths and summary keys, most common first. */
export interface ProjectFields {
  sampled: number;
  config: ProjectField[];
  summary: ProjectField[];
}

const SAMPLE = 500;
const MAX_FIELDS = 400;
const MAX_DEPTH = 4;

/**
 * Config paths (leaves, up to 4 levels deep) and summary keys of the newest runs of a project the
 * user can read. Sampling keeps this cheap on big projects; the chooser also accepts any typed field.
 */
export async function loadProjectFields(db: Db, user: User, project: string): Promise<ProjectFields> {
  const ref = await resolveProject(db, user, project, { create: false });
  const sample = await db.select({ config: runs.config, summary: runs.summary }).from(runs).where(eq(runs.projectId, ref.id)).orderBy(desc(runs.seq)).limit(SAMPLE);
  const config = new Map<string, { count: number; numeric: boolean; examples: Set<string> }>();
  const summary = new Map<string, { count: number; numeric: boolean; examples: Set<string> }>();
  const note = (map: typeof config, field: string, value: unknown) => {
    if (!map.has(field) && map.size >= MAX_FIELDS) return;
    const entry = map.get(field) ?? { count: 0, numeric: true, examples: new Set<string>() };
    entry.count++;
    if (typeof value !== "number" && !(typeof value === "string" && /^-?Infinity$|^NaN$/.test(value))) entry.numeric = false;
    if (entry.examples.size < 8 && (typeof value === "string" || typeof value === "number" || typeof value === "boolean")) entry.examples.add(String(value));
    map.set(field, entry);
  };
  const walk = (value: unknown, path: string[]) => {
    if (typeof value === "object" && value !== null && !Array.isArray(value) && path.length < MAX_DEPTH) {
      for (const [k, v] of Object.entries(value)) if (k && !k.includes(".")) walk(v, [...path, k]);
    } else if (path.length > 0) note(config, `config.${path.join(".")}`, value);
  };
  for (const row of sample) {
    walk(row.config, []);
    for (const [k, v] of Object.entries(row.summary ?? {})) if (k && !k.includes(".")) note(summary, `summary.${k}`, v);
  }
  const list = (map: typeof config): ProjectField[] =>
    [...map].map(([field, e]) => ({ field, count: e.count, numeric: e.numeric, examples: [...e.examples] })).sort((a, b) => b.count - a.count || a.field.localeCompare(b.field));
  return { sampled: sample.length, config: list(config), summary: list(summary) };
}

/** Whether the project exists for `user`; a missing project in one of the user's teams is pending. */
export async function projectStatus(db: Db, user: User, team: string, project: string): Promise<{ status: "ready" | "pending"; team: string; project: string }> {
  try {
    const ref = await resolveProject(db, user, `${team}/${project}`, { create: false });
    return { status: "ready", team: ref.teamSlug, project: ref.name };
  } catch (error) {
    // A 404 after the name validated: the project is missing or hidden. Members may see it pending.
    if (!isServiceError(error) || error.status !== 404) throw error;
    const t = await teamForUser(db, user, team);
    return { status: "pending", team: t.slug, project };
  }
}
