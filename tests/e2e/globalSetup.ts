/**
 * Once per e2e run: build the Remix app (each test file then starts its own server on `build/`
 * with a fresh database). `FOLIO_E2E_SKIP_BUILD=1` reuses an existing build.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CHROMIUM_PATH } from "./browser";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export default function setup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium) or set FOLIO_E2E_CHROMIUM.`);
  }
  if (process.env.FOLIO_E2E_SKIP_BUILD === "1") {
    if (!existsSync(`${ROOT}/build/server/index.js`)) throw new Error("FOLIO_E2E_SKIP_BUILD=1 but there is no build/: run `npx remix vite:build` first.");
    return;
  }
  const started = Date.now();
  // The production build users run: vitest sets NODE_ENV=test, which the build would inherit and
  // then bundle React's development build (slower, and not what `npm start` serves).
  const result = spawnSync("npx", ["remix", "vite:build"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`remix vite:build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  console.log(`[e2e] built the app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
