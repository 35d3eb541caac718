/**
 * collab-server: the y-websocket sync + awareness protocol over `ws`, for `/collab/{reportId}`,
 * with authorization at the upgrade and durable, confirmed saves (editor/protocol.ts).
 *
 * It does not listen by itself: the host HTTP server passes upgrades to `handleUpgrade` (Folio's
 * server/app.ts, or server/collabMain.ts standalone). Rooms are loaded on demand, once (concurrent
 * loads share one promise), and dropped when their last socket leaves, after their updates are
 * committed and the report compacted.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import * as Y from "yjs";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { CloseCode, LIMITS } from "../editor/protocol";
import { colorFor, type Identity } from "./awarenessIdentity";
import { closeSocket, Connection, type Access } from "./Connection";
import { docFromUpdates, silentLogger, type Logger } from "./documentCopy";
import { GroupCommitter } from "./GroupCommitter";
import type { CompactionResult, Persistence } from "./persistence/Persistence";
import { ApiEditOrigin, RefusedFrame, Room } from "./Room";

/** The outcome of authorizing one upgrade. */
export type AuthorizeResult =
  | {
      ok: true;
      user: { id: string; name: string };
      access: Access;
      /** Decides again for an open socket (see `recheckAccess`); null: access is gone. */
      recheck?: () => Promise<Access | null>;
      /** A guest (share link): invisible to others; `anonymous` also hides everyone from it. */
      guest?: { anonymous: boolean };
    }
  | { ok: false; reason: "unauthorized" | "forbidden" | "notFound" };

/** Resolves the request's credentials to a user and their access to the report. */
export type Authorize = (req: IncomingMessage, reportId: string) => Promise<AuthorizeResult>;

/** Tunables; defaults from editor/protocol.ts LIMITS. */
export interface CollabLimits {
  maxMessageBytes: number;
  maxDocumentBytes: number;
  /** Appended updates after which a loaded report is compacted. */
  compactEvery: number;
  /** Frames a socket may send while its room loads. */
  maxQueuedFrames: number;
  /**
   * A saved update that may add a `mention` node compacts the report this long after the last such
   * update (so the canonical copy, and with it body-mention notifications, follow within seconds).
   */
  mentionCompactionDelayMs: number;
}

/** createCollabServer's options. */
export interface CollabServerOptions {
  authorize: Authorize;
  persistence: Persistence;
  limits?: Partial<CollabLimits>;
  logger?: Logger;
}

/** A running collab server. */
export interface CollabServer {
  /** Takes over an HTTP upgrade on `/collab/{reportId}`; returns false for any other path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Who is in a loaded report now. */
  presence(reportId: string): Identity[];
  /** Applies a server-side edit through the report's room; resolves after it is committed. */
  edit(reportId: string, userId: string | null, change: (doc: Y.Doc) => void): Promise<void>;
  /** Reads the current document: the live room's if loaded, else a fresh load from storage. */
  read<T>(reportId: string, reader: (doc: Y.Doc) => T): Promise<T>;
  /** Reads the live room's document when the report is loaded now; undefined otherwise (no load). */
  readIfLoaded<T>(reportId: string, reader: (doc: Y.Doc) => T): T | undefined;
  /** Compacts a report now (serialised with background compactions). */
  compact(reportId: string): Promise<CompactionResult>;
  /**
   * Re-authorizes the open sockets of `reportId` (every report when omitted): a socket whose access
   * is gone is closed with accessRevoked, one whose access changed with accessChanged.
   */
  recheckAccess(reportId?: string): Promise<void>;
  /** Counters for health pages and benches. */
  stats(): { rooms: number; connections: number; batches: number; updates: number; storageFailures: number };
  /** Stops accepting edits, commits what was accepted, closes sockets with serverShuttingDown. */
  close(): Promise<void>;
}

const PATH = /^\/collab\/([A-Za-z0-9_-]{1,64})\/?$/;

