/**
 * 10,000 malformed, truncated and oversized frames, before authorization (pipelined behind the
 * upgrade request on a raw TCP socket, so they reach the server while it is still authorizing) and
 * after it; meanwhile two healthy clients keep editing, and the server stays up.
 */
import net from "node:net";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { docFromUpdates } from "../../collab-server/documentCopy";
import { createPostgresPersistence } from "../../collab-server/persistence/postgres";
import { CloseCode, FRAGMENT_NAME, LIMITS, MessageType } from "../../editor/protocol";
import { connectClient, rawSocket, waitFor } from "../helpers/collabClient";
import { prng, randomEdit } from "../helpers/randomEdits";
import { api, startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const frame = (...parts: ((e: encoding.Encoder) => void)[]) => {
  const e = encoding.createEncoder();
  for (const p of parts) p(e);
  return encoding.toUint8Array(e);
};

/** A real update to mutilate. */
function sampleUpdate(): Uint8Array {
  const doc = new Y.Doc();
  const random = prng(7);
  for (let i = 0; i < 20; i++) randomEdit(doc, random);
  return Y.encodeStateAsUpdate(doc);
}

/** The n-th bad frame of a seeded mix. */
function badFrame(random: () => number, sample: Uint8Array): Uint8Array {
  const int = (n: number) => Math.floor(random() * n);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  switch (int(9)) {
    case 0: return bytes(int(64));
    case 1: return frame((e) => encoding.writeVarUint(e, MessageType.sync), (e) => encoding.writeVarUint(e, 2), (e) => encoding.writeVarUint8Array(e, bytes(1 + int(64))));
    case 2: { // truncated real update, still framed as a whole one
      const cut = sample.slice(0, 1 + int(sample.length - 1));
      return frame((e) => encoding.writeVarUint(e, MessageType.sync), (e) => encoding.writeVarUint(e, 1), (e) => encoding.writeVarUint8Array(e, cut));
    }
    case 3: { // truncated frame: the declared length runs past the end
      const whole = frame((e) => encoding.writeVarUint(e, MessageType.sync), (e) => encoding.writeVarUint(e, 2), (e) => encoding.writeVarUint8Array(e, sample));
      return whole.slice(0, 3 + int(whole.length - 4));
    }
    case 4: return frame((e) => encoding.writeVarUint(e, 7 + int(100)));
    case 5: return frame((e) => encoding.writeVarUint(e, MessageType.awareness), (e) => encoding.writeVarUint8Array(e, frame((x) => encoding.writeVarUint(x, 1), (x) => encoding.writeVarUint(x, 5), (x) => encoding.writeVarUint(x, 1), (x) => encoding.writeVarString(x, "{not json"))));
    case 6: return frame((e) => encoding.writeVarUint(e, MessageType.sync), (e) => encoding.writeVarUint(e, 0), (e) => encoding.writeVarUint8Array(e, bytes(int(20))));
    case 7: return Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    default: return new Uint8Array(0);
  }
}

/** One masked client → server WebSocket frame (RFC 6455 §5.2). */
function wireFrame(payload: Uint8Array, opcode = 0x2): Buffer {
  const len = payload.length;
  const header = len < 126 ? Buffer.from([0x80 | opcode, 0x80 | len]) : len < 65536 ? Buffer.from([0x80 | opcode, 0x80 | 126, len >> 8, len & 255]) : (() => {
    const h = Buffer.alloc(10);
    h[0] = 0x80 | opcode;
    h[1] = 0x80 | 127;
    h.writeBigUInt64BE(BigInt(len), 2);
    return h;
  })();
  const mask = Buffer.from([1, 2, 3, 4]);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]));
  return Buffer.concat([header, mask, body]);
}

/** Writes the upgrade request and `frames` in one go; resolves when the server hangs up. */
function pipelined(reportId: string, headers: Record<string, string>, frames: Buffer[]): Promise<string> {
  const url = new URL(t.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let response = "";
    socket.on("data", (d) => {
      response += d.toString("latin1");
      // The server's close frame (opcode 8) after the 101 response: done, without the close handshake.
      const end = response.indexOf("\r\n\r\n");
      if (end >= 0 && response.slice(end + 4).includes("\x88")) socket.destroy();
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve(response));
    const head = [
      `GET /collab/${reportId} HTTP/1.1`, `Host: ${url.host}`, "Upgrade: websocket", "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "", "",
    ].join("\r\n");
    socket.write(Buffer.concat([Buffer.from(head), ...frames]));
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
}

describe("malformed frames", () => {
  it("10,000 bad frames before and after auth: the server stays up, others keep editing", async () => {
    const { body } = await api(t, "POST", "/api/v1/reports", { project: "abuse", title: "target", markdown: "# Target" });
    const id = body.id;
    const a = connectClient(t.url, id, t.apiKey);
    const b = connectClient(t.url, id, t.apiKey);
    await Promise.all([a.synced, b.synced]);
    const random = prng(42);
    const sample = sampleUpdate();
    const auth = { authorization: `Bearer ${t.apiKey}` };
    let sent = 0;
    let edits = 0;
    const edit = () => {
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [new Y.XmlText(`healthy ${edits++}`)]);
      a.doc.getXmlFragment(FRAGMENT_NAME).push([p]);
    };

    // Before auth: 100 raw connections (half without credentials), 50 frames each behind the upgrade.
    for (let batch = 0; batch < 4; batch++) {
      await Promise.all(Array.from({ length: 25 }, (_, i) => {
        const frames = Array.from({ length: 50 }, () => wireFrame(badFrame(random, sample), random() < 0.05 ? 0x1 : 0x2));
        sent += frames.length;
        return pipelined(id, i % 2 ? auth : {}, frames).then((response) => expect(response).toMatch(/^HTTP\/1.1 101/));
      }));
      edit();
    }
    // After auth: 100 open sockets, 50 frames each.
    const closeCodes = new Map<number, number>();
    for (let batch = 0; batch < 4; batch++) {
      await Promise.all(Array.from({ length: 25 }, async () => {
        const s = rawSocket(t.url, id, auth);
        await s.opened;
        for (let i = 0; i < 50; i++) {
          if (s.ws.readyState !== s.ws.OPEN) break;
          s.ws.send(badFrame(random, sample), { binary: random() > 0.05 });
          sent++;
        }
        const { code } = await s.closed;
        closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
      }));
      edit();
    }
    // Oversized frames close with messageTooLarge.
    for (let i = 0; i < 3; i++) {
      const s = rawSocket(t.url, id, auth);
      await s.opened;
      s.ws.send(new Uint8Array(LIMITS.maxMessageBytes + 1));
      sent++;
      expect((await s.closed).code).toBe(CloseCode.messageTooLarge);
    }
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect([...closeCodes.keys()].every((c) => c === CloseCode.malformed)).toBe(true);

    // Still up and still editing.
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    edit();
    await waitFor(() => b.doc.getXmlFragment(FRAGMENT_NAME).toString() === a.doc.getXmlFragment(FRAGMENT_NAME).toString(), "b converges with a");
    await waitFor(() => a.allSaved(), "a's edits saved");
    expect(b.doc.getXmlFragment(FRAGMENT_NAME).toString()).toContain(`healthy ${edits - 1}`);
    const stored = docFromUpdates(await createPostgresPersistence(t.server.services.db).load(id), "test:reload");
    expect(stored.getXmlFragment(FRAGMENT_NAME).toString()).toBe(a.doc.getXmlFragment(FRAGMENT_NAME).toString());
    a.destroy();
    b.destroy();
  });
});
