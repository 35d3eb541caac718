/**
 * One report's shared document in the browser: a Y.Doc kept in IndexedDB (edits made offline
 * survive a reload and merge on reconnect), synced over y-websocket's `WebsocketProvider` with
 * collab-server at `/collab/{id}` (the session cookie authenticates the upgrade), and the
 * server's "saved" confirmations (editor/protocol.ts, message type 4) turned into a save state.
 *
 * Own edits are this tab's client id, plus whatever IndexedDB held when the tab opened (edits of
 * an earlier, unsaved session): the indicator says "Saved" only once the server has committed all
 * of them.
 */
import * as decoding from "lib0/decoding";
import type * as encoding from "lib0/encoding";
import { useEffect, useRef, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CloseCode, FRAGMENT_NAME, MessageType } from "../../editor/protocol";
import { readSavedVector } from "~/lib/saved-state";

/** Where the connection stands. */
export type CollabConnection = "connecting" | "connected" | "disconnected" | "closed";

/** A person in the report now (identity set by the server). */
export interface Peer {
  clientId: number;
  id: string;
  name: string;
  color: string;
  self: boolean;
}

/** What the editor page needs. */
export interface CollabDoc {
  doc: Y.Doc;
  fragment: Y.XmlFragment;
  provider: WebsocketProvider;
}

/** The state around the document. */
export interface CollabState {
  connection: CollabConnection;
  /** Synced with the server at least once since the last connect. */
  synced: boolean;
  /** Every own edit is committed on the server. */
  saved: boolean;
  peers: Peer[];
  /** Why the server closed for good (a named close code), if it did. */
  closed: { code: number; message: string } | null;
}

const CLOSE_MESSAGES: Record<number, string> = {
  [CloseCode.unauthorized]: "Your session has ended. Log in again to keep editing; your changes are kept in this browser.",
  [CloseCode.forbidden]: "You no longer have access to this report.",
  [CloseCode.notFound]: "This report no longer exists, or you no longer have access to it.",
  [CloseCode.documentTooLarge]: "This report has reached its size limit: the last change was not saved.",
  [CloseCode.malformed]: "The server refused a message from this tab. Reload to reconnect.",
  [CloseCode.accessRevoked]: "Your access to this report was removed. It cannot be opened from here any more.",
  [CloseCode.accessChanged]: "Your access to this report changed. Reload to continue with it; your changes are kept in this browser.",
};

interface Identity {
  id: string;
  name: string;
  color: string;
}

/** Applies the page's copy of the document; a copy that does not decode is left to the WebSocket. */
export function applyInitialState(doc: Y.Doc, base64: string): void {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    // Decoded on its own first: applyUpdate may half-apply a malformed update without throwing.
    Y.decodeUpdate(bytes);
    Y.applyUpdate(doc, bytes, INITIAL_ORIGIN);
  } catch (error) {
    console.warn("[folio] the page's copy of the report could not be read; waiting for the server", error);
  }
}

const INITIAL_ORIGIN = "folio:page-copy";

/** Opens report `reportId`'s document for the lifetime of the calling component (browser only). */
export function useCollabDoc(
  reportId: string,
  opts: {
    readOnly: boolean;
    me: Identity;
    /** A share link's token: read-only, nothing kept in this browser. */
    share?: string;
    /**
     * The document as the server had it when it rendered the page (a base64 Yjs update, or null):
     * shown at once, before the WebSocket has synced (which then brings anything newer).
     */
    initialState?: string | null;
    /**
     * Called when the server closed with `accessChanged` (the role changed): the socket reconnects
     * at once with the new access, and the page reloads its data (read-only or not) here. Without it
     * the page shows a "reload" message instead.
     */
    onAccessChanged?: () => void;
  },
): { collab: CollabDoc | null; state: CollabState } {
  const onAccessChanged = useRef(opts.onAccessChanged);
  onAccessChanged.current = opts.onAccessChanged;
  const [collab, setCollab] = useState<CollabDoc | null>(null);
  const [state, setState] = useState<CollabState>({ connection: "connecting", synced: false, saved: true, peers: [], closed: null });

  useEffect(() => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment(FRAGMENT_NAME);
    let saved: Map<number, number> | null = null;
    let offline = new Map<number, number>();
    let provider: WebsocketProvider | null = null;
    let disposed = false;
    // A share-link guest keeps no copy: once the link is revoked, nothing of the report stays here.
    const local = opts.share ? null : new IndexeddbPersistence(`folio-report-${reportId}`, doc);

    const computeSaved = () => {
      const own = new Map(offline);
      const clock = Y.getState(doc.store, doc.clientID);
      if (clock > 0) own.set(doc.clientID, clock);
      for (const [id, c] of own) if ((saved?.get(id) ?? 0) < c) return false;
      offline = new Map([...offline].filter(([id, c]) => (saved?.get(id) ?? 0) < c));
      return true;
    };
    const update = (patch: Partial<CollabState>) => !disposed && setState((s) => ({ ...s, ...patch }));

    const onDocUpdate = (_u: Uint8Array, origin: unknown) => {
      // Remote changes arrive with the provider as origin; only local ones can be unsaved.
      if (origin !== provider) update({ saved: computeSaved() });
    };
    doc.on("update", onDocUpdate);

    void (local ? local.whenSynced : Promise.resolve()).then(() => {
      if (disposed) return;
      // What this browser held before connecting counts as ours until the server has it.
      offline = opts.readOnly ? new Map() : Y.decodeStateVector(Y.encodeStateVector(doc));
      // The server's copy from the page, after `offline` was read: it is the server's, not ours.
      if (opts.initialState) applyInitialState(doc, opts.initialState);
      const url = `${window.location.protocol === "https:" ? "wss:" : "ws:"}//${window.location.host}/collab`;
      const p = new WebsocketProvider(url, reportId, doc, { disableBc: true, params: opts.share ? { share: opts.share } : {} });
      provider = p;
      p.messageHandlers[MessageType.saved] = (_e: encoding.Encoder, decoder: decoding.Decoder) => {
        saved = readSavedVector(decoder);
        update({ saved: computeSaved() });
      };
      if (!opts.share) p.awareness.setLocalStateField("user", opts.me);
      const readPeers = () =>
        update({
          peers: [...p.awareness.getStates()].flatMap(([clientId, s]) => {
            const u = (s as { user?: Partial<Identity> }).user;
            return u && typeof u.name === "string" ? [{ clientId, id: String(u.id ?? ""), name: u.name, color: typeof u.color === "string" ? u.color : "#888", self: clientId === doc.clientID }] : [];
          }),
        });
      p.awareness.on("change", readPeers);
      p.on("status", ({ status }) => update({ connection: status, ...(status !== "connected" ? { synced: false } : {}) }));
      p.on("sync", (isSynced: boolean) => update({ synced: isSynced }));
      p.on("closed", ({ code, reason }) => {
        const reload = onAccessChanged.current;
        if (code === CloseCode.accessChanged && reload && !disposed) {
          // The server opens the new socket with the new role; y-websocket allows connect() here.
          update({ connection: "connecting", closed: null });
          p.connect();
          reload();
          return;
        }
        update({ connection: "closed", closed: { code, message: CLOSE_MESSAGES[code] ?? (reason || `The connection closed (code ${code}).`) } });
      });
      readPeers();
      setCollab({ doc, fragment, provider: p });
    });

    return () => {
      disposed = true;
      doc.off("update", onDocUpdate);
      provider?.destroy();
      void local?.destroy();
      doc.destroy();
    };
    // One document per report and identity; read-only changes only with a reload.
  }, [reportId]);

  return { collab, state };
}
