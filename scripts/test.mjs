#!/usr/bin/env node
// `npm test`: unit + integration (on PostgreSQL when DATABASE_URL is set, else PGlite), then the
// browser e2e suite in Debian's Chromium (installed through apt when missing and we are root).
// Prints one closing line "N passed, N failed" over everything that ran.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { summarize } from "./summary.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);
const results = path.join(root, ".test-results");
if (!process.env.FOLIO_KEEP_RESULTS) rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const vitest = path.join(root, "node_modules/vitest/vitest.mjs");

function runVitest(name, projects, env = {}) {
  const args = [vitest, "run", ...projects.flatMap((p) => ["--project", p]), "--reporter=default", "--reporter=json", `--outputFile.json=${path.join(results, `${name}.json`)}`];
  const r = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status === 0;
}

function ensureChromium() {
  if (existsSync("/usr/bin/chromium")) return true;
  if (process.getuid?.() !== 0) {
    console.error("Chromium is missing (/usr/bin/chromium) and we are not root: run `sudo apt-get install -y chromium` to enable the browser tests.");
    return false;
  }
  console.log("Installing Debian's Chromium for the browser tests (apt-get install -y chromium)…");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  return existsSync("/usr/bin/chromium");
}

const backend = process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite";
console.log(`\n▶ unit + integration tests on ${backend}`);
let ok = runVitest("main", ["unit", "integration"]);
console.log("\n▶ browser e2e tests (Chromium)");
if (ensureChromium()) ok = runVitest("e2e", ["e2e"]) && ok;
else ok = false;

const { passed, failed, skipped, failures } = summarize(results);
if (failures.length) console.log("");
for (const line of failures) console.log(`FAILED ${line}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(ok && failed === 0 ? 0 : 1);
