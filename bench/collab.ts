/**
 * `bench/collab` (issue 4 §4): R reports × C clients typing, edit → other-client latency p50/p99,
 * edit → "saved" latency, updates/s and server RSS, with Folio's durable commits on; and in the same
 * run the same workload against @hocuspocus/server (persistence: its debounced onStoreDocument hook
 * writing the whole state to the same PostgreSQL) as the anchor. Then the cold load of a report whose
 * history is N operations (compacted snapshot + a tail of logged updates), on the server side.
 * Server, load and database run on the same machine; each case gets a fresh database and processes.
 */
import { performance } from "node:perf_hooks";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { MessageType } from "../editor/protocol";
import type { Connection } from "../collab-server/Connection";
import { CompactionPool } from "../collab-server/CompactionPool";
import { createPostgresPersistence } from "../collab-server/persistence/postgres";
import { GroupCommitter } from "../collab-server/GroupCommitter";
import { silentLogger } from "../collab-server/documentCopy";
import { Room } from "../collab-server/Room";
import { openDatabase } from "../db/client";
import { projects, reports } from "../db/schema";
import { signUp } from "../server/services/accounts";
import { listTeams } from "../server/services/teams";
import { forkChild } from "./childProcess";
import { cpuBetween, snapshotCpu } from "./cpuSampler";
import type { CollabServerReply } from "./collabServer";
import type { LoadReply, LoadStart } from "./collabLoad";
import { formatTable } from "./formatTable";
import { loopDelayMonitor } from "./loopDelay";
import { createScratchDatabase, postgresReachable } from "./scratchDatabase";

/** The targets on this machine. */
export const TARGETS = { p99PeerMs: 25, updatesPerSecond: 2000, rssBytes: 1024 ** 3, coldLoadMs: 100 };

/** How to run it. */
export interface CollabBenchOptions {
  postgresUrl: string;
  reports: number;
  clientsPerReport: number;
  editsPerSecond: number;
  warmupSeconds: number;
  seconds: number;
  coldLoadOperations: number;
  servers: Array<"folio" | "hocuspocus">;
  /** Compaction worker threads of Folio's server (0: compaction on its event loop, as before). */
  compactionWorkers: number;
  /** Compactions of the large report timed per mode (inline, worker), alternating; 0 skips them. */
  compactionRounds: number;
  /**
   * Processes the simulated clients are spread over (default 2). One process simulating all 1,000
   * clients uses ~0.65 of a core and its own event loop (Yjs work, GC pauses) becomes part of the
   * latency it measures: on the quiet 2-core bench machine, peer p99 42–53 ms with one process
   * against 21–28 ms with two, for the same server (decision 013). The table prints the load
   * processes' own event-loop delay so that share stays visible.
   */
  loadProcesses?: number;
  /**
   * Whether the simulated clients integrate peers' updates into their documents (default false:
   * they decode them, which is where the latency stamps are read; bench/collabLoad.ts says why).
   */
  integrate?: boolean;
}

