/** Runs: create / resume, update, finish, heartbeat, read, list, and the crash sweep. */
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "../../db/client";
import { metricKeys, projects, runs, teams, type RunState } from "../../db/schema";
import type { User } from "./accounts";
import { notifyRuns } from "./feedMessages";
import { runName } from "./ids";
import { textArray } from "./pgArray";
import { canAccessTeam, resolveProject, type ProjectRef } from "./projects";
import { conflict, notFound, parseInput } from "./ServiceError";

export const RunId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "use 1–64 characters: letters, digits, '_' and '-'");
// Not z.record: it rebuilds the object and drops a "__proto__" key; JSON objects are stored as sent.
const JsonObject = z.custom<Record<string, unknown>>(
  (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  "must be a JSON object",
);
const Text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

export const CreateRunInput = z.object({
  project: z.string(),
  id: RunId.optional(),
  name: Text(128).min(1).optional(),
  displayName: Text(256).optional(),
  config: JsonObject.optional(),
  tags: z.array(Text(64).min(1)).max(100).optional(),
  group: Text(128).optional(),
  jobType: Text(64).optional(),
  notes: Text(100_000).optional(),
  host: Text(255).optional(),
  command: Text(8192).optional(),
  git: z.object({ remote: Text(2048).optional(), commit: Text(64).optional(), dirtyPatch: Text(5_000_000).optional() }).optional(),
  runtime: z.record(Text(256)).optional(),
});

export const PatchRunInput = z
  .object({
    name: Text(128).min(1),
    displayName: Text(256).nullable(),
    config: JsonObject,
    summary: JsonObject,
    tags: z.array(Text(64).min(1)).max(100),
    notes: Text(100_000).nullable(),
    group: Text(128).nullable(),
    jobType: Text(64).nullable(),
  })
  .partial()
  .strict();

export const FinishRunInput = z.object({ exitCode: z.number().int().min(-2147483648).max(2147483647).nullable().optional() }).strict();

/** A run as the API returns it. */
export interface RunView {
  id: string;
  project: string;
  name: string;
  displayName: string | null;
  state: RunState;
  config: Record<string, unknown>;
  summary: Record<string, unknown>;
  tags: string[];
  group: string | null;
  jobType: string | null;
  notes: string | null;
  host: string | null;
  command: string | null;
  git: { remote?: string; commit?: string; dirtyPatch?: string } | null;
  runtime: Record<string, string> | null;
  createdAt: string;
  heartbeatAt: string;
  finishedAt: string | null;
  exitCode: number | null;
  lastStep: number | null;
  url: string;
}

type RunRow = typeof runs.$inferSelect;

/** A run row with what access checks and URLs need. */
export interface LoadedRun {
  row: RunRow;
  project: ProjectRef;
}

/** Formats a run for the API. */
export function runView(r: LoadedRun, baseUrl: string): RunView {
  const { row, project } = r;
  return {
    id: row.id, project: project.path, name: row.name, displayName: row.displayName, state: row.state,
    config: row.config, summary: row.summary, tags: row.tags, group: row.group, jobType: row.jobType,
    notes: row.notes, host: row.host, command: row.command, git: row.git ?? null, runtime: row.runtime ?? null,
    createdAt: row.createdAt.toISOString(), heartbeatAt: row.heartbeatAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null, exitCode: row.exitCode, lastStep: row.lastStep,
    url: runUrl(baseUrl, project, row.id),
  };
}

/** The browser URL of a run page. */
export const runUrl = (baseUrl: string, project: ProjectRef, runId: string) =>
  `${baseUrl}/${encodeURIComponent(project.teamSlug)}/${encodeURIComponent(project.name)}/runs/${encodeURIComponent(runId)}`;

/** Creates a run, or resumes the run with the same id in the same project. */
export async function createOrResumeRun(db: Db, user: User, input: unknown): Promise<{ run: LoadedRun; resumed: boolean }> {
  const body = parseInput(CreateRunInput, input);
  const project = await resolveProject(db, user, body.project, { create: true });
  const id = body.id ?? randomRunId();
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(runs)
      .values({
        id, projectId: project.id, createdBy: user.id, name: body.name ?? runName(), displayName: body.displayName ?? null,
        config: body.config ?? {}, tags: body.tags ?? [], group: body.group ?? null, jobType: body.jobType ?? null,
        notes: body.notes ?? null, host: body.host ?? null, command: body.command ?? null, git: body.git ?? null,
        runtime: body.runtime ?? null,
      })
      .onConflictDoNothing({ target: runs.id })
      .returning();
    if (inserted.length === 1) {
      await notifyRuns(tx, project.id, [id], "created");
      return { run: { row: inserted[0], project }, resumed: false };
    }
    const [existing] = await tx.select().from(runs).where(eq(runs.id, id)).for("update");
    if (existing.projectId !== project.id) throw conflict(`Run id "${id}" is already used in another project`);
    const [row] = await tx
      .update(runs)
      .set({
        state: "running", heartbeatAt: new Date(), finishedAt: null, exitCode: null,
        ...(body.name !== undefined && { name: body.name }),
        ...(body.displayName !== undefined && { displayName: body.displayName }),
        ...(body.config !== undefined && { config: sql`${runs.config} || ${JSON.stringify(body.config)}::jsonb` }),
        ...(body.tags !== undefined && { tags: body.tags }),
        ...(body.group !== undefined && { group: body.group }),
        ...(body.jobType !== undefined && { jobType: body.jobType }),
        ...(body.notes !== undefined && { notes: body.notes }),
        ...(body.host !== undefined && { host: body.host }),
        ...(body.command !== undefined && { command: body.command }),
        ...(body.git !== undefined && { git: body.git }),
        ...(body.runtime !== undefined && { runtime: body.runtime }),
      })
      .where(eq(runs.seq, existing.seq))
      .returning();
    await notifyRuns(tx, project.id, [id], "state");
    return { run: { row, project }, resumed: true };
  });
}

