import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfigFile, writeConfigFile } from "./configFile";
import { MissingSettingsError, resolveSettings } from "./resolveSettings";

describe("resolveSettings", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "folio-config-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("prefers explicit values, then the environment, then the config file, field by field", async () => {
    await writeConfigFile(dir, { url: "http://file:1", apiKey: "file-key" });
    const env = { FOLIO_CONFIG_DIR: dir };
    expect(await resolveSettings({}, env)).toEqual({ url: "http://file:1", apiKey: "file-key" });
    expect(await resolveSettings({}, { ...env, FOLIO_URL: "http://env:2" })).toEqual({ url: "http://env:2", apiKey: "file-key" });
    expect(await resolveSettings({ apiKey: "flag" }, { ...env, FOLIO_API_KEY: "env" })).toEqual({ url: "http://file:1", apiKey: "flag" });
  });

  it("explains what is missing", async () => {
    await expect(resolveSettings({}, { FOLIO_CONFIG_DIR: dir })).rejects.toThrow(MissingSettingsError);
    await expect(resolveSettings({ url: "http://x" }, { FOLIO_CONFIG_DIR: dir })).rejects.toThrow(/no Folio API key/);
  });

  it("writes the config file with mode 0600, keeping other keys, and rejects a corrupt one", async () => {
    await writeFile(join(dir, "config.json"), JSON.stringify({ theme: "dark" }), { mode: 0o644 });
    await writeConfigFile(dir, { url: "http://a", apiKey: "k" });
    expect(await readConfigFile(dir)).toEqual({ theme: "dark", url: "http://a", apiKey: "k" });
    expect((await stat(join(dir, "config.json"))).mode & 0o777).toBe(0o600);
    await writeFile(join(dir, "config.json"), "{");
    await expect(readConfigFile(dir)).rejects.toThrow(/is not valid JSON/);
  });
});
