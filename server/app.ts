/**
 * Assembles one Folio server process: database (opened once, here), migrations, services, the
 * HTTP API, the Remix app, and graceful shutdown. Tests start it on port 0 with `remix: "none"`.
 */
import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import express from "express";
import { openDatabase, type Database } from "../db/client";
import { databaseTarget, type Config } from "./config";
import { apiRouter } from "./http/apiRouter";
import { withContentSecurityPolicy } from "./http/contentSecurityPolicy";
import { sameOriginMutations } from "./http/expressHelpers";
import { purgeExpiredReports } from "./services/reports";
import { sweepCrashedRuns } from "./services/runs";
import { createServices, type Services } from "./services/Services";

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
    /** This response's Content-Security-Policy nonce (production only). */
    cspNonce?: string;
  }
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A running server. */
export interface FolioServer {
  url: string;
  port: number;
  services: Services;
  database: Database;
  /** Graceful stop: refuse new connections, finish in-flight requests, flush writes, close the database. */
  close(): Promise<void>;
}

/** Options beyond the config. */
export interface StartOptions {
  /** `build`: serve build/ (production), `dev`: Vite middleware with HMR, `none`: API only. */
  remix: "build" | "dev" | "none";
}

/** Opens the database, migrates, and listens. */
export async function startFolio(config: Config, opts: StartOptions): Promise<FolioServer> {
  const database = await openDatabase(databaseTarget(config));
  let ready = false;
  let stopping = false;
  try {
    await database.migrate();
  } catch (error) {
    await database.close();
    throw error;
  }
  const services = await createServices(database, config);
  ready = true;

  const sseClosers = new Set<() => void>();
  const app = express();
  app.disable("x-powered-by");
  // No ETag on the API's JSON: it is live data, never answered 304, and hashing a panel's few
  // hundred kilobytes of series cost the server more than encoding them (static assets keep theirs).
  app.disable("etag");
  app.set("trust proxy", "loopback");
  app.use((_req, res, next) => {
    // While stopping, connections are not kept alive, so in-flight requests end their sockets.
    if (stopping) res.setHeader("Connection", "close");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    next();
  });
  app.get("/healthz", (_req, res) => {
    if (!ready || stopping) res.status(503).json({ ok: false, db: database.kind });
    else res.json({ ok: true, db: database.kind });
  });
  app.use(sameOriginMutations);
  app.use(
    "/api/v1",
    apiRouter(services, {
      trackSse: (close) => {
        sseClosers.add(close);
        return () => sseClosers.delete(close);
      },
    }),
  );

  let vite: { close(): Promise<void> } | null = null;
  if (opts.remix !== "none") vite = await mountRemix(app, services, opts.remix);

  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  // Collaborative reports: WebSocket upgrades on /collab/{reportId} (collab-server/).
  server.on("upgrade", (req, socket, head) => {
    if (!services.collab.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const sweep = setInterval(() => {
    sweepCrashedRuns(services.db, config.heartbeatTimeoutSeconds).catch((e) => console.error("[folio] crash sweep failed:", e));
    purgeExpiredReports(services.db).catch((e) => console.error("[folio] report purge failed:", e));
    // Backstop for access lost without an event (an expired session, a revoked API key).
    services.collab.recheckAccess().catch((e) => console.error("[folio] collab access recheck failed:", e));
  }, config.crashSweepSeconds * 1000);
  sweep.unref();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      stopping = true;
      clearInterval(sweep);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const end of [...sseClosers]) end();
      // A keep-alive socket whose request finishes after close() began turns idle later: reap it then.
      const reaper = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      // Commit every accepted collab update, then close its sockets with serverShuttingDown.
      await services.collab.close();
      await services.compaction.close();
      await closed; // in-flight requests have been answered
      clearInterval(reaper);
      await services.writer.drain();
      await services.rollups.stop();
      await services.feed.stop();
      await services.reportFeed.stop();
      await services.mailer.close();
      await vite?.close();
      await database.close();
    })());

  return { url: `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`, port, services, database, close };
}

async function mountRemix(app: express.Express, services: Services, mode: "build" | "dev") {
  const { createRequestHandler } = await import("@remix-run/express");
  const getLoadContext = (_req: express.Request, res: express.Response) => ({ services, cspNonce: res.locals.cspNonce as string | undefined });
  if (mode === "dev") {
    const { createServer } = await import("vite");
    const vite = await createServer({ root: ROOT, server: { middlewareMode: true } });
    app.use(vite.middlewares);
    app.all(
      "*",
      createRequestHandler({
        build: () => vite.ssrLoadModule("virtual:remix/server-build") as any,
        getLoadContext,
        mode: "development",
      }),
    );
    return vite;
  }
  const buildEntry = path.join(ROOT, "build/server/index.js");
  if (!existsSync(buildEntry)) throw new Error("No production build found: run `npm run build` (npm start does this for you).");
  // React chooses its build when the server build first imports it: the production one unless
  // NODE_ENV says otherwise (the development one renders pages several times slower).
  process.env.NODE_ENV ??= "production";
  const build = await import(pathToFileURL(buildEntry).href);
  app.use("/assets", express.static(path.join(ROOT, "build/client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(ROOT, "build/client"), { maxAge: "1h" }));
  app.all("*", withContentSecurityPolicy, createRequestHandler({ build, getLoadContext, mode: "production" }));
  return null;
}