const quantile = (xs: number[], q: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function seedReports(url: string, n: number) {
  const database = await openDatabase({ kind: "postgres", url });
  await database.migrate();
  const user = await signUp(database.db, { email: "bench@example.com", password: "correct horse battery" });
  const [team] = await listTeams(database.db, user.id);
  const [project] = await database.db.insert(projects).values({ teamId: team.id, name: "bench" }).returning();
  const ids = Array.from({ length: n }, (_, i) => `bench${i}`);
  await database.db.insert(reports).values(ids.map((id) => ({ id, projectId: project.id, title: id, createdBy: user.id })));
  return { database, userId: user.id, projectId: project.id, ids };
}

async function runCase(kind: "folio" | "hocuspocus", o: CollabBenchOptions) {
  const scratch = await createScratchDatabase("postgres", o.postgresUrl);
  const seeded = await seedReports(scratch.databaseUrl!, o.reports);
  await seeded.database.close();
  const server = forkChild<CollabServerReply>("./collabServer.ts", process.env.FOLIO_BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.FOLIO_BENCH_CPU_PROF}`] : []);
  let peakRss = 0;
  server.process.on("message", (m: CollabServerReply) => {
    if (m.type === "rss") peakRss = Math.max(peakRss, m.bytes);
  });
  server.send({ kind, databaseUrl: scratch.databaseUrl, userId: seeded.userId, compactionWorkers: o.compactionWorkers });
  const { port } = await server.next("ready");
  const processes = o.loadProcesses ?? 2;
  const slices = Array.from({ length: processes }, (_, i) => seeded.ids.filter((_id, j) => j % processes === i));
  const loads = slices.map((reports, i) => {
    const load = forkChild<LoadReply>("./collabLoad.ts", process.env.FOLIO_BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.FOLIO_BENCH_CPU_PROF}/load${i}`] : []);
    load.send({ kind, port, reports, clientsPerReport: o.clientsPerReport, editsPerSecond: o.editsPerSecond, warmupSeconds: o.warmupSeconds, seconds: o.seconds, integrate: o.integrate ?? false } satisfies LoadStart);
    return load;
  });
  const pids = loads.map((l) => l.process.pid!);
  await Promise.all(loads.map((l) => l.next("measuring")));
  server.send({ type: "measure" });
  const cpuStart = pids.map((pid) => snapshotCpu(server.process.pid!, pid));
  // Each load process exits soon after its window: read its ticks as soon as its window ends.
  const cpuEnd = await Promise.all(loads.map(async (l, i) => (await l.next("window-ended"), snapshotCpu(server.process.pid!, pids[i]))));
  const results = await Promise.all(loads.map((l) => l.next("done")));
  server.send({ type: "stop" });
  const stopped = await server.next("stopped");
  await Promise.all([server.exited, ...loads.map((l) => l.exited)]);
  await scratch.drop();
  const result = {
    edits: results.reduce((n, r) => n + r.edits, 0),
    peerLatencies: results.flatMap((r) => r.peerLatencies),
    savedLatencies: results.flatMap((r) => r.savedLatencies),
    connectErrors: results.reduce((n, r) => n + r.connectErrors, 0),
  };
  // Each snapshot counts one load process; the others land in "other", so move them to "load".
  let cpu = null;
  if (cpuStart.every(Boolean) && cpuEnd.every(Boolean)) {
    const uses = cpuStart.map((a, i) => cpuBetween(a!, cpuEnd[i]!));
    const load = uses.reduce((n, u) => n + u.load, 0);
    cpu = { ...uses[0], load, other: Math.max(0, uses[0].other - (load - uses[0].load)) };
  }
  return {
    kind,
    updatesPerSecond: result.edits / o.seconds,
    peerP50: quantile(result.peerLatencies, 0.5),
    peerP99: quantile(result.peerLatencies, 0.99),
    savedP50: quantile(result.savedLatencies, 0.5),
    savedP99: quantile(result.savedLatencies, 0.99),
    deliveries: result.peerLatencies.length,
    peakRss,
    connectErrors: result.connectErrors,
    loadLoopDelay: { p99: Math.max(...results.map((r) => r.loopDelayP99Ms)), max: Math.max(...results.map((r) => r.loopDelayMaxMs)) },
    stats: stopped.stats,
    cpu,
  };
}

/**
 * Cold load: a report with `operations` single-character edits, compacted, plus a 1,000-row tail;
 * timed on the server from the database read to the first sync answered (a new client's sync step 1
 * → the bytes of its step 2, what the editor waits for), and to the room's document built (hydrated,
 * ready for edits). Both are checked against the typed text.
 */
