/** One authenticated WebSocket in a room. The Connection object is also the origin of its Yjs transactions. */
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

  constructor(
    readonly ws: WebSocket,
    readonly identity: Identity,
    readonly access: Access,
    readonly awareness: AwarenessPolicy = { silent: false, blind: false },
    /** Asks the authorizer again; null: no access any more. */
    readonly recheck?: () => Promise<Access | null>,
  ) {}

  /** Sends one binary message unless the socket is closing. */
  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    // A reader that stopped reading must not make the server hold its backlog forever.
    if (this.ws.bufferedAmount > LIMITS.maxBufferedBytes) {
      this.close(CloseCode.tooSlow, "too slow to keep up");
      return;
    }
    // A send error means the socket is going away; its 'close' handler does the cleanup.
    this.ws.send(message, { binary: true }, () => {});
  }

  /** Closes with a named code (editor/protocol.ts CloseCode); idempotent. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    closeSocket(this.ws, code, reason);
  }
}

/** How long a closed socket may take to answer the close handshake before it is cut. */
const CLOSE_GRACE_MS = 3000;

/** Closes with `code`; a peer that never completes the handshake is terminated after a grace period. */
export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  ws.close(code, reason.slice(0, 120));
  setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
}
