/**
 * `folio admin create-user` / `create-api-key`: automation against the same database the server
 * uses (DATABASE_URL, or the embedded one in FOLIO_DATA_DIR / ./data). While a server holds the
 * embedded database, commands go through that server's local admin endpoint instead, because a
 * second process must never open the PGlite directory.
 */
import { parseArgs } from "node:util";
import { openDatabase } from "../../db/client";
import { databaseTarget, loadConfig } from "../../server/config";
import { claimDataDir, dataDirHolder, releaseDataDir } from "../../server/dataDirLock";
import { findUser, signUp } from "../../server/services/accounts";
import { createApiKey } from "../../server/services/apiKeys";
import { ServiceError } from "../../server/services/ServiceError";

const USAGE = `Usage:
  folio admin create-user --email E --password P [--name N]
  folio admin create-api-key --email E [--name N]     prints only the key

Uses DATABASE_URL when set, otherwise the embedded database in FOLIO_DATA_DIR (default ./data);
when a Folio server is running on that directory the command goes through it.`;

type Op = { kind: "create-user"; email: string; password: string; name?: string } | { kind: "create-api-key"; email: string; name?: string };

/** Runs `folio admin ...`; returns the exit code. */
export async function runAdmin(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === "--help" || sub === "-h") {
    console.log(USAGE);
    return sub ? 0 : 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: rest, options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" }, help: { type: "boolean" } }, strict: true }));
  } catch (e) {
    console.error(`folio admin: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  let op: Op;
  if (sub === "create-user") {
    if (typeof values.email !== "string" || typeof values.password !== "string") return usageError("create-user needs --email and --password");
    op = { kind: "create-user", email: values.email, password: values.password, name: values.name as string | undefined };
  } else if (sub === "create-api-key") {
    if (typeof values.email !== "string") return usageError("create-api-key needs --email");
    op = { kind: "create-api-key", email: values.email, name: values.name as string | undefined };
  } else return usageError(`unknown admin command "${sub}"`);

  try {
    const output = await execute(op);
    console.log(output);
    return 0;
  } catch (e) {
    console.error(`folio admin ${sub}: ${e instanceof ServiceError || e instanceof AdminError ? e.message : String(e)}`);
    return 1;
  }
}

function usageError(message: string): number {
  console.error(`folio admin: ${message}\n\n${USAGE}`);
  return 2;
}

class AdminError extends Error {}

async function execute(op: Op): Promise<string> {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) {
    const holder = dataDirHolder(config.dataDir);
    if (holder) {
      if (!holder.port || !holder.adminToken) throw new AdminError(`a Folio server (pid ${holder.pid}) is starting on ${config.dataDir}; try again in a moment`);
      return viaServer(holder.port, holder.adminToken, op);
    }
    claimDataDir(config.dataDir);
  }
  const database = await openDatabase(databaseTarget(config, { poolSize: 2 }));
  try {
    await database.migrate();
    if (op.kind === "create-user") {
      const user = await signUp(database.db, { email: op.email, password: op.password, name: op.name });
      return `Created ${user.email} (id ${user.id})${user.isAdmin ? " — instance admin" : ""}`;
    }
    const user = await findUser(database.db, { email: op.email });
    if (!user) throw new AdminError(`no user with email ${op.email}`);
    return (await createApiKey(database.db, user.id, { name: op.name ?? "cli" })).key;
  } finally {
    await database.close();
    if (!config.databaseUrl) releaseDataDir(config.dataDir);
  }
}

async function viaServer(port: number, token: string, op: Op): Promise<string> {
  const pathname = op.kind === "create-user" ? "users" : "api-keys";
  const body = op.kind === "create-user" ? { email: op.email, password: op.password, name: op.name } : { email: op.email, name: op.name };
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/admin/${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-folio-admin-token": token },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { user?: { email: string; id: string; isAdmin: boolean }; key?: string; error?: { message: string } };
  if (!res.ok) throw new AdminError(json.error?.message ?? `server answered ${res.status}`);
  if (json.key) return json.key;
  return `Created ${json.user!.email} (id ${json.user!.id})${json.user!.isAdmin ? " — instance admin" : ""}`;
}
