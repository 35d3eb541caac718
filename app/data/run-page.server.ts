/** The run page's data: the run (404 unless the user can see it), its metric keys, notes and patch. */
import type { Db } from "../../db/client";
import type { User } from "../../server/services/accounts";
import { loadRun, patchRun, runKeys, runView, type LoadedRun } from "../../server/services/runs";
import { notFound } from "../../server/services/ServiceError";
import { summarizePatch } from "~/lib/patch-diff";
import type { RunDetail } from "~/lib/runs";
import { toRunRow } from "./project-runs.server";

/** A logged metric with its latest point. */
export interface MetricRow {
  key: string;
  lastStep: number;
  lastValue: number | string;
}

/** The run page's data, or the canonical path when the URL names another project. */
export type RunPage = { run: RunDetail; metrics: MetricRow[] } | { canonical: string };

const encodeValue = (v: number): number | string => (Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");

const runPath = (loaded: LoadedRun, runId: string) =>
  `/${encodeURIComponent(loaded.project.teamSlug)}/${encodeURIComponent(loaded.project.name)}/runs/${encodeURIComponent(runId)}`;

/** Loads a run for the page at `/{team}/{project}/runs/{id}`. */
export async function loadRunPage(db: Db, user: User, team: string, project: string, runId: string): Promise<RunPage> {
  const loaded = await loadRun(db, user, runId);
  if (loaded.project.teamSlug !== team || loaded.project.name !== project) return { canonical: runPath(loaded, runId) };
  const v = runView(loaded, "");
  const keys = await runKeys(db, loaded);
  const { dirtyPatch, ...git } = v.git ?? {};
  // The page refreshes its data about once a second while the run logs: it carries the patch's
  // first lines and per-file counts, never the whole (up to 5 MB) patch.
  const patch = dirtyPatch ? summarizePatch(dirtyPatch) : undefined;
  return {
    run: {
      ...toRunRow(loaded),
      project: v.project, config: v.config, notes: v.notes, host: v.host, command: v.command, runtime: v.runtime,
      git: v.git ? { ...git, ...(patch ? { patchLines: patch.totalLines, patch } : {}) } : null,
    },
    metrics: keys.map((k) => ({ key: k.name, lastStep: Number(k.last_step), lastValue: encodeValue(Number(k.last_value)) })),
  };
}

/** The run at this URL, or a 404 (also when the URL names another project). */
async function runAt(db: Db, user: User, team: string, project: string, runId: string): Promise<LoadedRun> {
  const loaded = await loadRun(db, user, runId);
  if (loaded.project.teamSlug !== team || loaded.project.name !== project) throw notFound("Run");
  return loaded;
}

/** A run's whole recorded patch ("" when none), for the page's "Show all". */
export async function loadRunPatch(db: Db, user: User, team: string, project: string, runId: string): Promise<string> {
  const loaded = await runAt(db, user, team, project, runId);
  return loaded.row.git?.dirtyPatch ?? "";
}

/**
 * Replaces a run's notes (empty clears them) through the same service as `PATCH /api/v1/runs/{id}`.
 * `loadRun` admits members of the run's team (and site admins) only; others get a 404.
 */
export async function saveRunNotes(db: Db, user: User, team: string, project: string, runId: string, notes: string): Promise<string | null> {
  const loaded = await runAt(db, user, team, project, runId);
  const saved = await patchRun(db, loaded, { notes: notes.trim() === "" ? null : notes });
  return saved.row.notes;
}
