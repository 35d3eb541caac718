/**
 * A real Folio server on port 0 over a fresh database, with a user and an API key created directly
 * in the database (fixtures, not sign-up clicks).
 */
import { loadConfig, type Config } from "../../server/config";
import { startFolio, type FolioServer } from "../../server/app";
import { signUp, type User } from "../../server/services/accounts";
import { createApiKey } from "../../server/services/apiKeys";
import { createTestDatabase, type TestDatabase } from "./database";

/** A started test server. */
export interface TestServer {
  url: string;
  apiKey: string;
  user: User;
  server: FolioServer;
  database: TestDatabase;
  config: Config;
  /** Creates another user with a key. */
  addUser(email: string): Promise<{ user: User; apiKey: string }>;
  close(): Promise<void>;
}

/** Starts a server; `env` overrides configuration variables. */
export async function startTestServer(opts: { env?: Record<string, string>; remix?: "build" | "none" } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    FOLIO_DATA_DIR: database.dataDir,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    FOLIO_SECRET: "test-secret-test-secret-test-secret-0123456789",
    ...opts.env,
  });
  const server = await startFolio(config, { remix: opts.remix ?? "none" });
  const addUser = async (email: string) => {
    const user = await signUp(server.services.db, { email, password: "correct horse battery", name: email.split("@")[0] });
    const { key } = await createApiKey(server.services.db, user.id, { name: "test" });
    return { user, apiKey: key };
  };
  const first = await addUser("alice@example.com");
  return {
    url: server.url,
    apiKey: first.apiKey,
    user: first.user,
    server,
    database,
    config,
    addUser,
    close: async () => {
      await server.close();
      await database.drop();
    },
  };
}

/** fetch with the API key and JSON body. */
export async function api(t: { url: string; apiKey: string }, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${t.apiKey}`, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}