function randomRunId(): string {
  // 8 chars of [a-z0-9], like the clients generate: ~41 bits, ample per instance.
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => alphabet[b % 36]).join("");
}

/** Loads a run the user may access; 404 otherwise (existence is not revealed). */
export async function loadRun(db: Db, user: User, runId: string): Promise<LoadedRun> {
  if (!RunId.safeParse(runId).success) throw notFound("Run");
  const [r] = await db
    .select({ row: runs, projectName: projects.name, teamId: teams.id, teamSlug: teams.slug })
    .from(runs)
    .innerJoin(projects, eq(projects.id, runs.projectId))
    .innerJoin(teams, eq(teams.id, projects.teamId))
    .where(eq(runs.id, runId));
  if (!r || !(await canAccessTeam(db, user, r.teamId))) throw notFound("Run");
  return {
    row: r.row,
    project: { id: r.row.projectId, name: r.projectName, teamId: r.teamId, teamSlug: r.teamSlug, path: `${r.teamSlug}/${r.projectName}` },
  };
}

/** Applies a PATCH: config / summary merge key by key (null deletes), other fields replace. */
export async function patchRun(db: Db, run: LoadedRun, input: unknown): Promise<LoadedRun> {
  const body = parseInput(PatchRunInput, input ?? {});
  const merge = (col: typeof runs.config | typeof runs.summary, patch: Record<string, unknown>) => {
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null));
    const del = Object.keys(patch).filter((k) => patch[k] === null);
    return sql`(${col} || ${JSON.stringify(set)}::jsonb) - ${textArray(del)}::text[]`;
  };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(runs)
      .set({
        ...(body.name !== undefined && { name: body.name }),
        ...(body.displayName !== undefined && { displayName: body.displayName }),
        ...(body.tags !== undefined && { tags: body.tags }),
        ...(body.notes !== undefined && { notes: body.notes }),
        ...(body.group !== undefined && { group: body.group }),
        ...(body.jobType !== undefined && { jobType: body.jobType }),
        ...(body.config && { config: merge(runs.config, body.config) }),
        ...(body.summary && { summary: merge(runs.summary, body.summary) }),
      })
      .where(eq(runs.seq, run.row.seq))
      .returning();
    await notifyRuns(tx, run.project.id, [run.row.id], "state");
    return { row, project: run.project };
  });
}

/** Marks a run finished (exit code 0 or none) or failed. */
export async function finishRun(db: Db, run: LoadedRun, input: unknown): Promise<LoadedRun> {
  const { exitCode } = parseInput(FinishRunInput, input ?? {});
  const state: RunState = exitCode == null || exitCode === 0 ? "finished" : "failed";
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(runs)
      .set({ state, exitCode: exitCode ?? null, finishedAt: new Date(), heartbeatAt: new Date() })
      .where(eq(runs.seq, run.row.seq))
      .returning();
    await notifyRuns(tx, run.project.id, [run.row.id], "state");
    return { row, project: run.project };
  });
}

