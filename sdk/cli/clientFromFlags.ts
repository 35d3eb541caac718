/**
 * The client a server-talking command uses: `--url`/`--key` flags, then FOLIO_URL /
 * FOLIO_API_KEY, then `folio login`'s config file.
 */
import { FolioClient } from "../client";
import { resolveSettings } from "../resolveSettings";
import type { CliContext } from "./CliContext";

/** Option definitions shared by commands that talk to a server (for `parseArgs`). */
export const serverOptions = {
  url: { type: "string" },
  key: { type: "string" },
} as const;

/** Builds a client from flags, environment and config file. */
export async function clientFromFlags(flags: { url?: string; key?: string }, ctx: CliContext): Promise<FolioClient> {
  const settings = await resolveSettings({ url: flags.url, apiKey: flags.key }, ctx.env);
  return new FolioClient({ ...settings, fetch: ctx.fetch });
}

/** Retry budget for CLI uploads: FOLIO_RETRY_SECONDS, default 60 s. */
export function retryPolicyFromEnv(env: Record<string, string | undefined>): { budgetMs: number } {
  const seconds = env.FOLIO_RETRY_SECONDS ? Number(env.FOLIO_RETRY_SECONDS) : 60;
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`FOLIO_RETRY_SECONDS must be a number of seconds, got ${JSON.stringify(env.FOLIO_RETRY_SECONDS)}`);
  }
  return { budgetMs: seconds * 1000 };
}
