/**
 * `folio import FILE --project P`: uploads a metrics file as a run.
 *
 * The file is read twice, streaming: a validation pass that reports every problem with its
 * line (so a bad file writes nothing), then the upload in batches. A re-run with the same
 * `--run` is safe: points with the same (key, step) replace each other.
 */
import { stat } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { FolioClient } from "../client";
import { FolioApiError } from "../errors";
import { generateRunId } from "../generateRunId";
import { detectFormat, readMetricRows, type MetricFileFormat } from "../importers/readMetricRows";
import { countPoints, sendHistory } from "../sendHistory";
import type { HistoryRow, RunInfo } from "../types";
import { withRetry } from "../withRetry";
import type { CliContext } from "./CliContext";
import { UsageError, type Command } from "./Command";
import { clientFromFlags, retryPolicyFromEnv, serverOptions } from "./clientFromFlags";
import { formatBytes, formatCount, formatDuration } from "./format";
import { ProgressBar } from "./ProgressBar";

/** Problems listed before giving up on a file. */
const MAX_REPORTED_ERRORS = 20;
/** Points per upload request. */
const BATCH_POINTS = 20_000;

/** `folio import FILE --project P [--run ID] [--name N]`. */
export const importCommand: Command = {
  name: "import",
  summary: "upload a CSV or JSONL metrics file as a run",
  usage: `Usage: folio import FILE --project P [--run ID] [--name N] [--format csv|tsv|jsonl]

Uploads metric history from FILE into a new run (or into run ID, created if missing).
The whole file is checked first; nothing is written unless every line is valid.

CSV (or TSV): a header "step,[time,]key1,key2,..." then one line per step. An empty
cell means no value; nan/inf/-inf are accepted; time is epoch seconds or an ISO date.
  step,time,loss,acc
  0,1732300000.5,2.31,0.10
  1,,2.05,

JSONL: one object per line, nested or flat:
  {"step": 0, "time": 1732300000.5, "metrics": {"loss": 2.31, "acc": 0.1}}
  {"step": 1, "loss": 2.05}

Options:
  --project P   "team/project", or a project of your personal team (required)
  --run ID      run id to create or add to (default: a new random id)
  --name N      run name (default: the file name)
  --format F    csv, tsv or jsonl (default: from the extension, else sniffed)
  --url URL     server URL (default: FOLIO_URL, then \`folio login\`)
  --key KEY     API key (default: FOLIO_API_KEY, then \`folio login\`)`,

  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        project: { type: "string" },
        run: { type: "string" },
        name: { type: "string" },
        format: { type: "string" },
        ...serverOptions,
      },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? "give exactly one FILE" : "missing FILE");
    if (!values.project) throw new UsageError("--project is required");
    if (values.run !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(values.run)) {
      throw new UsageError("--run must be 1–64 characters [A-Za-z0-9_-]");
    }
    if (values.format !== undefined && !["csv", "tsv", "jsonl"].includes(values.format)) {
      throw new UsageError(`--format must be csv, tsv or jsonl, got "${values.format}"`);
    }
    const display = positionals[0]!;
    const path = resolve(ctx.cwd, display);
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error(`${display} is not a file`);
      size = info.size;
    } catch (error) {
      throw (error as NodeJS.ErrnoException).code === "ENOENT" ? new Error(`${display}: no such file`) : error;
    }
    const format = (values.format as MetricFileFormat | undefined) ?? (await detectFormat(path));
    // Resolve the server before reading a large file, so a missing login fails fast.
    const client = await clientFromFlags(values, ctx);

    const checked = await validate(path, display, format, size, ctx);
    if (checked.errors.length > 0) {
      for (const error of checked.errors) ctx.stderr.write(`${error}\n`);
      const more = checked.stoppedEarly ? ` (stopped after ${MAX_REPORTED_ERRORS})` : "";
      ctx.stderr.write(`${display}: ${checked.errors.length} problem${checked.errors.length === 1 ? "" : "s"}${more}; nothing was uploaded\n`);
      return 1;
    }
    if (checked.points === 0) {
      ctx.stderr.write(`${display}: no metric values found; nothing was uploaded\n`);
      return 1;
    }

    const runId = values.run ?? generateRunId();
    const retry = retryPolicyFromEnv(ctx.env);
    const before = values.run ? await withRetry(() => existingRun(client, runId), retry) : null;
    const created = await withRetry(
      () =>
        client.createRun({
          project: values.project!,
          id: runId,
          ...(values.name || !before ? { name: values.name ?? basename(display, extname(display)) } : {}),
          ...(before ? {} : { jobType: "import", command: `folio import ${basename(display)}` }),
        }),
      retry,
    );

    const uploaded = await upload(client, runId, path, display, format, size, checked.points, retry, ctx);
    // Leave a run that was live as it was; otherwise the import is complete, so finish it.
    if (!before || before.state !== "running") {
      await withRetry(() => client.finishRun(runId, before?.exitCode ?? 0), retry);
    }
    ctx.stderr.write(
      `${created.resumed ? "Added" : "Imported"} ${formatCount(uploaded)} points (${formatCount(checked.rows)} steps) ` +
        `${created.resumed ? "to" : "as"} run ${runId}\n`,
    );
    ctx.stdout.write(`${created.url}\n`);
    return 0;
  },
};

