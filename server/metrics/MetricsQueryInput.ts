/** The request body of `POST /api/v1/metrics/query` (docs/metrics-query.md), validated with zod. */
import { z } from "zod";
import { RunId } from "../services/runs";

/** Point budget per series when the request names none. */
export const DEFAULT_POINTS = 1000;

const KeyName = z.string().min(1, "is required").max(256, "must be at most 256 characters");

const XAxis = z.union([
  z.enum(["step", "wallTime", "relativeTime"]),
  z.object({ metric: KeyName }).strict(),
  // Any other string names a metric; `{ metric }` is for a metric called "step" and the like.
  KeyName.transform((metric) => ({ metric })),
]);

/** A validated x-axis: one of the three built-ins or a metric plotted against the y metric. */
export type XAxis = "step" | "wallTime" | "relativeTime" | { metric: string };

/** Most runs one `until` may list (as many as one query may read). */
export const MAX_UNTIL_RUNS = 1000;

const LastStep = z
  .number({ invalid_type_error: "must be a step number" })
  .int("must be an integer")
  .min(-1, "must be ≥ -1 (-1: no points)")
  .max(Number.MAX_SAFE_INTEGER);

/**
 * `until: { [runId]: lastStep }`, a frozen run set (docs/decisions/011-panel-data.md). Checked entry
 * by entry rather than with z.record, which rebuilds the object and would turn a run id such as
 * "__proto__" (a valid id) into a prototype; the result is a Map.
 */
const Until = z
  .custom<Record<string, unknown>>((v) => typeof v === "object" && v !== null && !Array.isArray(v), "must be an object of run id → last step")
  .superRefine((o, ctx) => {
    const entries = Object.entries(o);
    if (entries.length > MAX_UNTIL_RUNS) ctx.addIssue({ code: "custom", message: `lists ${entries.length} runs; at most ${MAX_UNTIL_RUNS}` });
    for (const [id, step] of entries) {
      const idOk = RunId.safeParse(id);
      if (!idOk.success) ctx.addIssue({ code: "custom", path: [id], message: `not a run id: ${idOk.error.issues[0].message}` });
      const stepOk = LastStep.safeParse(step);
      if (!stepOk.success) ctx.addIssue({ code: "custom", path: [id], message: stepOk.error.issues[0].message });
    }
  })
  .transform((o) => new Map(Object.entries(o) as Array<[string, number]>));

const Group = z.object({ name: z.string().min(1).max(256), runs: z.array(RunId).min(1).max(1000) }).strict();

/** The request body: runs (ids, a run query or explicit groups), keys, x-axis, x-range, budget. */
export const MetricsQueryInput = z
  .object({
    runs: z.array(RunId, { invalid_type_error: "must be an array of run ids" }).min(1).max(1000).optional(),
    runQuery: z.record(z.unknown()).optional(),
    keys: z.array(KeyName).min(1).max(100).optional(),
    keysRegex: z.string().min(1).max(1000).optional(),
    x: XAxis.default("step"),
    xRange: z
      .tuple([z.number().finite(), z.number().finite()])
      .refine(([lo, hi]) => lo <= hi, "min must be at most max")
      .optional(),
    points: z.number().int().min(8, "must be at least 8").max(100_000).default(DEFAULT_POINTS),
    groupBy: z.object({ groups: z.array(Group).min(1).max(100) }).strict().optional(),
    until: Until.optional(),
    /** On the step axis, leave each series' `x` out: it repeats `step` (a fifth of the answer). */
    omitStepX: z.boolean().optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!q.keys && !q.keysRegex) ctx.addIssue({ code: "custom", path: ["keys"], message: "give `keys` or `keysRegex`" });
    if (q.keys && q.keysRegex) ctx.addIssue({ code: "custom", path: ["keysRegex"], message: "give either `keys` or `keysRegex`, not both" });
    const sources = [q.runs, q.runQuery, q.groupBy].filter((s) => s !== undefined).length;
    if (sources === 0) ctx.addIssue({ code: "custom", path: ["runs"], message: "give `runs`, `runQuery` or `groupBy.groups`" });
    if (q.groupBy && (q.runs || q.runQuery)) ctx.addIssue({ code: "custom", path: ["groupBy"], message: "explicit groups name their runs: drop `runs` / `runQuery`" });
    if (q.runs && q.runQuery) ctx.addIssue({ code: "custom", path: ["runQuery"], message: "give either `runs` or `runQuery`, not both" });
  });

/** A validated metrics query. */
export type MetricsQuery = z.infer<typeof MetricsQueryInput>;
