/**
 * A room is one loaded report: its Yjs document, the shadow used to validate incoming updates, the
 * awareness states, and the sockets editing it. Updates flow one way:
 *
 *   socket frame → validate on the shadow → apply to the doc (origin: the Connection) →
 *   broadcast to the other sockets → GroupCommitter appends it → commit → "saved" to its author.
 *
 * Edits made by the server (the HTTP API) enter through `edit()` with an ApiEditOrigin and take the
 * same path from "apply" on.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { MessageType } from "../editor/protocol";
import { rewriteAwareness } from "./awarenessIdentity";
import type { Connection } from "./Connection";
import type { Logger } from "./documentCopy";
import type { CommitParticipant, GroupCommitter } from "./GroupCommitter";
import { mergeMany } from "./mergeMany";
import { ShadowDoc } from "./validateUpdate";
import { mayAddMention } from "./mayAddMention";

/** Origin of transactions that load stored state into a room. */
export const LOAD_ORIGIN = "collab:load";

/** Origin of an edit made through the HTTP API on behalf of a user. */
export class ApiEditOrigin {
  constructor(readonly userId: string | null) {}
}

/** A frame the room refuses; the socket is closed with `code`. */
export class RefusedFrame extends Error {
  constructor(
    readonly kind: "malformed" | "documentTooLarge",
    message: string,
  ) {
    super(message);
  }
}

/** What a room needs from its server. */
export interface RoomDeps {
  committer: GroupCommitter;
  logger: Logger;
  maxDocumentBytes: number;
  /** Appended updates after which the server compacts the report. */
  compactEvery: number;
  /** After a saved update that may add a mention, compact this long after the last one. */
  mentionCompactionDelayMs: number;
  requestCompaction(room: Room): void;
  /** Storage gave up on this room's updates: the server drops the room. */
  onStorageFailure(room: Room): void;
  /** The stored updates could not be applied (the room is destroyed): the server drops it. */
  onLoadFailure(room: Room): void;
  /** The last socket and hold left. */
  onIdle(room: Room): void;
}

/** The server's messages. */
const encode = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

/**
 * One loaded report.
 *
 * Its stored updates are applied to the document lazily (issue 4's cold-load target): building a
 * Y.Doc of a long history costs ~150 ms of CPU, while the first sync of a client needs only the
 * stored bytes. Until the room is hydrated, a client's sync step 1 is answered with the stored
 * updates themselves (a superset of what it lacks, which Yjs applies idempotently), and the room's
 * own step 1 and "saved" vector wait for the hydration. Hydration runs on the next turn of the event
 * loop, or at once when anything needs the document (an update, an API edit or read, a compaction).
 */
