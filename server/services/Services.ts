/** Everything request handlers need, built once at start-up and handed to Express and Remix. */
import type { Database, Db } from "../../db/client";
import { CompactionPool } from "../../collab-server/CompactionPool";
import { createCollabServer, type CollabServer } from "../../collab-server/createCollabServer";
import type { Logger } from "../../collab-server/documentCopy";
import { createPostgresPersistence } from "../../collab-server/persistence/postgres";
import { mailBodyMentions, notifyBodyMentions } from "./bodyMentions";
import { collabAuthorizer } from "../auth/collabAuth";
import type { Config } from "../config";
import { RollupMaintainer } from "../metrics/RollupMaintainer";
import { ChangeFeed } from "./ChangeFeed";
import { HistoryWriter } from "./HistoryWriter";
import { randomToken } from "./ids";
import { LoginThrottle } from "./LoginThrottle";
import { createMailer, type Mailer } from "./Mailer";
import { ReportFeed } from "./ReportFeed";
import { loadSecret } from "./secret";

/** The server's long-lived parts. */
export interface Services {
  db: Db;
  dbKind: Database["kind"];
  config: Config;
  secret: string;
  writer: HistoryWriter;
  feed: ChangeFeed;
  /** Keeps metric rollups current while ingestion is idle. */
  rollups: RollupMaintainer;
  /** Comment and access events of reports, across processes. */
  reportFeed: ReportFeed;
  /** Notification email (sends nothing without FOLIO_SMTP_URL). */
  mailer: Mailer;
  /** Failed sign-in counter per email. */
  loginThrottle: LoginThrottle;
  /** The collaborative report server (WebSocket upgrades on /collab/{reportId}). */
  collab: CollabServer;
  /** Worker threads compacting collab reports; closed after `collab` on shutdown. */
  compaction: CompactionPool;
  /** Per-start token that lets the local `folio admin` CLI act through the running server. */
  adminToken: string;
}

/** Builds the services over an open, migrated database. */
export async function createServices(database: Database, config: Config): Promise<Services> {
  const secret = await loadSecret(database.db, config.secret);
  const writer = new HistoryWriter(database.db, {
    // PGlite has one connection; on PostgreSQL a few lanes overlap parsing with commits.
    lanes: database.kind === "pglite" ? 1 : Math.max(2, Math.min(6, config.dbPoolSize - 2)),
    maxPoints: 200_000,
  });
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const feed = new ChangeFeed();
  await feed.start(database);
  const rollups = new RollupMaintainer(database.db, {
    intervalMs: 500,
    // PGlite runs each statement on this thread: small bites (~50 ms) keep requests flowing between them.
    pointsPerBatch: database.kind === "pglite" ? 40_000 : 400_000,
    stepsPerKey: database.kind === "pglite" ? 16_384 : 131_072,
    busy: () => writer.busy,
    onError: (error) => console.warn("[rollups] background maintenance failed; will retry", error),
  });
  rollups.start();
  // Compaction rebuilds a report's document (~150 ms of CPU for a long history): off the event loop.
  const compaction = new CompactionPool({ size: config.compactionWorkers, logger: collabLogger });
  const collab = createCollabServer({
    authorize: collabAuthorizer({ db: database.db, secret, config }),
    persistence: createPostgresPersistence(database.db, {
      logger: collabLogger,
      compactor: compaction,
      // Mentions in the body notify once per mention (server/services/bodyMentions.ts).
      onCopy: async (tx, refresh) => {
        const notified = await notifyBodyMentions(tx, refresh);
        // Emails once the notifications are committed.
        return () => void mailBodyMentions(database.db, mailer, publicOrigin(config), refresh, notified);
      },
    }),
    logger: collabLogger,
  });
  const reportFeed = new ReportFeed();
  await reportFeed.start(database);
  // Access changed somewhere: open collab sockets of that report (or all, for team changes) re-check.
  reportFeed.subscribe((event) => {
    if (event.k === "access") void collab.recheckAccess(event.r ?? undefined);
  });
  return {
    db: database.db, dbKind: database.kind, config, secret, writer, feed, rollups, reportFeed, mailer, collab, compaction,
    loginThrottle: new LoginThrottle(), adminToken: randomToken(32),
  };
}

/** Links in emails sent outside a request: FOLIO_PUBLIC_URL, else where the server listens. */
function publicOrigin(config: Config): string {
  return config.publicUrl ?? `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${config.port}`;
}

/** Warnings and errors to the console; per-socket info (bad frames from one client) is not logged. */
const collabLogger: Logger = {
  info() {},
  warn: (message, fields) => console.warn(`[collab] ${message}`, fields ?? ""),
  error: (message, fields) => console.error(`[collab] ${message}`, fields ?? ""),
};
