#!/usr/bin/env node
// `npm start`: build the web app when the build is missing or older than its sources, then run
// the server in this same process (so SIGTERM reaches it directly).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const builtAt = existsSync("build/server/index.js") ? statSync("build/server/index.js").mtimeMs : 0;
const sources = Math.max(newestMtime("app"), statSync("vite.config.ts").mtimeMs, existsSync("public") ? newestMtime("public") : 0);
if (builtAt < sources) {
  console.log("Building the web app (first start, or sources changed)…");
  execFileSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], { stdio: "inherit" });
}

const { register } = await import("tsx/esm/api");
register();
await import("../server/main.ts");
