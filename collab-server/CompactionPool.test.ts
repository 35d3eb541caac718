/**
 * CompactionPool: compaction's CPU part runs in a worker thread, gives exactly what the inline work
 * gives, survives workers that crash or cannot start, and leaves no thread behind when closed.
 * Functional checks only (which thread answered, bytes, counters): no timing.
 */
import { threadId, Worker } from "node:worker_threads";
import { describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { FRAGMENT_NAME } from "../editor/protocol";
import { CompactionPool } from "./CompactionPool";
import { inlineCompactor } from "./Compactor";
import { initialState, type Logger } from "./documentCopy";

/** A report's stored rows: Markdown with a mention, then `n` typed paragraphs, as small pooled Buffers. */
function storedRows(n: number): Uint8Array[] {
  const doc = new Y.Doc();
  const rows: Uint8Array[] = [initialState("# Title\n\nHello @[Ada](user:u1) and *you*.\n\n- a\n- b")];
  Y.applyUpdate(doc, rows[0]);
  doc.on("update", (u: Uint8Array) => rows.push(u));
  for (let i = 0; i < n; i++) {
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText(`line ${i}`)]);
    doc.getXmlFragment(FRAGMENT_NAME).push([p]);
  }
  // Buffer.from copies small arrays into a shared 8 KiB pool (byteOffset ≠ 0), as postgres.js rows are.
  return rows.map((u) => Buffer.from(u));
}

/** A worker that dies on its first job, as a crashed one would. */
const crashingWorker = () => new Worker(`require("node:worker_threads").parentPort.on("message", () => process.exit(7))`, { eval: true });

const recordingLogger = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() }) satisfies Logger;

describe("CompactionPool", () => {
  it("compacts in a worker thread, byte for byte what the inline work gives", async () => {
    const pool = new CompactionPool({ size: 1 });
    try {
      const rows = storedRows(300);
      const inWorker = await pool.compact(rows, "r1");
      const inline = await inlineCompactor().compact(rows, "r1");
      expect(inline.threadId).toBe(threadId);
      expect(inWorker.threadId).not.toBe(threadId);
      expect(inWorker.state).toEqual(inline.state);
      expect(inWorker.copy).toEqual(inline.copy);
      expect(inWorker.copy?.markdown).toContain("@[Ada](user:u1)");
      expect(inWorker.copy?.markdown).toContain("line 299");
      // The caller's rows are intact (the pool transfers a packed copy, not them).
      expect((await pool.compact(rows, "r1")).state).toEqual(inline.state);
      expect(pool.stats()).toMatchObject({ inWorker: 2, inline: 0, crashes: 0, threads: 1 });
    } finally {
      await pool.close();
    }
  });

  it("passes on what the work logged, and fails as the inline work fails", async () => {
    const logger = recordingLogger();
    const pool = new CompactionPool({ size: 1, logger });
    try {
      const doc = new Y.Doc();
      const rows: Uint8Array[] = [];
      doc.on("update", (u: Uint8Array) => rows.push(u));
      doc.getXmlFragment(FRAGMENT_NAME).push([new Y.XmlElement("no_such_node")]);
      const off = await pool.compact(rows, "r2");
      expect(off.copy).toBeNull();
      expect(off.threadId).not.toBe(threadId);
      expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining("does not fit the schema"), expect.objectContaining({ reportId: "r2" }));
      const garbage = [new Uint8Array([1, 2, 3, 250, 250, 250])];
      await expect(inlineCompactor().compact(garbage, "r3")).rejects.toThrow();
      await expect(pool.compact(garbage, "r3")).rejects.toThrow();
      // A bad document is not a crash: the thread stays.
      expect(pool.stats()).toMatchObject({ crashes: 0, threads: 1 });
    } finally {
      await pool.close();
    }
  });

  it("finishes a crashed worker's job inline, logs it, and starts a fresh worker for the next", async () => {
    const logger = recordingLogger();
    const spawned: Worker[] = [];
    const pool = new CompactionPool({
      size: 1,
      logger,
      spawn: () => {
        const w = spawned.length === 0 ? crashingWorker() : new Worker(new URL("./compactionThread.mjs", import.meta.url));
        spawned.push(w);
        return w;
      },
    });
    try {
      const rows = storedRows(50);
      const expected = await inlineCompactor().compact(rows, "r4");
      const rescued = await pool.compact(rows, "r4");
      expect(rescued.threadId).toBe(threadId);
      expect(rescued.state).toEqual(expected.state);
      expect(rescued.copy).toEqual(expected.copy);
      expect(logger.error).toHaveBeenCalledWith(expect.stringContaining("exited with code 7"), { jobs: 1 });
      const next = await pool.compact(rows, "r4");
      expect(next.threadId).not.toBe(threadId);
      expect(next.state).toEqual(expected.state);
      expect(spawned).toHaveLength(2);
      expect(pool.stats()).toMatchObject({ inWorker: 1, inline: 1, crashes: 1, threads: 1 });
    } finally {
      await pool.close();
    }
  });

  it("compacts inline for good after workers fail to start or keep crashing", async () => {
    const logger = recordingLogger();
    let spawns = 0;
    const pool = new CompactionPool({
      size: 2,
      logger,
      maxCrashes: 2,
      spawn: () => {
        if (++spawns === 1) throw new Error("no threads here");
        return crashingWorker();
      },
    });
    try {
      const rows = storedRows(10);
      const expected = await inlineCompactor().compact(rows, "r5");
      for (let i = 0; i < 4; i++) {
        const c = await pool.compact(rows, "r5");
        expect(c.threadId).toBe(threadId);
        expect(c.state).toEqual(expected.state);
      }
      // One spawn threw, one worker crashed; then no more attempts.
      expect(spawns).toBe(2);
      expect(pool.stats()).toMatchObject({ inWorker: 0, inline: 4, crashes: 2, threads: 0 });
      expect(logger.error).toHaveBeenCalledWith(expect.stringContaining("from now on"), { crashes: 2 });
    } finally {
      await pool.close();
    }
  });

  it("leaves no thread running once closed, finishing a job in flight and later ones inline", async () => {
    const workers: Worker[] = [];
    const pool = new CompactionPool({
      size: 2,
      spawn: () => {
        const w = new Worker(new URL("./compactionThread.mjs", import.meta.url));
        workers.push(w);
        return w;
      },
    });
    const rows = storedRows(100);
    const expected = await inlineCompactor().compact(rows, "r6");
    expect((await pool.compact(rows, "r6")).threadId).not.toBe(threadId);
    const exits = workers.map((w) => new Promise<number>((resolve) => w.once("exit", resolve)));
    const inFlight = pool.compact(rows, "r6");
    await pool.close();
    await Promise.all(exits);
    expect(pool.stats().threads).toBe(0);
    expect(workers.every((w) => w.threadId === -1)).toBe(true);
    // Whichever thread finished it, the job in flight at close() still gives the state.
    expect((await inFlight).state).toEqual(expected.state);
    const after = await pool.compact(rows, "r6");
    expect(after.threadId).toBe(threadId);
    expect(after.state).toEqual(expected.state);
    expect(pool.stats()).toMatchObject({ crashes: 0, threads: 0 });
  });
});
