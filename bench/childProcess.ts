/** A forked TypeScript child process spoken to over IPC, with typed waits for its replies. */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A running child whose messages carry a `type` field. */
export interface Child<Out extends { type: string }> {
  process: ChildProcess;
  send(message: unknown): void;
  /** Resolves with the next message of `type`; rejects if the child exits first. */
  next<T extends Out["type"]>(type: T): Promise<Extract<Out, { type: T }>>;
  /** Resolves with the exit code once the child has exited. */
  exited: Promise<number | null>;
}

/** Forks `bench/<file>` under tsx; `nodeArgs` are extra Node flags (e.g. `--cpu-prof`). */
export function forkChild<Out extends { type: string }>(file: string, nodeArgs: string[] = []): Child<Out> {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
    execArgv: ["--import", "tsx", ...nodeArgs],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const inbox: Out[] = [];
  const waiters: Array<{ type: string; resolve: (m: Out) => void; reject: (e: Error) => void }> = [];
  let exitCode: number | null | undefined;
  const deliver = () => {
    for (let w = 0; w < waiters.length; w++) {
      const i = inbox.findIndex((m) => m.type === waiters[w].type);
      if (i >= 0) {
        waiters[w].resolve(inbox.splice(i, 1)[0]);
        waiters.splice(w--, 1);
      }
    }
    if (exitCode !== undefined) waiters.splice(0).forEach((w) => w.reject(new Error(`${file} exited (code ${exitCode}) before sending "${w.type}"`)));
  };
  child.on("message", (m: Out) => {
    inbox.push(m);
    deliver();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      exitCode = code;
      deliver();
      resolve(code);
    }),
  );
  return {
    process: child,
    send: (m) => child.send(m as never),
    next: (type) =>
      new Promise((resolve, reject) => {
        waiters.push({ type, resolve: resolve as (m: Out) => void, reject });
        deliver();
      }),
    exited,
  };
}