interface Checked {
  rows: number;
  points: number;
  errors: string[];
  stoppedEarly: boolean;
}

async function validate(path: string, display: string, format: MetricFileFormat, size: number, ctx: CliContext): Promise<Checked> {
  const bar = new ProgressBar(ctx.stderr, { label: "checking ", intervalMs: ctx.progressIntervalMs });
  const checked: Checked = { rows: 0, points: 0, errors: [], stoppedEarly: false };
  let bytes = 0;
  for await (const line of readMetricRows(path, format, display)) {
    bytes = line.end;
    if (line.error) {
      checked.errors.push(line.error.message);
      if (checked.errors.length >= MAX_REPORTED_ERRORS) {
        checked.stoppedEarly = true;
        break;
      }
    } else if (line.row && Object.keys(line.row.metrics).length > 0) {
      checked.rows++;
      checked.points += Object.keys(line.row.metrics).length;
    }
    bar.update(size ? bytes / size : 1, `${formatBytes(bytes)}/${formatBytes(size)}  ${formatCount(checked.points)} points`);
  }
  bar.done(size ? bytes / size : 1, `${formatBytes(bytes)}/${formatBytes(size)}  ${formatCount(checked.points)} points`);
  return checked;
}

async function upload(
  client: FolioClient,
  runId: string,
  path: string,
  display: string,
  format: MetricFileFormat,
  size: number,
  totalPoints: number,
  retry: { budgetMs: number },
  ctx: CliContext,
): Promise<number> {
  const bar = new ProgressBar(ctx.stderr, { label: "uploading", intervalMs: ctx.progressIntervalMs });
  let batch: HistoryRow[] = [];
  let batchPoints = 0;
  let sent = 0;
  let bytes = 0;
  const detail = () => {
    const rate = sent / Math.max(bar.elapsedSeconds, 0.001);
    return `${formatBytes(bytes)}/${formatBytes(size)}  ${formatCount(sent)}/${formatCount(totalPoints)} points  ${formatCount(rate)} points/s`;
  };
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      sent += await sendHistory(client, runId, batch, { retry });
    } catch (error) {
      bar.clear();
      const hint =
        error instanceof FolioApiError && !error.retryable
          ? ""
          : ` Run the same command with --run ${runId} to finish the upload (re-sent points replace themselves).`;
      throw new Error(`upload stopped after ${formatCount(sent)} of ${formatCount(totalPoints)} points: ${(error as Error).message}.${hint}`, { cause: error });
    }
    batch = [];
    batchPoints = 0;
    bar.update(size ? bytes / size : 1, detail());
  };
  for await (const line of readMetricRows(path, format, display)) {
    // The file changed between the passes: refuse rather than upload unchecked data.
    if (line.error) throw line.error;
    bytes = line.end;
    if (!line.row || Object.keys(line.row.metrics).length === 0) continue;
    batch.push(line.row);
    batchPoints += countPoints([line.row]);
    if (batchPoints >= BATCH_POINTS) await flush();
  }
  await flush();
  bar.done(1, `${detail()}  in ${formatDuration(bar.elapsedSeconds)}`);
  return sent;
}

/** The run with this id, or null when there is none yet (to decide how to leave it). */
async function existingRun(client: FolioClient, runId: string): Promise<RunInfo | null> {
  try {
    return await client.getRun(runId);
  } catch (error) {
    if (error instanceof FolioApiError && error.status === 404) return null;
    throw error;
  }
}
