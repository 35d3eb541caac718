/**
 * Child process of the ingest benchmark: one Folio server (real HTTP, real database) with a user
 * and an API key created directly in the database. It runs in its own process so the load
 * generator never shares its event loop and its RSS is the server's alone. Driven over IPC:
 * `ready` → `measure` (start of the timed window) → `count` → `stop`.
 */
import { sql } from "drizzle-orm";
import { rows } from "../db/client";
import { startFolio } from "../server/app";
import { signUp } from "../server/services/accounts";
import { createApiKey } from "../server/services/apiKeys";
import { NaiveHistoryWriter } from "./NaiveHistoryWriter";
import { benchServerConfig } from "./serverConfig";
import type { ServerReply, ServerRequest, ServerSpec } from "./ingestProtocol";

const send = (m: ServerReply) => process.send!(m);

async function main(spec: ServerSpec) {
  const config = benchServerConfig(spec, spec.poolSize ? { FOLIO_DB_POOL_SIZE: String(spec.poolSize) } : {});
  const server = await startFolio(config, { remix: "none" });
  const user = await signUp(server.services.db, { email: "bench@example.com", password: "correct horse battery", name: "bench" });
  const { key } = await createApiKey(server.services.db, user.id, { name: "bench" });
  // The router reads services.writer per request, so swapping the object swaps the write path.
  if (spec.writer === "naive") (server.services as { writer: unknown }).writer = new NaiveHistoryWriter(server.services.db);

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);

  process.on("message", (m: ServerRequest) => {
    void (async () => {
      if (m.type === "measure") {
        peakRss = process.memoryUsage().rss;
      } else if (m.type === "count") {
        const [{ n }] = await rows<{ n: string | number }>(server.services.db, sql`select count(*) as n from metric_points`);
        send({ type: "counted", points: Number(n), peakRss });
      } else if (m.type === "stop") {
        clearInterval(sampler);
        await server.close();
        send({ type: "stopped" });
        process.disconnect();
      }
    })().catch((error) => {
      console.error("[bench server]", error);
      process.exit(1);
    });
  });
  send({ type: "ready", url: server.url, apiKey: key });
}

process.once("message", (spec: ServerSpec) => {
  main(spec).catch((error) => {
    console.error("[bench server] failed to start:", error);
    process.exit(1);
  });
});
