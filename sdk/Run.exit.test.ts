import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startFakeFolioServer, type FakeFolioServer } from "./testing/startFakeFolioServer";

const run = promisify(execFile);
const sdkIndex = fileURLToPath(new URL("./index.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** A training script that logs one point then ends in the given way, in its own process. */
async function script(dir: string, ending: string): Promise<string> {
  const path = join(dir, "train.mts");
  await writeFile(
    path,
    `import { init } from ${JSON.stringify(sdkIndex)};
const run = await init({ project: "p", id: "exit0001", url: process.env.URL, apiKey: process.env.KEY, spoolDir: process.env.SPOOL, env: {},
  timing: { flushIntervalMs: 60_000 } });
run.log({ loss: 1 });
${ending}
`,
  );
  return path;
}

describe("Run at process exit", () => {
  let server: FakeFolioServer;
  let dir: string;
  beforeEach(async () => {
    server = await startFakeFolioServer();
    dir = await mkdtemp(join(tmpdir(), "folio-exit-"));
  });
  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const exec = async (path: string) =>
    run(process.execPath, ["--import", "tsx", path], {
      cwd: repoRoot,
      env: { ...process.env, URL: server.url, KEY: server.apiKey, SPOOL: join(dir, "spool") },
    }).catch((error: { code: number; stderr: string }) => error);

  it("finishes the run when the script ends without finish()", async () => {
    await exec(await script(dir, ""));
    expect(server.pointCount("exit0001")).toBe(1);
    expect(server.runs.get("exit0001")!.state).toBe("finished");
  });

  it("saves unsent data to the spool on process.exit()", async () => {
    const result = (await exec(await script(dir, "process.exit(3);"))) as { code: number; stderr: string };
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("the process exited before run exit0001 finished");
    const lines = (await readFile(join(dir, "spool", "exit0001.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.op)).toEqual(["create", "history"]);
    expect(lines[0].body).toEqual({ project: "p", id: "exit0001" });
    expect(server.pointCount("exit0001")).toBe(0);
  });
});
