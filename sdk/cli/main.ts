/**
 * The `folio` command line: dispatches to one module per subcommand and turns errors into
 * messages and exit codes (0 ok, 1 failure, 2 usage error).
 */
import { readFileSync } from "node:fs";
import { MissingSettingsError } from "../resolveSettings";
import { processContext, type CliContext } from "./CliContext";
import { UsageError, type Command } from "./Command";
import { demoCommand } from "./demo";
import { describeError } from "./describeError";
import { importCommand } from "./import";
import { loginCommand } from "./login";
import { PromptCancelled } from "./promptSecret";
import { syncCommand } from "./sync";

const COMMANDS: readonly Command[] = [loginCommand, syncCommand, importCommand, demoCommand];

function topUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), "admin".length) + 2;
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`);
  lines.push(`  ${"admin".padEnd(width)}server administration: create users and API keys`);
  return `Usage: folio <command> [options]

Commands:
${lines.join("\n")}

Run "folio <command> --help" for a command's options.
The server and key come from --url/--key, then FOLIO_URL/FOLIO_API_KEY, then \`folio login\`.`;
}

/** Runs `folio` with `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: string[], ctx: CliContext = processContext()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    ctx.stderr.write(`${topUsage()}\n`);
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? COMMANDS.find((c) => c.name === args[0]) : undefined;
    ctx.stdout.write(`${topic ? topic.usage : topUsage()}\n`);
    return 0;
  }
  if (name === "--version" || name === "-v") {
    ctx.stdout.write(`${version()}\n`);
    return 0;
  }
  if (name === "admin") {
    const { runAdmin } = await import("./admin");
    return runAdmin(args);
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const guess = closest(name, [...COMMANDS.map((c) => c.name), "admin"]);
    ctx.stderr.write(`folio: unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ""}\nRun "folio --help" for the list of commands.\n`);
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    ctx.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, ctx);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      ctx.stderr.write(`folio ${command.name}: ${(error as Error).message}\nRun "folio ${command.name} --help" for usage.\n`);
      return 2;
    }
    if (error instanceof PromptCancelled) {
      ctx.stderr.write(`folio ${command.name}: cancelled\n`);
      return 1;
    }
    const debug = ctx.env.FOLIO_DEBUG && error instanceof Error ? `\n${error.stack}` : "";
    const message = error instanceof MissingSettingsError ? error.message : describeError(error);
    ctx.stderr.write(`folio ${command.name}: ${message}${debug}\n`);
    return 1;
  }
}

/** `node:util` parseArgs errors (unknown option, missing value) carry ERR_PARSE_ARGS_* codes. */
function isParseArgsError(error: unknown): boolean {
  return typeof (error as { code?: unknown })?.code === "string" && (error as { code: string }).code.startsWith("ERR_PARSE_ARGS_");
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** The candidate within edit distance 2 of `word`, if any. */
function closest(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
