/**
 * Where the host's CPU went during a benchmark window, from Linux /proc: the server process, the
 * load process, every process named `postgres`, and everything else. On a 2-core machine shared
 * with other work, throughput alone says little; CPU time per point says what the code costs, and
 * the "other" share says whether the run was disturbed. Elsewhere (no /proc) it yields null.
 */
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

/** Cumulative CPU ticks of the groups at one moment. */
export interface CpuSnapshot {
  total: number;
  busy: number;
  server: number;
  load: number;
  postgres: Map<number, number>;
}

/** CPU used in a window, in cores (1 = one core busy for the whole window). */
export interface CpuUse {
  server: number;
  load: number;
  postgres: number;
  other: number;
}

/** Reads /proc for the two benchmark processes and all postgres processes; null without /proc. */
export function snapshotCpu(serverPid: number, loadPid: number): CpuSnapshot | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const postgres = new Map<number, number>();
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      const cmd = readOrEmpty(`/proc/${pid}/cmdline`);
      if (cmd.startsWith("postgres")) postgres.set(pid, processTicks(pid));
    }
    return { total, busy: total - idle, server: processTicks(serverPid), load: processTicks(loadPid), postgres };
  } catch {
    return null;
  }
}

/** CPU used between two snapshots, in cores. */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuUse {
  // Every CPU's ticks elapse together, so total ticks / CPUs is the window's length in ticks.
  const window = (b.total - a.total) / os.cpus().length;
  const cores = (ticks: number) => ticks / window;
  let postgres = 0;
  for (const [pid, t] of b.postgres) postgres += t - (a.postgres.get(pid) ?? t); // processes alive throughout
  const server = cores(b.server - a.server);
  const load = cores(b.load - a.load);
  const pg = cores(postgres);
  return { server, load, postgres: pg, other: Math.max(0, cores(b.busy - a.busy) - server - load - pg) };
}

function processTicks(pid: number): number {
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(after[11] ?? 0) + Number(after[12] ?? 0); // utime + stime
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "latin1");
  } catch {
    return "";
  }
}
