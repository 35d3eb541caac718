/**
 * One authenticated WebSocket in a room. The Connection object is also the origin of its Yjs
 * transactions.
 *
 * Messages are queued and written once per turn of the event loop (setImmediate, right after the
 * I/O that produced them), inside one cork of the TCP socket: the peer updates and "saved"
 * confirmations a busy turn produces for one socket leave in one write system call instead of one
 * each, and the kernel's per-write cost was the server's largest (bench/collab profile).
 */
import WebSocket from "ws";
import { CloseCode, LIMITS } from "../editor/protocol";
import type { Identity } from "./awarenessIdentity";

/** What a socket may do to the document. */
export type Access = "write" | "read";

/** How a socket takes part in awareness (cursors, names). */
export interface AwarenessPolicy {
  /** Its own awareness updates are dropped (share-link guests are invisible). */
  silent: boolean;
  /** It receives no one's awareness (anonymous share links hide who is there). */
  blind: boolean;
}

/** A socket with the identity and access the server decided at the upgrade. */
export class Connection {
  /** Awareness client ids this socket introduced (it may speak only for these). */
  readonly awarenessIds = new Set<number>();
  closed = false;
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;

  /** `socket` is the upgraded TCP socket under `ws`, corked while a turn's messages are written. */
  constructor(
    readonly ws: WebSocket,
    readonly identity: Identity,
    readonly access: Access,
    readonly awareness: AwarenessPolicy = { silent: false, blind: false },
    /** Asks the authorizer again; null: no access any more. */
    readonly recheck?: () => Promise<Access | null>,
    /** The raw socket, corked while a turn's messages are written (one write per turn). */
    private readonly socket?: { cork(): void; uncork(): void },
  ) {}

  /** Queues one binary message for this turn's write, unless the socket is closing. */
  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    // A reader that stopped reading must not make the server hold its backlog forever.
    if (this.ws.bufferedAmount + this.queuedBytes > LIMITS.maxBufferedBytes) {
      this.close(CloseCode.tooSlow, "too slow to keep up");
      return;
    }
    this.queuedBytes += message.byteLength;
    if (this.queue.push(message) === 1) setImmediate(this.flush);
  }

  /** Closes with a named code (editor/protocol.ts CloseCode) after the queued messages; idempotent. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    closeSocket(this.ws, code, reason);
  }

  /** Writes the queued messages, in one system call when there are several. */
  private readonly flush = () => {
    const queue = this.queue;
    if (queue.length === 0) return;
    this.queue = [];
    this.queuedBytes = 0;
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    const cork = queue.length > 1 && this.socket;
    if (cork) this.socket.cork();
    // A send error means the socket is going away; its 'close' handler does the cleanup.
    for (const m of queue) this.ws.send(m, { binary: true }, () => {});
    if (cork) this.socket.uncork();
  };
}

/** How long a closed socket may take to answer the close handshake before it is cut. */
const CLOSE_GRACE_MS = 3000;

/** Closes with `code`; a peer that never completes the handshake is terminated after a grace period. */
export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  ws.close(code, reason.slice(0, 120));
  setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
}
