/**
 * `npm start` / `npm run dev` entry: one process serving the app, the API and (later) the collab
 * WebSocket. Holds the embedded database's directory with a pid file so that a second process
 * (the CLI) knows to go through this server instead of opening it.
 */
import { loadConfig } from "./config";
import { startFolio } from "./app";
import { hasUsers } from "./services/accounts";
import { claimDataDir, releaseDataDir } from "./dataDirLock";

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

  let server;
  try {
    server = await startFolio(config, { remix: config.mode === "development" ? "dev" : config.mode === "api-only" ? "none" : "build" });
  } catch (error) {
    if (embedded) releaseDataDir(config.dataDir);
    const e = error as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE") console.error(`Port ${config.port} is in use. Stop the other program or set PORT=3001.`);
    else console.error("Folio failed to start:", error);
    process.exit(1);
  }
  if (embedded) claimDataDir(config.dataDir, { port: server.port, adminToken: server.services.adminToken });

  const first = !(await hasUsers(server.services.db));
  const url = config.publicUrl ?? `http://localhost:${server.port}`;
  const db = embedded ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : "PostgreSQL (DATABASE_URL)";
  const lines = [
    "",
    `  Folio is running at ${url}`,
    `  Database: ${db}, migrations applied`,
    "",
    ...(first
      ? [
          "  First run — next steps:",
          `    1. Open ${url}/signup and create your account (the first account is the instance admin).`,
          `    2. Settings → API keys: create a key, then in a terminal:`,
          `         npx folio login --url ${url}`,
          `         npx folio demo          # streams a small live sweep so you can watch runs arrive`,
        ]
      : [`  Sign in at ${url}/login · API docs: docs/api.md · Log runs: npx folio login && npx folio demo`]),
    "",
  ];
  console.log(lines.join("\n"));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[folio] ${signal}: finishing in-flight requests and closing the database…`);
    const force = setTimeout(() => {
      console.error("[folio] shutdown took over 25 s; exiting");
      process.exit(1);
    }, 25_000);
    force.unref();
    try {
      await server.close();
      if (embedded) releaseDataDir(config.dataDir);
      console.log("[folio] stopped cleanly");
      process.exit(0);
    } catch (error) {
      console.error("[folio] error during shutdown:", error);
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

void main();