export async function coldLoad(o: CollabBenchOptions) {
  const scratch = await createScratchDatabase("postgres", o.postgresUrl);
  const seeded = await seedReports(scratch.databaseUrl!, 1);
  const persistence = createPostgresPersistence(seeded.database.db);
  const id = seeded.ids[0];
  const doc = new Y.Doc();
  const text = new Y.XmlText();
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [text]);
  doc.getXmlFragment("default").push([p]);
  const tail: Uint8Array[] = [];
  const before = o.coldLoadOperations - 1000;
  let op = 0;
  doc.on("update", (u: Uint8Array) => {
    if (op > before) tail.push(u);
  });
  // Typing as people do: runs of characters at a cursor that jumps now and then, with backspaces.
  let cursor = 0;
  const typeOne = (i: number) => {
    if (i % 60 === 0) cursor = Math.floor(Math.random() * (text.length + 1));
    if (i % 10 === 9 && cursor > 0) text.delete(--cursor, 1);
    else text.insert(cursor++, "x");
  };
  for (let i = 0; i < o.coldLoadOperations; i++, op++) {
    typeOne(i);
    if (i === before) {
      await persistence.append([{ reportId: id, update: Y.encodeStateAsUpdate(doc), userId: null }]);
      await persistence.compact(id);
    }
  }
  await persistence.append(tail.map((update) => ({ reportId: id, update, userId: null })));
  const expected = doc.getXmlFragment("default").toString();
  const committer = new GroupCommitter(persistence, silentLogger);
  const deps = { committer, logger: silentLogger, maxDocumentBytes: 1e9, compactEvery: 1e9, mentionCompactionDelayMs: 1e9, requestCompaction() {}, onStorageFailure() {}, onLoadFailure() {}, onIdle() {} };
  const step1 = (() => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.sync);
    syncProtocol.writeSyncStep1(e, new Y.Doc());
    return encoding.toUint8Array(e);
  })();
  const read: number[] = [];
  const firstSync: number[] = [];
  const hydrated: number[] = [];
  let ok = true;
  for (let i = 0; i < 7; i++) {
    const sent: Uint8Array[] = [];
    const conn = { send: (m: Uint8Array) => sent.push(m), access: "write", closed: false, awarenessIds: new Set<number>(), identity: { id: "bench", name: "bench", color: "" } } as unknown as Connection;
    const t0 = performance.now();
    const stored = await persistence.load(id);
    read.push(performance.now() - t0);
    const room = new Room(id, stored, deps);
    room.join(conn);
    room.receive(conn, step1);
    const t1 = performance.now();
    room.hydrate();
    const t2 = performance.now();
    firstSync.push(t1 - t0);
    hydrated.push(t2 - t0);
    // What the client received before hydration rebuilds the document; so does the room.
    const client = new Y.Doc();
    for (const m of sent) {
      const d = decoding.createDecoder(m);
      if (decoding.readVarUint(d) === MessageType.sync) syncProtocol.readSyncMessage(d, encoding.createEncoder(), client, "bench");
    }
    ok &&= client.getXmlFragment("default").toString() === expected && room.doc.getXmlFragment("default").toString() === expected;
    client.destroy();
    room.destroy();
  }
  // Compaction of the same report (its snapshot plus 1,000 new logged updates each time), inline and
  // in a worker thread, alternating: the event loop's longest stall and its busy time during each.
  const pool = new CompactionPool({ size: 1 });
  const modes = { inline: persistence, worker: createPostgresPersistence(seeded.database.db, { compactor: pool }) };
  const compaction = { inline: [] as CompactionRun[], worker: [] as CompactionRun[] };
  await pool.compact([Y.encodeStateAsUpdate(new Y.Doc())], "warm-up"); // the thread starts on its first job
  await persistence.compact(id); // the tail above: every timed run then merges 1,000 rows
  const monitor = loopDelayMonitor(1);
  const delay = monitor.histogram;
  for (let round = 0; round < o.compactionRounds * 2; round++) {
    const mode = round % 2 === 0 ? "inline" : "worker";
    const fresh: Uint8Array[] = [];
    const collect = (u: Uint8Array) => fresh.push(u);
    doc.on("update", collect);
    for (let i = 0; i < 1000; i++) typeOne(i);
    doc.off("update", collect);
    await persistence.append(fresh.map((update) => ({ reportId: id, update, userId: null })));
    delay.reset();
    delay.enable();
    const elu = performance.eventLoopUtilization();
    const t0 = performance.now();
    const { merged } = await modes[mode].compact(id);
    const wall = performance.now() - t0;
    const busy = performance.eventLoopUtilization(elu).active;
    delay.disable();
    ok &&= merged === 1000;
    compaction[mode].push({ wall, busy, maxDelay: monitor.maxMs() });
  }
  ok &&= pool.stats().inWorker === o.compactionRounds + 1 && pool.stats().inline === 0;
  await pool.close();
  ok &&= docFromStored(await persistence.load(id)) === doc.getXmlFragment("default").toString();
  await seeded.database.close();
  await scratch.drop();
  const stats = (xs: number[]) => ({ median: quantile(xs.slice(2), 0.5), max: Math.max(...xs.slice(2)) });
  return { read: stats(read), firstSync: stats(firstSync), hydrated: stats(hydrated), compaction, ok };
}

