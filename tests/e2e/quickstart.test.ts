/**
 * The README's first command, as `npm start` runs it: build when stale, embedded database under
 * FOLIO_DATA_DIR, migrations applied, a first-run banner, /healthz 200, the sign-up page served,
 * and a clean exit on SIGTERM.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";

it("npm start serves Folio on the embedded database with a first-run banner", async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "folio-start-"));
  const proc = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", FOLIO_DATA_DIR: dataDir, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout.on("data", (d) => (out += d));
  proc.stderr.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  try {
    const deadline = Date.now() + 120_000;
    let url: string | null = null;
    while (!url && Date.now() < deadline) {
      url = /Folio is running at (http:\/\/\S+)/.exec(out)?.[1]?.replace("localhost", "127.0.0.1") ?? null;
      if (!url) await new Promise((r) => setTimeout(r, 100));
    }
    expect(url, out).toBeTruthy();
    expect(out).toContain("embedded PostgreSQL (PGlite)");
    expect(out).toContain("First run");
    expect(out).toMatch(/\/signup/);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, db: "pglite" });
    const signup = await fetch(`${url}/signup`);
    expect(signup.status).toBe(200);
    expect(await signup.text()).toMatch(/<form/i);

    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toContain("stopped cleanly");
  } finally {
    if (proc.exitCode === null) proc.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});
