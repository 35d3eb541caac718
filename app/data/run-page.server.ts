/** The run page's data: the run (404 unless the user can see it) and its metric keys. */
import type { Db } from "../../db/client";
import type { User } from "../../server/services/accounts";
import { loadRun, runKeys, runView } from "../../server/services/runs";
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

/** Loads a run for the page at `/{team}/{project}/runs/{id}`. */
export async function loadRunPage(db: Db, user: User, team: string, project: string, runId: string): Promise<RunPage> {
  const loaded = await loadRun(db, user, runId);
  if (loaded.project.teamSlug !== team || loaded.project.name !== project) {
    return { canonical: `/${encodeURIComponent(loaded.project.teamSlug)}/${encodeURIComponent(loaded.project.name)}/runs/${encodeURIComponent(runId)}` };
  }
  const v = runView(loaded, "");
  const keys = await runKeys(db, loaded);
  const { dirtyPatch, ...git } = v.git ?? {};
  return {
    run: {
      ...toRunRow(loaded),
      project: v.project, config: v.config, notes: v.notes, host: v.host, command: v.command, runtime: v.runtime,
      git: v.git ? { ...git, ...(dirtyPatch ? { patchLines: dirtyPatch.split("\n").length } : {}) } : null,
    },
    metrics: keys.map((k) => ({ key: k.name, lastStep: Number(k.last_step), lastValue: encodeValue(Number(k.last_value)) })),
  };
}
