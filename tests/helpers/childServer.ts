/**
 * A Folio server in its own process (`server/main.ts`), for tests that kill or signal it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseTarget } from "../../db/client";
import type { TestDatabase } from "./database";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A running child server. */
export interface ChildServer {
  url: string;
  proc: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

/** Spawns `tsx server/main.ts` with `env` and waits for its banner. */
export async function spawnServer(env: Record<string, string>, args: string[] = ["--api-only"]): Promise<ChildServer> {
  // `node --import tsx` rather than the tsx CLI: one process, so signals reach the server itself.
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/main.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | string>((resolve) => proc.on("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /Folio is running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace("localhost", "127.0.0.1"));
      }
    };
    proc.stdout!.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before starting:\n${out}`));
    });
  });
  return { url, proc, output: () => out, exited };
}

/** Where a test database lives, as `openDatabase` takes it (only while no server holds it). */
export const databaseTarget = (d: TestDatabase): DatabaseTarget =>
  d.databaseUrl ? { kind: "postgres", url: d.databaseUrl } : { kind: "pglite", dataDir: path.join(d.dataDir, "pglite") };

/** The environment that points a child server at a test database. */
export const databaseEnv = (d: TestDatabase): Record<string, string> => ({
  FOLIO_DATA_DIR: d.dataDir,
  ...(d.databaseUrl ? { DATABASE_URL: d.databaseUrl } : {}),
});

/** Kills a child server left running (SIGKILL) and waits until it is gone. */
export async function killChild(child: ChildServer | null): Promise<void> {
  if (!child) return;
  if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill("SIGKILL");
  await child.exited;
}
