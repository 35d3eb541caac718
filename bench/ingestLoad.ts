/**
 * Child process of the ingest benchmark: N clients, each a training run logging its history over
 * its own keep-alive connection, one request at a time, as the SDKs do. It runs in its own process
 * (own event loop) so that generating load never steals the server's. Each request carries
 * `stepsPerRequest` new steps of 10–20 metrics: mostly inserts, like real training.
 *
 * The load generator shares the machine's two cores with the server and PostgreSQL, so it must be
 * cheap: each client renders its body once, with every step number in a fixed-width field (JSON
 * allows the padding spaces), and before each request only overwrites those fields.
 */
import http from "node:http";
import type { LoadReply, LoadSpec } from "./ingestProtocol";

const send = (m: LoadReply) => process.send!(m);

const METRIC_NAMES = [
  "train/loss", "train/acc", "train/lr", "train/grad_norm", "train/tokens_per_s", "val/loss", "val/acc", "val/ppl",
  "sys/gpu_util", "sys/gpu_mem_gb", "sys/cpu_percent", "layers/0/weight_norm", "layers/1/weight_norm",
  "layers/2/weight_norm", "layers/3/weight_norm", "optim/beta1_ema", "optim/update_ratio", "data/epoch",
  "data/samples_seen", "eval/bleu",
];
const ROW_VARIANTS = 16;

const STEP_WIDTH = 16; // digits of Number.MAX_SAFE_INTEGER, plus one

/** One logging run: its id, its request body, and where the step numbers go in it. */
interface ClientRun {
  id: string;
  pointsPerRow: number;
  body: Buffer;
  stepOffsets: number[];
  nextStep: number;
}

/** Renders a body of `rows` rows of `names` with blank step fields; returns it and the field offsets. */
function renderBody(rows: number, names: string[]): { body: Buffer; stepOffsets: number[] } {
  const tails = Array.from({ length: ROW_VARIANTS }, (_, v) => {
    const metrics: Record<string, number> = {};
    for (const n of names) metrics[n] = Math.random() * 10;
    return `,"time":${1_732_300_000 + v + Math.random()},"metrics":${JSON.stringify(metrics)}}`;
  });
  let text = '{"rows":[';
  const stepOffsets: number[] = [];
  for (let s = 0; s < rows; s++) {
    text += `${s ? "," : ""}{"step":`;
    stepOffsets.push(text.length);
    text += `${" ".repeat(STEP_WIDTH - 1)}0${tails[s % ROW_VARIANTS]}`;
  }
  return { body: Buffer.from(`${text}]}`, "latin1"), stepOffsets };
}

async function main(spec: LoadSpec) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.clients });
  const auth = `Bearer ${spec.apiKey}`;
  const post = (path: string, body: string | Buffer) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        `${spec.url}${path}`,
        { method: "POST", agent, headers: { authorization: auth, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  const runs: ClientRun[] = [];
  for (let i = 0; i < spec.clients; i++) {
    const res = await post("/api/v1/runs", JSON.stringify({ project: "bench", name: `bench-${i}` }));
    if (res.status !== 201) throw new Error(`creating a run failed: ${res.status} ${res.text}`);
    const pointsPerRow = 10 + ((i * 7) % 11);
    const { body, stepOffsets } = renderBody(spec.stepsPerRequest, METRIC_NAMES.slice(0, pointsPerRow));
    runs.push({ id: JSON.parse(res.text).id, pointsPerRow, body, stepOffsets, nextStep: 0 });
  }

  const start = performance.now();
  const windowStart = start + spec.warmupSeconds * 1000;
  const deadline = windowStart + spec.seconds * 1000;
  const measuring = setTimeout(() => send({ type: "measuring" }), windowStart - start);
  const windowEnded = setTimeout(() => send({ type: "window-ended" }), deadline - start);
  let ackedPoints = 0, ackedRequests = 0, windowPoints = 0, windowRequests = 0, errors = 0;
  let firstError: string | null = null;
  const latenciesMs: number[] = [];

  const client = async (run: ClientRun) => {
    while (performance.now() < deadline) {
      for (let s = 0; s < spec.stepsPerRequest; s++) {
        run.body.write(String(run.nextStep + s).padStart(STEP_WIDTH), run.stepOffsets[s], "latin1");
      }
      run.nextStep += spec.stepsPerRequest;
      const expected = spec.stepsPerRequest * run.pointsPerRow;
      const sent = performance.now();
      let res: { status: number; text: string };
      try {
        res = await post(`/api/v1/runs/${run.id}/history`, run.body);
      } catch (error) {
        errors++;
        firstError ??= String(error);
        continue;
      }
      const acked = performance.now();
      const accepted = res.status === 200 ? (JSON.parse(res.text) as { accepted: number }).accepted : -1;
      if (accepted !== expected) {
        errors++;
        firstError ??= `HTTP ${res.status}: ${res.text.slice(0, 300)} (expected ${expected} accepted)`;
        continue;
      }
      ackedPoints += accepted;
      ackedRequests++;
      if (acked >= windowStart && acked <= deadline) {
        windowPoints += accepted;
        windowRequests++;
      }
      if (sent >= windowStart) latenciesMs.push(acked - sent);
    }
  };
  await Promise.all(runs.map(client));
  clearTimeout(measuring);
  clearTimeout(windowEnded);
  agent.destroy();
  latenciesMs.sort((a, b) => a - b);
  send({ type: "done", ackedPoints, ackedRequests, windowPoints, windowRequests, windowSeconds: spec.seconds, latenciesMs, errors, firstError });
  process.disconnect();
}

process.once("message", (spec: LoadSpec) => {
  main(spec).catch((error) => {
    console.error("[bench load]", error);
    process.exit(1);
  });
});
