/**
 * The embedded database is one process's: `server.json` in the data directory records which
 * process holds it (and, once listening, its port and the local admin token, mode 0600), so the
 * CLI can route commands through the running server rather than open the directory a second time.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** What the holder of a data directory publishes. */
export interface DataDirHolder {
  pid: number;
  port?: number;
  adminToken?: string;
}

const fileOf = (dataDir: string) => path.join(dataDir, "server.json");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live process holding `dataDir`, if any (stale files from a crash are ignored). */
export function dataDirHolder(dataDir: string): DataDirHolder | null {
  const file = fileOf(dataDir);
  if (!existsSync(file)) return null;
  try {
    const holder = JSON.parse(readFileSync(file, "utf8")) as DataDirHolder;
    return alive(holder.pid) && holder.pid !== process.pid ? holder : null;
  } catch {
    return null;
  }
}

/** Claims `dataDir` for this process or exits with a clear message when another holds it. */
export function claimDataDir(dataDir: string, info: Omit<DataDirHolder, "pid"> = {}): void {
  const other = dataDirHolder(dataDir);
  if (other) {
    console.error(
      `Another Folio process (pid ${other.pid}${other.port ? `, port ${other.port}` : ""}) is using the embedded database in ${dataDir}.\n` +
        "Stop it first, or point this one at another directory with FOLIO_DATA_DIR, or use PostgreSQL via DATABASE_URL.",
    );
    process.exit(1);
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(fileOf(dataDir), JSON.stringify({ pid: process.pid, ...info }), { mode: 0o600 });
  chmodSync(fileOf(dataDir), 0o600);
}

/** Releases `dataDir` if this process holds it. */
export function releaseDataDir(dataDir: string): void {
  try {
    const holder = JSON.parse(readFileSync(fileOf(dataDir), "utf8")) as DataDirHolder;
    if (holder.pid === process.pid) rmSync(fileOf(dataDir));
  } catch {
    // nothing to release
  }
}