/** Records a heartbeat; a crashed run that beats again is running. */
export async function heartbeat(db: Db, run: LoadedRun): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ state: runs.state }).from(runs).where(eq(runs.seq, run.row.seq)).for("update");
    await tx
      .update(runs)
      .set({ heartbeatAt: new Date(), state: sql`case when ${runs.state} = 'crashed' then 'running' else ${runs.state} end` })
      .where(eq(runs.seq, run.row.seq));
    if (before?.state === "crashed") await notifyRuns(tx, run.project.id, [run.row.id], "state");
  });
}

export const ListRunsQuery = z.object({
  project: z.string({ required_error: "is required" }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().regex(/^\d+$/, "is not a valid cursor").optional(),
});

/** Runs of a project, newest first, keyset-paged by internal sequence. */
export async function listRuns(db: Db, user: User, query: unknown): Promise<{ project: ProjectRef; runs: LoadedRun[]; nextCursor: string | null }> {
  const q = parseInput(ListRunsQuery, query);
  const project = await resolveProject(db, user, q.project);
  const where = q.cursor ? and(eq(runs.projectId, project.id), lt(runs.seq, Number(q.cursor))) : eq(runs.projectId, project.id);
  const found = await db.select().from(runs).where(where).orderBy(desc(runs.seq)).limit(q.limit + 1);
  const page = found.slice(0, q.limit);
  return {
    project,
    runs: page.map((row) => ({ row, project })),
    nextCursor: found.length > q.limit ? String(page[page.length - 1].seq) : null,
  };
}

export const HistoryQuery = z.object({
  keys: z.string().max(100_000).optional(),
  fromStep: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
});

/** A point as the API returns it: non-finite values as strings. */
export interface PointView {
  key: string;
  step: number;
  time: number;
  value: number | "NaN" | "Infinity" | "-Infinity";
}

const encodeValue = (v: number): PointView["value"] =>
  Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";

/** Exact points of a run, ordered by step then key; pages never split a step. */
export async function readHistory(db: Db, run: LoadedRun, query: unknown): Promise<{ points: PointView[]; nextFromStep: number | null }> {
  const q = parseInput(HistoryQuery, query);
  const names = q.keys ? q.keys.split(",").map((k) => k.trim()).filter(Boolean) : null;
  const keyFilter = names
    ? sql`and k.name = any(${textArray(names)}::text[])`
    : sql``;
  const select = (fromStep: number, extra: ReturnType<typeof sql>, limit: number | null) => rows<{ key: string; step: number; time: number; value: number }>(
    db,
    sql`select k.name as key, p.step::float8 as step, p.wall_time as time, p.value
        from metric_points p join metric_keys k on k.id = p.key_id
        where p.run_seq = ${run.row.seq} and p.step >= ${fromStep} ${keyFilter} ${extra}
        order by p.step, k.name ${limit === null ? sql`` : sql`limit ${limit}`}`,
  );
  let found = await select(q.fromStep, sql``, q.limit + 1);
  let nextFromStep: number | null = null;
  if (found.length > q.limit) {
    const cut = found[q.limit].step;
    const complete = found.filter((p) => p.step < cut);
    if (complete.length > 0) {
      found = complete;
      nextFromStep = cut;
    } else {
      // One step holds more points than the page size: return that whole step.
      found = await select(cut, sql`and p.step = ${cut}`, null);
      nextFromStep = cut + 1;
    }
  }
  return { points: found.map((p) => ({ key: p.key, step: Number(p.step), time: Number(p.time), value: encodeValue(Number(p.value)) })), nextFromStep };
}

/** Metric keys a run has logged, with their latest step. */
export async function runKeys(db: Db, run: LoadedRun) {
  return rows<{ name: string; last_step: number; last_value: number }>(
    db,
    sql`select k.name, rm.last_step::float8 as last_step, rm.last_value from run_metrics rm
        join ${metricKeys} k on k.id = rm.key_id where rm.run_seq = ${run.row.seq} order by k.name`,
  );
}

/** Marks running runs without a heartbeat for `timeoutSeconds` as crashed; returns how many. */
export async function sweepCrashedRuns(db: Db, timeoutSeconds: number): Promise<number> {
  return db.transaction(async (tx) => {
    const crashed = await rows<{ id: string; project_id: number }>(
      tx,
      sql`update runs set state = 'crashed'
          where state = 'running' and heartbeat_at < now() - make_interval(secs => ${timeoutSeconds})
          returning id, project_id`,
    );
    const byProject = new Map<number, string[]>();
    for (const r of crashed) byProject.set(r.project_id, [...(byProject.get(r.project_id) ?? []), r.id]);
    for (const [projectId, ids] of byProject) await notifyRuns(tx, projectId, ids, "state");
    return crashed.length;
  });
}

