/**
 * Legend templates of line plots: `${run:name}`, `${run:id}` (or any run field, `${run:state}`),
 * `${config:lr}`, `${summary:loss}` (dot paths allowed), `${group}` and `${metric}`. A placeholder
 * whose value is missing becomes empty text; an unknown placeholder too. The result is plain text:
 * the trace builder escapes it for plotly.
 */
import { formatValue } from "../format";
import { getField, runLabel } from "./get-field";
import type { ApiRun } from "./run-set-cache";

/** What a placeholder may read. */
export interface LegendContext {
  run?: ApiRun;
  group?: string;
  metric?: string;
}

const PLACEHOLDER = /\$\{([a-z]+)(?::([^}]*))?\}/g;

function text(value: unknown): string {
  return value === undefined || value === null ? "" : formatValue(value);
}

/** `template` with its placeholders filled from `ctx`; see the module comment. */
export function legendText(template: string, ctx: LegendContext): string {
  return template.replace(PLACEHOLDER, (_all, scope: string, path: string | undefined) => {
    const { run } = ctx;
    switch (scope) {
      case "group": return ctx.group ?? "";
      case "metric": return ctx.metric ?? "";
      case "run":
        if (!run || !path) return "";
        return path === "name" ? runLabel(run) : text(getField(run, path));
      case "config":
      case "summary":
        return run && path ? text(getField(run, `${scope}.${path}`)) : "";
      default: return "";
    }
  });
}
