/**
 * bench/collab's load child: `reports × clientsPerReport` minimal Yjs clients (one Y.Doc and one
 * socket each, speaking Folio's y-websocket framing or Hocuspocus's document-prefixed framing),
 * each typing timestamped text into its own paragraph at a fixed rate. Measures edit → other-client
 * latency and, for Folio, edit → "saved" latency.
 *
 * A peer's update counts as arrived when its frame is read and decoded (`Y.decodeUpdate`: the
 * stamps are read off its strings). By default the clients do not integrate peers' updates into
 * their documents: a real client does that on its own machine, while here 1,000 of them share the
 * server's two cores, and integrating (plus the observer's delta) was most of the load processes'
 * CPU, taken from the server under measurement. `integrate: true` applies every update as before.
 * A client's own edits only ever reference its own paragraph, so its updates stay valid either way.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { loopDelayMonitor } from "./loopDelay";

/** The parent's start message. */
export interface LoadStart {
  kind: "folio" | "hocuspocus";
  port: number;
  reports: string[];
  clientsPerReport: number;
  editsPerSecond: number;
  warmupSeconds: number;
  seconds: number;
  /** Apply peers' updates to each client's document (see the module comment). */
  integrate: boolean;
}

/** The load child's messages: the measurement window opens and closes, then the result. */
export type LoadReply = { type: "measuring" } | { type: "window-ended" } | {
  type: "done";
  edits: number;
  peerLatencies: number[];
  savedLatencies: number[];
  connectErrors: number;
  /** This process's own event-loop delay over the window: how much of the latency is the load's. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
};

const REMOTE = "bench:remote";

class BenchClient {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  private readonly text = new Y.XmlText();
  private pendingSaves: { clock: number; at: number }[] = [];
  /** Without integrating: per peer client, the clock after the last item seen. */
  private readonly seen = new Map<number, number>();
  synced = false;

  constructor(
    private readonly o: LoadStart,
    private readonly name: string,
    private readonly record: { peer(ms: number): void; saved(ms: number): void; measuring(): boolean },
  ) {
    this.ws = new WebSocket(o.kind === "folio" ? `ws://127.0.0.1:${o.port}/collab/${name}` : `ws://127.0.0.1:${o.port}/`, { perMessageDeflate: false });
    this.ws.binaryType = "nodebuffer";
    this.ws.on("open", () => {
      if (o.kind === "hocuspocus") this.send((e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0), encoding.writeVarString(e, "token")));
      this.send((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep1(e, this.doc)));
    });
    this.ws.on("message", (data: Buffer) => this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    this.ws.on("error", () => {});
    this.doc.on("update", (u: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) this.send((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeUpdate(e, u)));
    });
    if (o.integrate) this.doc.getXmlFragment("default").observeDeep((events) => {
      if (!this.record.measuring()) return;
      const now = performance.now();
      for (const ev of events) {
        if (ev.transaction.origin !== REMOTE || !(ev.target instanceof Y.XmlText)) continue;
        for (const op of ev.delta) {
          if (typeof op.insert !== "string") continue;
          this.stamps(op.insert, now);
        }
      }
    });
  }

  /** Records a peer latency for each stamp `type()` wrote (`<ms × 100>;`) in `text`, arrived at `now`. */
  private stamps(text: string, now: number) {
    for (const stamp of text.split(";")) if (stamp) this.record.peer(now - Number(stamp) / 100);
  }

  private send(write: (e: encoding.Encoder) => void) {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const e = encoding.createEncoder();
    if (this.o.kind === "hocuspocus") encoding.writeVarString(e, this.name);
    write(e);
    this.ws.send(encoding.toUint8Array(e));
  }

  private receive(frame: Uint8Array) {
    const d = decoding.createDecoder(frame);
    if (this.o.kind === "hocuspocus") decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    if (type === 0 || (this.o.kind === "hocuspocus" && type === 4)) {
      const step = decoding.readVarUint(d);
      if (step === 0) {
        const sv = decoding.readVarUint8Array(d);
        this.send((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(this.doc, sv))));
      } else if (step === 1 || this.o.integrate) {
        Y.applyUpdate(this.doc, decoding.readVarUint8Array(d), REMOTE);
        if (step === 1) this.synced = true;
      } else {
        // Like integrating: each peer's item counts once, the first time it arrives, and the
        // client's own items (a server may echo them) never.
        const now = performance.now();
        for (const struct of Y.decodeUpdate(decoding.readVarUint8Array(d)).structs) {
          const { client, clock } = struct.id;
          const next = this.seen.get(client) ?? 0;
          if (client === this.doc.clientID || clock + struct.length <= next) continue;
          this.seen.set(client, Math.max(next, clock + struct.length));
          const content = (struct as { content?: unknown }).content;
          if (!this.record.measuring() || !(content instanceof Y.ContentString)) continue;
          this.stamps(content.str, now);
        }
      }
    } else if (this.o.kind === "folio" && type === 4) {
      const saved = Y.decodeStateVector(decoding.readVarUint8Array(d)).get(this.doc.clientID) ?? 0;
      const now = performance.now();
      let i = 0;
      while (i < this.pendingSaves.length && this.pendingSaves[i].clock <= saved) {
        if (this.record.measuring()) this.record.saved(now - this.pendingSaves[i].at);
        i++;
      }
      if (i) this.pendingSaves.splice(0, i);
    }
  }

  /** Types one timestamped chunk at the end of this client's own paragraph. */
  type() {
    const at = performance.now();
    this.doc.transact(() => {
      if (!this.text.parent) {
        const p = new Y.XmlElement("paragraph");
        p.insert(0, [this.text]);
        this.doc.getXmlFragment("default").push([p]);
      }
      this.text.insert(this.text.length, `${Math.round(at * 100)};`);
    }, "bench:type");
    this.pendingSaves.push({ clock: Y.getState(this.doc.store, this.doc.clientID), at });
  }
}

