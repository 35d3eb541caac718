/**
 * bench/collab's server child: Folio's collab-server (PostgreSQL persistence, durable commits and
 * "saved" confirmations) or @hocuspocus/server (the anchor: its idiomatic onStoreDocument
 * persistence of the whole state, debounced by Hocuspocus) on a scratch PostgreSQL database.
 * Reports RSS samples over IPC.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@hocuspocus/server";
import postgres from "postgres";
import * as Y from "yjs";
import { createCollabServer } from "../collab-server/createCollabServer";
import { CompactionPool } from "../collab-server/CompactionPool";
import { createPostgresPersistence } from "../collab-server/persistence/postgres";
import { openDatabase } from "../db/client";
import { loopDelayMonitor } from "./loopDelay";

/** Messages to the parent. */
export type CollabServerReply = { type: "ready"; port: number } | { type: "rss"; bytes: number } | { type: "stopped"; stats: Record<string, number> };

const send = (m: CollabServerReply, then?: () => void) => (then ? process.send!(m, () => then()) : process.send!(m));

/** Event-loop delay over the measurement window (from the parent's "measure" to "stop"), in ms. */
const delay = loopDelayMonitor(5);
const loopDelay = delay.histogram;
const delayStats = () => ({
  loopDelayP50Ms: delay.percentileMs(50),
  loopDelayP99Ms: delay.percentileMs(99),
  loopDelayMaxMs: delay.maxMs(),
});
/** The parent's messages after the start: "measure" (window opens), then "stop". */
const onControl = (stop: () => void) =>
  process.on("message", (c: { type: string }) => {
    if (c.type === "measure") {
      loopDelay.reset();
      loopDelay.enable();
    } else if (c.type === "stop") {
      loopDelay.disable();
      stop();
    }
  });

process.once("message", async (m: { kind: "folio" | "hocuspocus"; databaseUrl: string; userId: string; compactionWorkers: number }) => {
  const rss = setInterval(() => send({ type: "rss", bytes: process.memoryUsage().rss }), 250);
  if (m.kind === "folio") {
    const database = await openDatabase({ kind: "postgres", url: m.databaseUrl, poolSize: 4 });
    // As the server runs it (server/services/Services.ts): compaction in worker threads.
    const compaction = new CompactionPool({ size: m.compactionWorkers });
    const collab = createCollabServer({
      authorize: async () => ({ ok: true, user: { id: m.userId, name: "bench" }, access: "write" }),
      persistence: createPostgresPersistence(database.db, { compactor: compaction }),
    });
    const server = http.createServer((_q, r) => r.writeHead(404).end());
    server.on("upgrade", (req, socket, head) => collab.handleUpgrade(req, socket, head) || socket.destroy());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    send({ type: "ready", port: (server.address() as AddressInfo).port });
    onControl(async () => {
      clearInterval(rss);
      await collab.close();
      await compaction.close();
      server.closeAllConnections();
      await database.close();
      const { inWorker, inline, crashes } = compaction.stats();
      send({ type: "stopped", stats: { ...collab.stats(), ...delayStats(), compactedInWorker: inWorker, compactedInline: inline, workerCrashes: crashes } }, () => process.exit(0));
    });
  } else {
    const sql = postgres(m.databaseUrl, { max: 4, onnotice: () => {} });
    await sql`create table if not exists hocuspocus_documents (name text primary key, state bytea not null)`;
    let stores = 0;
    const server = new Server({
      port: 0,
      address: "127.0.0.1",
      quiet: true,
      async onLoadDocument({ documentName, document }) {
        const [row] = await sql<{ state: Buffer }[]>`select state from hocuspocus_documents where name = ${documentName}`;
        if (row) Y.applyUpdate(document, new Uint8Array(row.state));
        return document;
      },
      async onStoreDocument({ documentName, document }) {
        stores++;
        const state = Buffer.from(Y.encodeStateAsUpdate(document));
        await sql`insert into hocuspocus_documents (name, state) values (${documentName}, ${state}) on conflict (name) do update set state = excluded.state`;
      },
    });
    await server.listen();
    send({ type: "ready", port: (server.httpServer.address() as AddressInfo).port });
    onControl(async () => {
      clearInterval(rss);
      await server.destroy();
      await sql.end({ timeout: 5 });
      send({ type: "stopped", stats: { stores, ...delayStats() } }, () => process.exit(0));
    });
  }
});
