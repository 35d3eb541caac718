/**
 * A run's value for a field of the run query language (docs/queries.md): `config.a.b` and
 * `summary.loss` are dot paths into the JSON (each segment a key or an array index), the rest are
 * the run's own columns. Panels read runs already fetched, so this mirrors the server's field
 * names on the client; an unknown field or a missing path is `undefined`.
 */
import type { ApiRun } from "./run-set-cache";

function atPath(root: unknown, path: string[]): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== "object" || v === null) return undefined;
    // Own keys only: a config may well contain "__proto__" or "constructor" as data.
    if (!Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** The value of `field` for `run`, or undefined when the run lacks it. */
export function getField(run: ApiRun, field: string): unknown {
  if (field.startsWith("config.")) return atPath(run.config, field.slice("config.".length).split("."));
  if (field.startsWith("summary.")) return atPath(run.summary, field.slice("summary.".length).split("."));
  switch (field) {
    case "id": return run.id;
    case "name": return run.name;
    case "displayName": return run.displayName ?? run.name;
    case "state": return run.state;
    case "tags": return run.tags;
    case "group": return run.group ?? undefined;
    case "jobType": return run.jobType ?? undefined;
    case "project": return run.project;
    case "createdAt": return run.createdAt;
    case "heartbeatAt": return run.heartbeatAt;
    case "finishedAt": return run.finishedAt ?? undefined;
    case "lastStep": return run.lastStep ?? undefined;
    case "duration": {
      const end = Date.parse(run.finishedAt ?? run.heartbeatAt);
      const start = Date.parse(run.createdAt);
      return Number.isFinite(end - start) ? (end - start) / 1000 : undefined;
    }
    default: return undefined;
  }
}

/** A field value as a finite number, or null (strings such as "NaN", objects, missing). */
export function toFiniteNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** What people see for a run: its display name, or its name. */
export function runLabel(run: Pick<ApiRun, "name" | "displayName">): string {
  return run.displayName || run.name;
}

/** The short label of a field (`config.lr` → `lr`), for axis titles and headers. */
export function fieldLabel(field: string): string {
  if (field.startsWith("config.")) return field.slice(7);
  if (field.startsWith("summary.")) return field.slice(8);
  return field;
}
