/**
 * Server configuration: read once at start-up from the environment (and flags), validated with
 * zod, then passed down. Nothing else in the server reads `process.env`.
 */
import path from "node:path";
import { z } from "zod";
import type { DatabaseTarget } from "../db/client";

const bool = z
  .enum(["true", "false", "1", "0", "auto"])
  .transform((v) => (v === "auto" ? "auto" : v === "true" || v === "1"));

export const ConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().min(1).default("0.0.0.0"),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
  dataDir: z.string().min(1).default("./data"),
  // Stored without a trailing slash: links are made by appending paths.
  publicUrl: z.string().url().transform((u) => u.replace(/\/$/, "")).optional(),
  secret: z.string().min(32, "must be at least 32 characters").optional(),
  heartbeatTimeoutSeconds: z.coerce.number().positive().default(300),
  crashSweepSeconds: z.coerce.number().positive().default(30),
  maxBodyBytes: z.coerce.number().int().positive().default(8 * 1024 * 1024),
  secureCookies: bool.default("auto"),
  dbPoolSize: z.coerce.number().int().min(2).max(100).default(10),
  /** Named prepared statements for Folio's hot fixed statements; off behind a pooler that cannot keep them. */
  dbPreparedStatements: z.enum(["true", "false", "1", "0"]).default("true").transform((v) => v === "true" || v === "1"),
  /** Worker threads that compact collab reports off the event loop; 0 compacts on the main thread. */
  compactionWorkers: z.coerce.number().int().min(0).max(16).default(1),
  mode: z.enum(["production", "development", "api-only"]).default("production"),
  /** SMTP server for notification emails (`smtp://user:pass@host:port`, `smtps://…`); unset: no email. */
  smtpUrl: z.string().regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL").optional(),
  /** The From address of notification emails. */
  mailFrom: z.string().min(3).max(320).default("Folio <folio@localhost>"),
});

/** Validated server configuration. */
export type Config = z.infer<typeof ConfigSchema>;

/** Maps environment variables and CLI flags onto the config schema; throws a readable error. */
export function loadConfig(env: Record<string, string | undefined>, argv: string[] = []): Config {
  const raw = {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.FOLIO_DATA_DIR,
    publicUrl: env.FOLIO_PUBLIC_URL,
    secret: env.FOLIO_SECRET,
    heartbeatTimeoutSeconds: env.FOLIO_HEARTBEAT_TIMEOUT_SECONDS,
    crashSweepSeconds: env.FOLIO_CRASH_SWEEP_SECONDS,
    maxBodyBytes: env.FOLIO_MAX_BODY_BYTES,
    secureCookies: env.FOLIO_SECURE_COOKIES,
    dbPoolSize: env.FOLIO_DB_POOL_SIZE,
    dbPreparedStatements: env.FOLIO_DB_PREPARED_STATEMENTS || undefined,
    compactionWorkers: env.FOLIO_COMPACTION_WORKERS,
    smtpUrl: env.FOLIO_SMTP_URL || undefined,
    mailFrom: env.FOLIO_MAIL_FROM || undefined,
    mode: argv.includes("--dev") ? "development" : argv.includes("--api-only") ? "api-only" : undefined,
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const names: Record<string, string> = {
      port: "PORT", host: "HOST", databaseUrl: "DATABASE_URL", dataDir: "FOLIO_DATA_DIR", publicUrl: "FOLIO_PUBLIC_URL",
      secret: "FOLIO_SECRET", heartbeatTimeoutSeconds: "FOLIO_HEARTBEAT_TIMEOUT_SECONDS",
      crashSweepSeconds: "FOLIO_CRASH_SWEEP_SECONDS", maxBodyBytes: "FOLIO_MAX_BODY_BYTES",
      secureCookies: "FOLIO_SECURE_COOKIES", dbPoolSize: "FOLIO_DB_POOL_SIZE", dbPreparedStatements: "FOLIO_DB_PREPARED_STATEMENTS", compactionWorkers: "FOLIO_COMPACTION_WORKERS", smtpUrl: "FOLIO_SMTP_URL",
      mailFrom: "FOLIO_MAIL_FROM",
    };
    const lines = parsed.error.issues.map((i) => `  ${names[String(i.path[0])] ?? i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.dataDir) };
}

/** The database the configuration names: PostgreSQL at DATABASE_URL, else PGlite under the data directory. */
export function databaseTarget(config: Config, overrides: { poolSize?: number } = {}): DatabaseTarget {
  return config.databaseUrl
    ? { kind: "postgres", url: config.databaseUrl, poolSize: overrides.poolSize ?? config.dbPoolSize, prepare: config.dbPreparedStatements }
    : { kind: "pglite", dataDir: path.join(config.dataDir, "pglite") };
}
