/**
 * `folio login`: checks an API key against the server and saves it with the server URL in
 * `~/.folio/config.json`, where the SDK and the other commands find it.
 */
import { parseArgs } from "node:util";
import { FolioClient } from "../client";
import { configDir, readConfigFile, writeConfigFile } from "../configFile";
import type { CliContext } from "./CliContext";
import { UsageError, type Command } from "./Command";
import { promptSecret } from "./promptSecret";

const DEFAULT_URL = "http://localhost:3000";

/** `folio login [--url URL] [--key KEY]`. */
export const loginCommand: Command = {
  name: "login",
  summary: "save a server URL and API key for the SDK and the CLI",
  usage: `Usage: folio login [--url URL] [--key KEY]

Checks the API key against the server (GET /api/v1/me) and saves url and key to
$FOLIO_CONFIG_DIR/config.json (default ~/.folio/config.json, readable only by you).
Asks for the key, without echoing it, when --key is not given. Create a key in the web
app under Settings → API keys, or with \`folio admin create-api-key\`.

Options:
  --url URL   server URL (default: FOLIO_URL, then the saved URL, then ${DEFAULT_URL})
  --key KEY   API key (default: ask)`,

  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { url: { type: "string" }, key: { type: "string" } }, strict: true });
    const dir = configDir(ctx.env);
    const saved = await readConfigFile(dir).catch(() => ({ url: undefined }));
    const url = values.url || ctx.env.FOLIO_URL || saved.url || DEFAULT_URL;
    if (!/^https?:\/\//.test(url)) throw new UsageError(`--url must start with http:// or https://, got "${url}"`);
    const apiKey = values.key ?? (await promptSecret(ctx, `API key for ${url}: `));
    if (!apiKey) throw new UsageError("no API key given");

    const client = new FolioClient({ url, apiKey, fetch: ctx.fetch });
    const me = await client.me();
    const path = await writeConfigFile(dir, { url: client.url, apiKey });
    ctx.stdout.write(`Logged in to ${client.url} as ${me.user.name ? `${me.user.name} <${me.user.email}>` : me.user.email}\n`);
    if (me.teams.length > 0) {
      ctx.stdout.write(`Teams: ${me.teams.map((t) => `${t.slug} (${t.role})`).join(", ")}\n`);
    }
    ctx.stdout.write(`Saved to ${path}\n`);
    return 0;
  },
};
