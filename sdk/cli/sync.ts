/**
 * `folio sync`: uploads what runs spooled while the server was unreachable.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { configDir } from "../configFile";
import { listSpoolFiles, syncSpool } from "../syncSpool";
import { type Command } from "./Command";
import { clientFromFlags, retryPolicyFromEnv, serverOptions } from "./clientFromFlags";
import { formatBytes, formatCount, formatDuration } from "./format";
import { ProgressBar } from "./ProgressBar";
import { describeError } from "./describeError";

/** `folio sync [--dir DIR]`. */
export const syncCommand: Command = {
  name: "sync",
  summary: "upload runs spooled while the server was unreachable",
  usage: `Usage: folio sync [--dir DIR] [--url URL] [--key KEY]

Uploads every spool file (<runId>.jsonl) in DIR, oldest first, and deletes each once the
server has acknowledged all of it. Safe to interrupt and run again: it resumes where it
stopped. Do not run it on a run that is still spooling in another process.

Options:
  --dir DIR   spool directory (default: FOLIO_SPOOL_DIR, else ~/.folio/spool)
  --url URL   server URL (default: FOLIO_URL, then \`folio login\`)
  --key KEY   API key (default: FOLIO_API_KEY, then \`folio login\`)`,

  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { dir: { type: "string" }, ...serverOptions }, strict: true });
    const dir = values.dir ?? ctx.env.FOLIO_SPOOL_DIR ?? join(configDir(ctx.env), "spool");
    const files = await listSpoolFiles(dir);
    if (files.length === 0) {
      ctx.stdout.write(`Nothing to sync in ${dir}\n`);
      return 0;
    }
    const client = await clientFromFlags(values, ctx);
    const total = files.reduce((n, f) => n + f.size, 0);
    ctx.stderr.write(`Syncing ${files.length} run${files.length === 1 ? "" : "s"} (${formatBytes(total)}) from ${dir} to ${client.url}\n`);
    const bar = new ProgressBar(ctx.stderr, { label: "syncing", intervalMs: ctx.progressIntervalMs });
    const detail = (p: { filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number; points: number }) =>
      `${p.filesDone}/${p.filesTotal} runs  ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}  ${formatCount(p.points)} points`;
    const warnings: string[] = [];
    let last = { filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal: total, points: 0 };
    const result = await syncSpool(
      client,
      dir,
      (p) => {
        last = p;
        bar.update(p.bytesTotal ? p.bytesDone / p.bytesTotal : 1, detail(p));
      },
      { retry: retryPolicyFromEnv(ctx.env), warn: (w) => warnings.push(w) },
    );
    bar.done(last.bytesTotal ? last.bytesDone / last.bytesTotal : 1, detail(last));
    for (const warning of warnings) ctx.stderr.write(`warning: ${warning}\n`);

    let synced = 0;
    for (const file of result.files) {
      if (file.status === "synced") {
        synced++;
        ctx.stdout.write(`synced  ${file.runId}  ${formatCount(file.points)} points${file.url ? `  ${file.url}` : ""}\n`);
      } else if (file.status === "kept") {
        ctx.stdout.write(`kept    ${file.runId}  ${formatCount(file.points)} points uploaded; the file is still being written, sync again later\n`);
      } else {
        const where = file.line ? `${file.file}:${file.line}` : file.file;
        const message = describeError(file.error);
        ctx.stdout.write(`failed  ${file.runId}  ${message.startsWith(file.file) ? message : `${where}: ${message}`}\n`);
      }
    }
    const failed = result.files.filter((f) => f.status === "failed").length;
    const notTried = files.length - result.files.length;
    ctx.stdout.write(
      `Synced ${synced} of ${files.length} run${files.length === 1 ? "" : "s"}, ${formatCount(result.points)} points in ${formatDuration(bar.elapsedSeconds)}` +
        (failed ? `; ${failed} failed` : "") +
        (notTried ? `; ${notTried} not tried because the server is unreachable — run \`folio sync\` again later` : "") +
        "\n",
    );
    return failed > 0 || notTried > 0 ? 1 : 0;
  },
};
