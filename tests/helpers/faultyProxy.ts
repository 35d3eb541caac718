/**
 * An HTTP proxy that injects the failures clients meet in the wild: 502s before the server sees
 * the request, connections dropped before forwarding, and connections dropped AFTER the server
 * committed (the response is lost, so the client must retry a write that already landed).
 * Deterministic for a seed.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

/** Counts of what was injected. */
export interface FaultStats {
  forwarded: number;
  badGateway: number;
  droppedBefore: number;
  droppedAfter: number;
}

/** Starts the proxy in front of `target`; `rate` is the chance of each failure kind per request. */
export async function startFaultyProxy(target: string, opts: { seed?: number; rate?: number; dropAfterEvery?: number } = {}) {
  let state = opts.seed ?? 42;
  const random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rate = opts.rate ?? 0.1;
  const stats: FaultStats = { forwarded: 0, badGateway: 0, droppedBefore: 0, droppedAfter: 0 };
  const upstream = new URL(target);
  // Besides the random faults, every Nth write loses its response after the server committed, so
  // a test is sure to exercise the retry-of-a-landed-write path however few requests it makes.
  const dropAfterEvery = opts.dropAfterEvery ?? 5;
  let writes = 0;

  const server = http.createServer((req, res) => {
    const roll = random();
    // Only writes get faults after forwarding; every request can fail before.
    if (roll < rate) {
      stats.badGateway++;
      req.resume();
      res.writeHead(502, { "content-type": "text/plain" }).end("bad gateway (injected)");
      return;
    }
    if (roll < 2 * rate) {
      stats.droppedBefore++;
      req.socket.destroy();
      return;
    }
    const isWrite = req.method !== "GET";
    if (isWrite) writes++;
    const dropAfter = isWrite && (roll < 3 * rate || writes % dropAfterEvery === 0);
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const fwd = http.request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
        (up) => {
          const body: Buffer[] = [];
          up.on("data", (c) => body.push(c));
          up.on("end", () => {
            stats.forwarded++;
            if (dropAfter) {
              stats.droppedAfter++;
              req.socket.destroy();
              return;
            }
            res.writeHead(up.statusCode ?? 502, up.headers).end(Buffer.concat(body));
          });
        },
      );
      fwd.on("error", () => res.destroy());
      fwd.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
