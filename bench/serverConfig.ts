/** The configuration of a benchmark's Folio server: production mode, a free port on 127.0.0.1, its scratch database. */
import { loadConfig, type Config } from "../server/config";

/** `dataDir` and `databaseUrl` from the scratch database; `env` adds or overrides variables. */
export function benchServerConfig(db: { dataDir: string; databaseUrl?: string }, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    FOLIO_DATA_DIR: db.dataDir,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    FOLIO_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    ...env,
  });
}
