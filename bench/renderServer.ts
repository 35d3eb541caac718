/**
 * Child process of the report-render benchmark: one Folio server as `npm start` runs it (the built
 * app, production mode, real HTTP, its own database), with a user, an API key and a signed-in
 * session cookie created directly in the database. In its own process so the benchmark's browser
 * driver (Playwright's protocol traffic) and its logging client never share the server's event
 * loop. Driven over IPC: spec → `ready`; `settle` → `settled` (rollups current); `stop` → `stopped`.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { startFolio } from "../server/app";
import { sessionCookieValue, SESSION_COOKIE } from "../server/auth/sessionCookie";
import { signUp } from "../server/services/accounts";
import { createApiKey } from "../server/services/apiKeys";
import { createSession } from "../server/services/sessions";
import { benchServerConfig } from "./serverConfig";

/** What the parent sends first. */
export interface RenderServerSpec {
  dataDir: string;
  databaseUrl?: string;
}

/** What the parent sends after `ready`. */
export type RenderServerRequest = { type: "settle" } | { type: "profile"; file: string | null } | { type: "stop" };

/** What the child sends. */
export type RenderServerReply =
  | { type: "ready"; url: string; apiKey: string; cookie: { name: string; value: string } }
  | { type: "settled" }
  | { type: "profiling" }
  | { type: "stopped" };

const send = (m: RenderServerReply) => process.send!(m);

async function main(spec: RenderServerSpec) {
  const server = await startFolio(benchServerConfig(spec), { remix: "build" });
  const { db, secret } = server.services;
  const user = await signUp(db, { email: "alice@example.com", password: "correct horse battery", name: "alice" });
  const { key } = await createApiKey(db, user.id, { name: "bench" });
  const value = await sessionCookieValue(secret, await createSession(db, user.id));

  // The server's CPU profile over a window the parent chooses (FOLIO_BENCH_SERVER_PROF).
  let inspector: Session | null = null;
  process.on("message", (m: RenderServerRequest) => {
    void (async () => {
      if (m.type === "profile") {
        if (m.file === null) {
          inspector = new Session();
          inspector.connect();
          await inspector.post("Profiler.enable");
          await inspector.post("Profiler.start");
        } else if (inspector) {
          const { profile } = await inspector.post("Profiler.stop");
          writeFileSync(m.file, JSON.stringify(profile));
          inspector.disconnect();
          inspector = null;
        }
        send({ type: "profiling" });
      } else if (m.type === "settle") {
        await server.services.rollups.settle();
        send({ type: "settled" });
      } else if (m.type === "stop") {
        await server.close();
        send({ type: "stopped" });
        process.disconnect();
      }
    })().catch((error) => {
      console.error("[render bench server]", error);
      process.exit(1);
    });
  });
  send({ type: "ready", url: server.url, apiKey: key, cookie: { name: SESSION_COOKIE, value } });
}

process.once("message", (spec: RenderServerSpec) => {
  main(spec).catch((error) => {
    console.error("[render bench server] failed to start:", error);
    process.exit(1);
  });
});
