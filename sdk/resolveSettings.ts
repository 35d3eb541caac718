/**
 * Where the SDK and the CLI find the server and the key: explicit options (or CLI flags) first,
 * then `FOLIO_URL` / `FOLIO_API_KEY`, then the file `folio login` wrote. Each field is resolved
 * on its own.
 */
import { configDir, readConfigFile } from "./configFile";

/** A server and a key to talk to it with. */
export interface FolioSettings {
  url: string;
  apiKey: string;
}

/** Thrown when no URL or no key could be found anywhere. */
export class MissingSettingsError extends Error {
  override readonly name = "MissingSettingsError";
}

/** Resolves url and key from `explicit`, then `env`, then the config file. */
export async function resolveSettings(
  explicit: { url?: string; apiKey?: string },
  env: Record<string, string | undefined>,
): Promise<FolioSettings> {
  let url = explicit.url || env.FOLIO_URL;
  let apiKey = explicit.apiKey || env.FOLIO_API_KEY;
  if (!url || !apiKey) {
    const file = await readConfigFile(configDir(env));
    url ||= file.url;
    apiKey ||= file.apiKey;
  }
  if (!url) {
    throw new MissingSettingsError(
      "no Folio server configured: run `folio login`, set FOLIO_URL, or pass a url",
    );
  }
  if (!apiKey) {
    throw new MissingSettingsError(
      "no Folio API key configured: run `folio login`, set FOLIO_API_KEY, or pass an apiKey",
    );
  }
  return { url, apiKey };
}
