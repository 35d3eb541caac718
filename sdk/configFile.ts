/**
 * `~/.folio/config.json`: where `folio login` saves the server URL and API key. The directory
 * can be moved with `FOLIO_CONFIG_DIR`; the file is written with mode 0600 because it holds a
 * secret.
 */
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";

/** What the config file may hold. Unknown keys are kept on rewrite. */
export const configFileSchema = z
  .object({
    url: z.string().url().optional(),
    apiKey: z.string().min(1).optional(),
  })
  .passthrough();

/** The parsed contents of config.json. */
export type ConfigFile = z.infer<typeof configFileSchema>;

/** The Folio config directory: `$FOLIO_CONFIG_DIR`, else `~/.folio`. */
export function configDir(env: Record<string, string | undefined>): string {
  return env.FOLIO_CONFIG_DIR || join(homedir(), ".folio");
}

/** Path of config.json inside `dir`. */
export function configFilePath(dir: string): string {
  return join(dir, "config.json");
}

/** Reads config.json; an absent file is an empty config, a malformed one an error. */
export async function readConfigFile(dir: string): Promise<ConfigFile> {
  const path = configFilePath(dir);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON; fix it or run \`folio login\` again`);
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Merges `values` into config.json, atomically, readable by the owner only. */
export async function writeConfigFile(dir: string, values: ConfigFile): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = configFilePath(dir);
  const current = await readConfigFile(dir).catch(() => ({}));
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify({ ...current, ...values }, null, 2) + "\n", { mode: 0o600 });
  // writeFile's mode only applies to new files and is filtered by the umask: make sure.
  await chmod(temp, 0o600);
  await rename(temp, path);
  return path;
}