/** One timed compaction: wall time, the main thread's busy time, and its longest event-loop delay (ms). */
interface CompactionRun {
  wall: number;
  busy: number;
  maxDelay: number;
}

function docFromStored(updates: Uint8Array[]): string {
  const d = new Y.Doc();
  for (const u of updates) Y.applyUpdate(d, u);
  const s = d.getXmlFragment("default").toString();
  d.destroy();
  return s;
}

/** Runs the cases and prints one table. */
export async function runCollabBench(o: CollabBenchOptions, log: (line: string) => void = console.log) {
  if (!(await postgresReachable(o.postgresUrl))) {
    log("collab: skipped, PostgreSQL is not reachable");
    return;
  }
  log(`collab: ${o.reports} reports × ${o.clientsPerReport} clients (in ${o.loadProcesses ?? 2} load process${(o.loadProcesses ?? 2) > 1 ? "es" : ""}; peers' updates ${o.integrate ? "integrated" : "decoded, not integrated"}), each typing ${o.editsPerSecond}/s; ${o.seconds} s after ${o.warmupSeconds} s warm-up, PostgreSQL`);
  const cases = [];
  for (const kind of o.servers) {
    log(`  ${kind} …`);
    cases.push(await runCase(kind, o));
  }
  const ms = (x: number) => (Number.isNaN(x) ? "–" : `${x.toFixed(1)} ms`);
  log(formatTable(
    ["server", "updates/s", "peer p50", "peer p99", "saved p50", "saved p99", "server RSS", "deliveries", "not connected", "load's loop delay p99 / max", "CPU cores: server / load / postgres / other", "server stats"],
    cases.map((c) => [
      c.kind === "folio" ? "folio (durable, confirmed)" : "hocuspocus 3.4 (debounced store)",
      Math.round(c.updatesPerSecond).toLocaleString("en-US"),
      ms(c.peerP50), ms(c.peerP99), ms(c.savedP50), ms(c.savedP99),
      `${Math.round(c.peakRss / 1024 / 1024)} MiB`,
      c.deliveries.toLocaleString("en-US"),
      String(c.connectErrors),
      `${c.loadLoopDelay.p99.toFixed(1)} / ${c.loadLoopDelay.max.toFixed(1)} ms`,
      c.cpu ? [c.cpu.server, c.cpu.load, c.cpu.postgres, c.cpu.other].map((x) => x.toFixed(2)).join(" / ") : "–",
      JSON.stringify(c.stats),
    ]),
  ));
  log(`  targets: peer p99 < ${TARGETS.p99PeerMs} ms at ≥ ${TARGETS.updatesPerSecond} updates/s, RSS < 1 GiB`);
  if (o.coldLoadOperations <= 0) return;
  const cold = await coldLoad(o);
  log(`  cold load of a ${o.coldLoadOperations.toLocaleString("en-US")}-operation report (snapshot + 1,000 logged updates), server side:`);
  log(`    to the first sync answered: median ${cold.firstSync.median.toFixed(1)} ms, max ${cold.firstSync.max.toFixed(1)} ms (target < ${TARGETS.coldLoadMs} ms)${cold.ok ? "" : " — CONTENT MISMATCH"}; of which the database read: median ${cold.read.median.toFixed(1)} ms`);
  log(`    to the document built (ready for edits): median ${cold.hydrated.median.toFixed(1)} ms, max ${cold.hydrated.max.toFixed(1)} ms`);
  if (o.compactionRounds <= 0) return;
  log(`  compaction of that report (snapshot + 1,000 new logged updates), ${o.compactionRounds} runs each, alternating; main thread:`);
  const med = (runs: CompactionRun[], k: keyof CompactionRun) => quantile(runs.map((r) => r[k]), 0.5).toFixed(1);
  const max = (runs: CompactionRun[], k: keyof CompactionRun) => Math.max(...runs.map((r) => r[k])).toFixed(1);
  for (const mode of ["inline", "worker"] as const) {
    const runs = cold.compaction[mode];
    log(`    ${mode === "inline" ? "inline        " : "worker thread "}: longest event-loop stall median ${med(runs, "maxDelay")} ms (max ${max(runs, "maxDelay")}), event loop busy median ${med(runs, "busy")} ms, wall median ${med(runs, "wall")} ms`);
  }
}