export class Room implements CommitParticipant {
  private readonly ydoc = new Y.Doc();
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  /** API calls using the room (it is not dropped while held). */
  holds = 0;
  destroyed = false;
  /** Approximate stored size: loaded bytes plus appended updates. */
  private bytes: number;
  private sinceCompaction = 0;
  /** `bytes` when the running compaction began (see compacting / compactedTo). */
  private bytesAtCompaction = 0;
  private savedVector: Uint8Array | null = null;
  /** Stored updates not yet applied to the document (null once hydrated). */
  private stored: Uint8Array[] | null;
  /** The stored updates after the first, merged once for the first syncs before hydration. */
  private storedTail: Uint8Array | null = null;
  private readonly shadow: ShadowDoc;
  private lastAppend: Promise<void> = Promise.resolve();
  /** Sockets with updates not yet in a taken batch: they get the next "saved". */
  private contributors = new Set<Connection>();
  /** An update in the batch being gathered may add a mention. */
  private mentionPending = false;
  private mentionTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly reportId: string,
    stored: Uint8Array[],
    private readonly deps: RoomDeps,
  ) {
    this.stored = stored.length ? stored : null;
    this.bytes = stored.reduce((n, u) => n + u.byteLength, 0);
    this.sinceCompaction = Math.max(0, stored.length - 1);
    if (!this.stored) this.savedVector = Y.encodeStateVector(this.ydoc);
    this.shadow = new ShadowDoc(this.ydoc);
    this.ydoc.on("update", this.onDocUpdate);
    this.awareness = new awarenessProtocol.Awareness(this.ydoc);
    this.awareness.setLocalState(null);
    this.awareness.on("update", this.onAwarenessUpdate);
    // After the current turn, which answers the first sync of the sockets waiting for this load.
    if (this.stored) {
      setImmediate(() => {
        try {
          this.hydrate();
        } catch {
          // Logged and handled by hydrate().
        }
      });
    }
    if (this.sinceCompaction >= deps.compactEvery) deps.requestCompaction(this);
  }

  /** The report's document, with every stored update applied. */
  get doc(): Y.Doc {
    this.hydrate();
    return this.ydoc;
  }

  /** Whether the stored updates are applied to the document yet. */
  get hydrated(): boolean {
    return this.stored === null;
  }

  /**
   * Applies the stored updates; then sends the sockets that joined meanwhile our step 1 and "saved".
   * If the stored state cannot be applied, the room is given up (deps.onLoadFailure) and this throws.
   */
  hydrate(): void {
    const stored = this.stored;
    if (!stored || this.destroyed) return;
    this.stored = null;
    this.storedTail = null;
    try {
      // One merged tail integrates faster than its updates one by one (a third less for 1,000).
      const updates = stored.length > 2 ? [stored[0], mergeMany(stored.slice(1))] : stored;
      this.ydoc.transact(() => {
        for (const u of updates) Y.applyUpdate(this.ydoc, u, LOAD_ORIGIN);
      }, LOAD_ORIGIN);
    } catch (error) {
      this.deps.logger.error("could not apply the stored report", { reportId: this.reportId, error: String(error) });
      this.deps.onLoadFailure(this);
      throw new Error(`report ${this.reportId} could not be loaded`);
    }
    this.savedVector = Y.encodeStateVector(this.ydoc);
    // A writer's first update would copy the document into the shadow inside its own turn; copy it
    // in a turn of its own instead, so no turn pays for both the load and the copy. Readers never
    // need the shadow.
    if ([...this.connections].some((c) => c.access === "write")) {
      setImmediate(() => {
        if (!this.destroyed) this.shadow.prepare();
      });
    }
    if (this.connections.size === 0) return;
    const step1 = this.step1Message();
    const saved = this.savedMessage();
    for (const c of this.connections) {
      c.send(step1);
      c.send(saved);
    }
  }

  /** Adds a socket and starts the sync: our state vector, the awareness states, the saved vector. */
  join(conn: Connection): void {
    this.connections.add(conn);
    // Before hydration, hydrate() sends the step 1 and "saved" below.
    if (this.hydrated) conn.send(this.step1Message());
    if (this.awareness.states.size > 0 && !conn.awareness.blind) {
      conn.send(encode((e) => {
        encoding.writeVarUint(e, MessageType.awareness);
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.states.keys()]));
      }));
    }
    if (this.hydrated) conn.send(this.savedMessage());
  }

  /** Removes a socket and its awareness states. */
  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    if (conn.awarenessIds.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], "collab:disconnect");
    if (this.connections.size === 0 && this.holds === 0) this.deps.onIdle(this);
  }

  /** The people in the room now, one entry per user (guests not included). */
  presence(): { id: string; name: string; color: string }[] {
    const seen = new Map<string, { id: string; name: string; color: string }>();
    // Guests (share links) are invisible here as in awareness.
    for (const c of this.connections) if (!c.awareness.silent) seen.set(c.identity.id, c.identity);
    return [...seen.values()];
  }

  /** Handles one frame from `conn`; throws RefusedFrame (or a decoding error) on a bad frame. */
  receive(conn: Connection, frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.sync) {
      const step = decoding.readVarUint(decoder);
      if (step === syncProtocol.messageYjsSyncStep1) {
        const vector = decoding.readVarUint8Array(decoder);
        if (this.stored) {
          this.sendStored(conn, vector);
          return;
        }
        // writeSyncStep2 throws on a malformed vector before anything is sent.
        conn.send(encode((e) => {
          encoding.writeVarUint(e, MessageType.sync);
          syncProtocol.writeSyncStep2(e, this.ydoc, vector);
        }));
      } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
        const update = decoding.readVarUint8Array(decoder);
        // Read-only sockets sync like everyone else, but the server applies none of their updates.
        if (conn.access === "write") this.applyClientUpdate(conn, update);
      } else {
        throw new RefusedFrame("malformed", `unknown sync step ${step}`);
      }
    } else if (type === MessageType.awareness) {
      const update = decoding.readVarUint8Array(decoder);
      if (conn.awareness.silent) return;
      const rewritten = rewriteAwareness(update, conn.identity, conn.awarenessIds, (id) => this.ownedElsewhere(conn, id));
      if (rewritten) awarenessProtocol.applyAwarenessUpdate(this.awareness, rewritten, conn);
    } else if (type === MessageType.queryAwareness) {
      if (conn.awareness.blind) return;
      conn.send(encode((e) => {
        encoding.writeVarUint(e, MessageType.awareness);
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.states.keys()]));
      }));
    } else {
      throw new RefusedFrame("malformed", `unknown message type ${type}`);
    }
  }

  /**
   * Applies a server-side edit as `origin` and resolves once it is committed (rejects if storage
   * gave up). Connected editors receive it like any other update.
   */
  async edit(change: (doc: Y.Doc) => void, origin: ApiEditOrigin): Promise<void> {
    const before = this.lastAppend;
    this.doc.transact(() => change(this.doc), origin);
    if (this.lastAppend !== before) await this.lastAppend;
  }

  /** Resolves once everything appended so far is committed (or failed). */
  async settled(): Promise<void> {
    await this.lastAppend.catch(() => {});
  }

  /** Whether any update arrived since the last compaction. */
  needsCompaction(): boolean {
    return this.sinceCompaction > 0;
  }

  /** The server starts compacting this report: restart the count. */
  compacting(): void {
    this.sinceCompaction = 0;
    this.bytesAtCompaction = this.bytes;
  }

  /**
   * The compaction begun at `compacting()` stored a state of `stateBytes`: the size estimate becomes
   * that plus what was appended since. Appended bytes overcount a document that deletes and retypes;
   * the stored state does not. (Encoding the document to measure it would cost the event loop
   * ~20 ms for a long history, which is what moving compaction to a worker avoids.)
   */
  compactedTo(stateBytes: number): void {
    this.bytes = stateBytes + Math.max(0, this.bytes - this.bytesAtCompaction);
  }

  /** Closes every socket with `code` and frees the document. */
  destroy(code?: number, reason = ""): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.mentionTimer) clearTimeout(this.mentionTimer);
    this.stored = null;
    this.storedTail = null;
    if (code !== undefined) for (const c of this.connections) c.close(code, reason);
    this.connections.clear();
    this.ydoc.off("update", this.onDocUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy();
    this.shadow.destroy();
    this.ydoc.destroy();
  }

  /** GroupCommitter: the batch with our updates was taken; everything in the doc now is in it or before it. */
  onBatchTaken(): (ok: boolean) => void {
    const vector = Y.encodeStateVector(this.ydoc);
    const contributors = this.contributors;
    this.contributors = new Set();
    const mention = this.mentionPending;
    this.mentionPending = false;
    return (ok) => {
      if (this.destroyed) return;
      if (!ok) {
        this.deps.onStorageFailure(this);
        return;
      }
      this.savedVector = vector;
      // Only the authors of this batch's updates are waiting for it; everyone else got the saved
      // vector that covered their own edits earlier (or at join). This halves the bench's traffic.
      const message = this.savedMessage();
      for (const c of contributors) if (this.connections.has(c)) c.send(message);
      if (this.sinceCompaction >= this.deps.compactEvery) this.deps.requestCompaction(this);
      else if (mention) this.compactSoon();
    };
  }

  /** (Re)starts the countdown to a compaction that brings a new mention to the canonical copy. */
  private compactSoon() {
    if (this.mentionTimer) clearTimeout(this.mentionTimer);
    this.mentionTimer = setTimeout(() => {
      this.mentionTimer = null;
      if (!this.destroyed) this.deps.requestCompaction(this);
    }, this.deps.mentionCompactionDelayMs);
    this.mentionTimer.unref();
  }

  private applyClientUpdate(conn: Connection, update: Uint8Array) {
    if (this.bytes + update.byteLength > this.deps.maxDocumentBytes) {
      throw new RefusedFrame("documentTooLarge", "the document would exceed its size limit");
    }
    this.hydrate();
    if (this.shadow.trial(update)) throw new RefusedFrame("malformed", "not a valid Yjs update");
    try {
      Y.applyUpdate(this.ydoc, update, conn);
    } catch (error) {
      // Unreachable if the shadow mirrors the doc; if it ever happens, resynchronise the shadow.
      this.deps.logger.error("update passed the shadow but failed on the document", { reportId: this.reportId, error: String(error) });
      this.shadow.rebuild();
      throw new RefusedFrame("malformed", "not a valid Yjs update");
    }
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === LOAD_ORIGIN) return;
    // Socket updates reached the shadow during validation; everything else is mirrored now.
    const fromSocket = this.connections.has(origin as Connection);
    if (!fromSocket) this.shadow.mirror(update);
    this.bytes += update.byteLength;
    this.sinceCompaction++;
    if (mayAddMention(update)) this.mentionPending = true;
    if (fromSocket) this.contributors.add(origin as Connection);
    const userId = fromSocket ? (origin as Connection).identity.id : origin instanceof ApiEditOrigin ? origin.userId : null;
    const append = this.deps.committer.append({ reportId: this.reportId, update, userId }, this);
    // Failures are handled once per batch in onBatchTaken; this promise only serves edit()/settled().
    append.catch(() => {});
    this.lastAppend = append;
    const message = encode((e) => {
      encoding.writeVarUint(e, MessageType.sync);
      syncProtocol.writeUpdate(e, update);
    });
    for (const c of this.connections) if (c !== origin) c.send(message);
  };

  private readonly onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const changed = [...added, ...updated, ...removed];
    const message = encode((e) => {
      encoding.writeVarUint(e, MessageType.awareness);
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    });
    for (const c of this.connections) if (!c.awareness.blind) c.send(message);
  };

  private ownedElsewhere(conn: Connection, clientId: number): boolean {
    for (const c of this.connections) if (c !== conn && c.awarenessIds.has(clientId)) return true;
    return false;
  }

  private savedMessage(): Uint8Array {
    return encode((e) => {
      encoding.writeVarUint(e, MessageType.saved);
      encoding.writeVarUint8Array(e, this.savedVector!);
    });
  }

  private step1Message(): Uint8Array {
    return encode((e) => {
      encoding.writeVarUint(e, MessageType.sync);
      syncProtocol.writeSyncStep1(e, this.ydoc);
    });
  }

  /**
   * Answers a sync step 1 before hydration: the first stored update (the snapshot) as step 2, the
   * rest merged into one update. The client's vector is only checked: the client ignores what it has.
   */
  private sendStored(conn: Connection, vector: Uint8Array) {
    Y.decodeStateVector(vector); // throws on a malformed vector, as writeSyncStep2 does
    const [first, ...rest] = this.stored!;
    conn.send(encode((e) => {
      encoding.writeVarUint(e, MessageType.sync);
      encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(e, first);
    }));
    if (rest.length === 0) return;
    this.storedTail ??= mergeMany(rest);
    conn.send(encode((e) => {
      encoding.writeVarUint(e, MessageType.sync);
      syncProtocol.writeUpdate(e, this.storedTail!);
    }));
  }
}
