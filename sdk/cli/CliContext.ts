/**
 * Everything a CLI command touches outside its arguments, passed in rather than read from
 * `process` so that tests can run commands in-process with captured output.
 */

/** A writable stream that may be a terminal. */
export interface Output {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

/** A readable stream that may be a terminal. */
export type Input = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/** The world as a command sees it. */
export interface CliContext {
  env: Record<string, string | undefined>;
  stdout: Output;
  stderr: Output;
  stdin: Input;
  cwd: string;
  /** Milliseconds between progress lines when stderr is not a terminal (default 5000). */
  progressIntervalMs?: number;
  fetch?: typeof fetch;
}

/** The real process's context. */
export function processContext(): CliContext {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
  };
}
