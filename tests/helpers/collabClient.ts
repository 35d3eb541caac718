/**
 * Real collab clients for tests: y-websocket's WebsocketProvider over `ws` (with the API key in
 * the Authorization header), tracking the server's "saved" messages (type 4), and raw sockets for
 * protocol abuse.
 */
import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { MessageType } from "../../editor/protocol";

/** A connected editor. */
export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Highest saved clock per client id seen in "saved" messages. */
  saved: Map<number, number>;
  /** Close codes received. */
  closes: number[];
  /** Resolves once the first sync completed. */
  synced: Promise<void>;
  /** Whether every local change of this client is covered by a "saved" message. */
  allSaved(): boolean;
  destroy(): void;
}

/** `ws` with fixed extra headers, as a WebSocket constructor for y-websocket. */
export function wsWithHeaders(headers: Record<string, string>): typeof WebSocket {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  } as typeof WebSocket;
}

/** Opens a provider for `reportId` as the holder of `apiKey`. */
export function connectClient(baseUrl: string, reportId: string, apiKey: string, opts: { doc?: Y.Doc } = {}): TestClient {
  const doc = opts.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, "ws")}/collab`, reportId, doc, {
    WebSocketPolyfill: wsWithHeaders({ authorization: `Bearer ${apiKey}` }) as never,
    disableBc: true,
    maxBackoffTime: 200,
  });
  const saved = new Map<number, number>();
  const closes: number[] = [];
  provider.messageHandlers[MessageType.saved] = (_encoder, decoder) => {
    const vector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    for (const [client, clock] of vector) if ((saved.get(client) ?? 0) < clock) saved.set(client, clock);
  };
  provider.on("connection-close", (event) => {
    if (event) closes.push(event.code);
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.on("sync", (s: boolean) => s && resolve());
  });
  return {
    doc,
    provider,
    saved,
    closes,
    synced,
    allSaved: () => {
      for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
        if (client === doc.clientID && (saved.get(client) ?? 0) < clock) return false;
      }
      return true;
    },
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Polls `check` until true or the deadline (no fixed sleeps). */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A raw socket: every frame received, and the close code. */
export function rawSocket(baseUrl: string, reportId: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/collab/${reportId}`, { headers });
  const frames: Uint8Array[] = [];
  ws.on("message", (d: Buffer) => frames.push(new Uint8Array(d)));
  ws.on("error", () => {});
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("close", () => reject(new Error("closed before open")));
  });
  opened.catch(() => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  return { ws, frames, opened, closed };
}
