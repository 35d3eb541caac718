/**
 * A `CliContext` with captured output, for running CLI commands in-process in tests.
 */
import { Readable } from "node:stream";
import type { CliContext, Output } from "../cli/CliContext";

/** An output that remembers what was written. */
export interface CapturedOutput extends Output {
  text: string;
}

function capture(isTTY: boolean): CapturedOutput {
  const out: CapturedOutput = {
    text: "",
    isTTY,
    columns: 100,
    write(chunk: string) {
      out.text += chunk;
      return true;
    },
  };
  return out;
}

/** A context whose stdin yields `input`, with `env` as the whole environment. */
export function captureContext(
  options: { env?: Record<string, string | undefined>; input?: string; cwd?: string; tty?: boolean } = {},
): CliContext & { stdout: CapturedOutput; stderr: CapturedOutput } {
  return {
    env: options.env ?? {},
    stdout: capture(false),
    stderr: capture(options.tty ?? false),
    stdin: Readable.from(options.input === undefined ? [] : [options.input]) as CliContext["stdin"],
    cwd: options.cwd ?? process.cwd(),
    progressIntervalMs: 0,
  };
}
