/**
 * The shape of one `folio` subcommand: its help text and what it does.
 */
import type { CliContext } from "./CliContext";

/** A subcommand of `folio`. */
export interface Command {
  name: string;
  /** One line for `folio --help`. */
  summary: string;
  /** Full text for `folio <name> --help`. */
  usage: string;
  /** Runs the command with the arguments after its name; resolves with the exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

/** Bad command-line usage: reported with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
