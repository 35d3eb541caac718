/**
 * `npm run collab`: collab-server alone, on the same configuration and database as Folio (set
 * DATABASE_URL so both processes share PostgreSQL; an embedded PGlite directory can only be open in
 * one process). Serves `/collab/{reportId}` upgrades and `/healthz`; the HTTP API stays in Folio.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "../db/client";
import { databaseTarget, loadConfig } from "./config";
import { claimDataDir, releaseDataDir } from "./dataDirLock";
import { createServices } from "./services/Services";

async function main() {
  let config;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const embedded = !config.databaseUrl;
  if (embedded) claimDataDir(config.dataDir);
  const database = await openDatabase(databaseTarget(config));
  await database.migrate();
  const services = await createServices(database, config);
  const server = http.createServer((req, res) => {
    if (req.url === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, db: database.kind, ...services.collab.stats() }));
    } else {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "not_found", message: "collab-server serves /collab/{reportId} only" } }));
    }
  });
  server.on("upgrade", (req, socket, head) => {
    if (!services.collab.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  // Access changes reach this process through the report feed (LISTEN/NOTIFY); this sweep catches
  // access lost without an event (expired sessions, revoked API keys), as in server/app.ts.
  const recheck = setInterval(() => {
    services.collab.recheckAccess().catch((e) => console.error("[collab] access recheck failed:", e));
  }, config.crashSweepSeconds * 1000);
  recheck.unref();
  console.log(`Folio collab-server is running at ws://${config.host}:${(server.address() as AddressInfo).port}/collab/{reportId}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[collab] ${signal}: committing accepted updates and closing sockets…`);
    try {
      await services.collab.close();
      await services.compaction.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.writer.drain();
      await services.rollups.stop();
      clearInterval(recheck);
      await services.feed.stop();
      await services.reportFeed.stop();
      await services.mailer.close();
      await database.close();
      if (embedded) releaseDataDir(config.dataDir);
      process.exit(0);
    } catch (error) {
      console.error("[collab] error during shutdown:", error);
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

void main();
