import { afterEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FolioClient } from "./client";
import { readSseEvents } from "./readSseEvents";

async function* chunks(...parts: string[]) {
  for (const part of parts) yield new TextEncoder().encode(part);
}

describe("readSseEvents", () => {
  it("assembles events split across chunks and line-ending styles", async () => {
    const events = [];
    for await (const event of readSseEvents(chunks(": hi\n\nevent: ru", "ns\r\ndata: {\"a\"\r", "\ndata: :1}\r\n\r\ndata: x\rid: 7\r\r"))) events.push(event);
    expect(events).toEqual([
      { event: "runs", data: '{"a"\n:1}', id: null },
      { event: "message", data: "x", id: "7" },
    ]);
  });
});

describe("FolioClient.events", () => {
  let server: Server;
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  it("yields parsed runs events until aborted", async () => {
    server = createServer((req, res) => {
      expect(req.url).toBe("/api/v1/events?project=alice%2Fmnist");
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write('event: runs\ndata: {"project":"alice/mnist","runs":["a"],"kind":"points"}\n\n');
      res.write("event: other\ndata: {}\n\n");
      res.write('event: runs\ndata: {"project":"alice/mnist","runs":["b"],"kind":"state"}\n\n');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const client = new FolioClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: "k" });
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const event of client.events("alice/mnist", { signal: controller.signal })) {
      seen.push(`${event.kind}:${event.runs.join()}`);
      if (seen.length === 2) controller.abort();
    }
    expect(seen).toEqual(["points:a", "state:b"]);
    server.closeAllConnections();
  });
});