process.once("message", async (o: LoadStart) => {
  const peer: number[] = [];
  const saved: number[] = [];
  let measuring = false;
  const record = { peer: (ms: number) => peer.push(ms), saved: (ms: number) => saved.push(ms), measuring: () => measuring };
  const clients: BenchClient[] = [];
  for (const name of o.reports) for (let i = 0; i < o.clientsPerReport; i++) clients.push(new BenchClient(o, name, record));
  const deadline = Date.now() + 60_000;
  while (clients.some((c) => !c.synced) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const connectErrors = clients.filter((c) => !c.synced).length;
  // The clients type in turn, evenly spread: edit j is client j mod N's, due at start + j · period / N.
  // One timer walks that schedule (N timers of their own cost the process more than the typing),
  // and due times are fixed rather than setInterval's, whose delays add up: the offered rate stays
  // exactly clients × editsPerSecond even when the process runs late.
  const period = 1000 / o.editsPerSecond;
  const start = performance.now();
  let edits = 0;
  let next = 0;
  let timer: NodeJS.Timeout | null = null;
  const due = (j: number) => start + (j * period) / clients.length;
  const walk = () => {
    const now = performance.now();
    for (; due(next) <= now; next++) {
      clients[next % clients.length].type();
      if (measuring) edits++;
    }
    timer = setTimeout(walk, Math.max(0, due(next) - performance.now()));
  };
  walk();
  await new Promise((r) => setTimeout(r, o.warmupSeconds * 1000));
  const delay = loopDelayMonitor(5);
  measuring = true;
  delay.histogram.enable();
  process.send!({ type: "measuring" } satisfies LoadReply);
  await new Promise((r) => setTimeout(r, o.seconds * 1000));
  measuring = false;
  delay.histogram.disable();
  process.send!({ type: "window-ended" } satisfies LoadReply);
  if (timer) clearTimeout(timer);
  for (const c of clients) c.ws.close();
  // Exit only once the (large) result has been handed to the IPC channel.
  process.send!({ type: "done", edits, peerLatencies: peer, savedLatencies: saved, connectErrors, loopDelayP99Ms: delay.percentileMs(99), loopDelayMaxMs: delay.maxMs() } satisfies LoadReply, () => process.exit(0));
});