/** Creates a collab server over `persistence`. */
export function createCollabServer(opts: CollabServerOptions): CollabServer {
  const logger = opts.logger ?? silentLogger;
  const limits: CollabLimits = {
    maxMessageBytes: LIMITS.maxMessageBytes,
    maxDocumentBytes: LIMITS.maxDocumentBytes,
    compactEvery: 500,
    maxQueuedFrames: 256,
    mentionCompactionDelayMs: 3_000,
    ...opts.limits,
  };
  const { persistence } = opts;
  const committer = new GroupCommitter(persistence, logger);
  // ws closes a socket whose frame exceeds maxPayload with 1009 (CloseCode.messageTooLarge).
  // Text frames are refused as malformed by us, so ws need not validate their UTF-8 (it would close with 1007).
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false, skipUTF8Validation: true });
  /** Completes an upgrade; every socket gets an error listener first (a refused socket may still receive junk). */
  const accept = (req: IncomingMessage, socket: Duplex, head: Buffer, then: (ws: WebSocket, socket: Duplex) => void) =>
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("error", (error) => logger.info("socket error", { error: String(error) }));
      then(ws, socket);
    });
  const loading = new Map<string, Promise<Room>>();
  const live = new Map<string, Room>();
  const compactions = new Map<string, Promise<CompactionResult>>();
  const sockets = new Set<WebSocket>();
  let stopping = false;

  const roomDeps = {
    committer,
    logger,
    maxDocumentBytes: limits.maxDocumentBytes,
    compactEvery: limits.compactEvery,
    mentionCompactionDelayMs: limits.mentionCompactionDelayMs,
    requestCompaction: (room: Room) => void compact(room.reportId).catch(() => {}),
    onStorageFailure: (room: Room) => {
      // Clients still hold every unsaved edit and resend it on reconnect to a freshly loaded room.
      drop(room);
      room.destroy(CloseCode.storageFailed, "could not save; reconnect to retry");
    },
    onLoadFailure: (room: Room) => {
      drop(room);
      room.destroy(CloseCode.loadFailed, "could not load the report");
    },
    onIdle: (room: Room) => void closeIfIdle(room),
  };

  function drop(room: Room) {
    if (live.get(room.reportId) === room) live.delete(room.reportId);
    loading.delete(room.reportId);
  }

  /** Loads (once) and attaches synchronously, so an idle room cannot be dropped in between. */
  async function acquire(reportId: string, attach: (room: Room) => void): Promise<Room> {
    for (;;) {
      let pending = loading.get(reportId);
      if (!pending) {
        const p = (async () => {
          const stored = await persistence.load(reportId);
          const room = new Room(reportId, stored, roomDeps);
          live.set(reportId, room);
          return room;
        })();
        loading.set(reportId, p);
        // A failed load leaves nothing behind: the next socket tries again.
        p.catch((error) => {
          logger.error("could not load report", { reportId, error: String(error) });
          if (loading.get(reportId) === p) loading.delete(reportId);
        });
        pending = p;
      }
      const room = await pending;
      if (!room.destroyed) {
        attach(room);
        return room;
      }
      if (loading.get(reportId) === pending) loading.delete(reportId);
    }
  }

  async function closeIfIdle(room: Room) {
    await room.settled();
    if (room.needsCompaction()) await compact(room.reportId).catch(() => {});
    if (room.connections.size === 0 && room.holds === 0 && !room.destroyed && !stopping) {
      drop(room);
      room.destroy();
    }
  }

  function compact(reportId: string): Promise<CompactionResult> {
    const running = compactions.get(reportId);
    if (running) return running;
    const room = live.get(reportId);
    room?.compacting();
    const p = persistence
      .compact(reportId)
      .then((result) => {
        if (result.stateBytes !== undefined) room?.compactedTo(result.stateBytes);
        return result;
      })
      .catch((error) => {
        logger.error("compaction failed; the log is intact", { reportId, error: String(error) });
        throw error;
      })
      .finally(() => compactions.delete(reportId));
    compactions.set(reportId, p);
    return p;
  }

  function onSocket(ws: WebSocket, socket: Duplex, reportId: string, decision: AuthorizeResult) {
    if (!decision.ok) {
      closeSocket(ws, CloseCode[decision.reason], decision.reason);
      return;
    }
    if (stopping) {
      closeSocket(ws, CloseCode.serverShuttingDown, "server shutting down");
      return;
    }
    sockets.add(ws);
    const identity: Identity = { id: decision.user.id, name: decision.user.name, color: colorFor(decision.user.id) };
    const guest = decision.guest;
    const conn = new Connection(ws, identity, decision.access, { silent: !!guest, blind: !!guest?.anonymous }, decision.recheck, socket);
    let room: Room | null = null;
    const queued: Uint8Array[] = [];

    const handle = (frame: Uint8Array) => {
      if (conn.closed || !room || stopping) return;
      try {
        room.receive(conn, frame);
      } catch (error) {
        const code = error instanceof RefusedFrame && error.kind === "documentTooLarge" ? CloseCode.documentTooLarge : CloseCode.malformed;
        logger.info("closing socket after a bad frame", { reportId, user: identity.id, code, error: String(error) });
        conn.close(code, code === CloseCode.malformed ? "malformed message" : "document too large");
      }
    };

    ws.on("message", (data: RawData, isBinary: boolean) => {
      if (conn.closed) return;
      if (!isBinary) {
        conn.close(CloseCode.malformed, "text frames are not part of the protocol");
        return;
      }
      const frame = toBytes(data);
      if (room) handle(frame);
      else if (queued.push(frame) > limits.maxQueuedFrames) conn.close(CloseCode.malformed, "too many frames before the document loaded");
    });
    ws.on("close", () => {
      conn.closed = true;
      sockets.delete(ws);
      room?.leave(conn);
    });

    acquire(reportId, (r) => {
      room = r;
      r.join(conn);
      for (const frame of queued.splice(0)) handle(frame);
      if (conn.closed) r.leave(conn);
    }).catch(() => conn.close(CloseCode.loadFailed, "could not load the report"));
  }

  return {
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? "/", "http://collab.invalid");
      const m = PATH.exec(url.pathname);
      if (!m) {
        if (!url.pathname.startsWith("/collab/")) return false;
        socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return true;
      }
      const reportId = m[1];
      // The socket may fail while we authorize; without a listener that would crash the process.
      socket.on("error", () => {});
      const upgrade = (decision: AuthorizeResult) => {
        if (socket.destroyed) return;
        accept(req, socket, head, (ws, tcp) => onSocket(ws, tcp, reportId, decision));
      };
      if (stopping) {
        accept(req, socket, head, (ws) => closeSocket(ws, CloseCode.serverShuttingDown, "server shutting down"));
        return true;
      }
      opts.authorize(req, reportId).then(upgrade, (error) => {
        logger.error("authorization failed", { reportId, error: String(error) });
        if (socket.destroyed) return;
        accept(req, socket, head, (ws) => closeSocket(ws, CloseCode.loadFailed, "could not check access"));
      });
      return true;
    },

    presence(reportId) {
      return live.get(reportId)?.presence() ?? [];
    },

    async edit(reportId, userId, change) {
      if (stopping) throw new Error("collab server is stopping");
      const room = await acquire(reportId, (r) => r.holds++);
      try {
        await room.edit(change, new ApiEditOrigin(userId));
      } finally {
        room.holds--;
        if (room.holds === 0 && room.connections.size === 0) void closeIfIdle(room);
      }
    },

    async read(reportId, reader) {
      const room = live.get(reportId);
      if (room && !room.destroyed) return reader(room.doc);
      const doc = docFromUpdates(await persistence.load(reportId), "collab:read");
      try {
        return reader(doc);
      } finally {
        doc.destroy();
      }
    },

    readIfLoaded(reportId, reader) {
      const room = live.get(reportId);
      return room && !room.destroyed ? reader(room.doc) : undefined;
    },

    compact,

    async recheckAccess(reportId) {
      const rooms = reportId === undefined ? [...live.values()] : [live.get(reportId)].filter((r): r is Room => !!r);
      const checks = rooms.flatMap((room) => [...room.connections].filter((c) => c.recheck && !c.closed).map(async (c) => {
        try {
          const access = await c.recheck!();
          if (access === null) c.close(CloseCode.accessRevoked, "access removed");
          else if (access !== c.access) c.close(CloseCode.accessChanged, "access changed; reconnect");
        } catch (error) {
          // The next recheck (or reconnect) decides; an open socket is not cut on a database hiccup.
          logger.error("access recheck failed", { reportId: room.reportId, error: String(error) });
        }
      }));
      await Promise.all(checks);
    },

    stats() {
      return {
        rooms: live.size,
        connections: sockets.size,
        batches: committer.stats.batches,
        updates: committer.stats.updates,
        storageFailures: committer.stats.failures,
      };
    },

    async close() {
      stopping = true;
      // Accepted updates are committed (and confirmed) before anyone is told to go away.
      await committer.drain();
      for (const room of live.values()) room.destroy(CloseCode.serverShuttingDown, "server shutting down");
      live.clear();
      loading.clear();
      for (const ws of sockets) ws.close(CloseCode.serverShuttingDown, "server shutting down");
      await Promise.allSettled([...compactions.values()]);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // Sockets that do not answer the close handshake promptly are cut.
      const deadline = setTimeout(() => {
        for (const ws of sockets) ws.terminate();
      }, 2000);
      deadline.unref();
    },
  };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
