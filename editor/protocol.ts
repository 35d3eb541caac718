/**
 * The collaboration wire protocol shared by the browser editor and collab-server (issue 4 §3).
 *
 * Transport: one binary WebSocket per report at `/collab/{reportId}`, authenticated at the upgrade
 * by the session cookie or `Authorization: Bearer <API key>`, or read-only by a share link's token
 * (`/collab/{reportId}?share=<token>`). Every frame is one message, a lib0
 * varUint message type followed by its payload, as in y-websocket:
 *
 * - `0` sync: y-protocols sync step 1 / step 2 / update.
 * - `1` awareness: a y-protocols awareness update. The server overwrites each state's `user` field
 *   with the identity it authenticated (`{ id, name, color }`); a client cannot pose as someone else.
 * - `3` query awareness: asks for every awareness state (no payload).
 * - `4` saved (server → client only): a varUint8Array holding `Y.encodeStateVector` of everything
 *   durably committed for the report. The client's own edits are saved when, for each client id `c`
 *   it authored (its `doc.clientID`, plus earlier ids whose edits y-indexeddb restored),
 *   `saved[c] >= Y.encodeStateVector(localDoc)[c]`. Compare only your own ids: other people's edits
 *   relayed to you are not yours to wait for. Sent once after the first sync (join), then to each
 *   socket whose updates a group commit contained, after that commit.
 *
 * The document is the `Y.XmlFragment` named {@link FRAGMENT_NAME}, bound with y-prosemirror.
 */

/** Bumped whenever the document model or this protocol changes incompatibly. */
export const EDITOR_VERSION = 1;

/** The Y.XmlFragment holding the ProseMirror document. */
export const FRAGMENT_NAME = "default";

/** The first varUint of every frame. */
export const MessageType = {
  sync: 0,
  awareness: 1,
  queryAwareness: 3,
  saved: 4,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/**
 * WebSocket close codes the server uses. 4xxx mirror HTTP statuses where one fits; 1009 is the
 * RFC 6455 "message too big" code, sent by the transport itself when a frame exceeds the limit.
 * Clients should not reconnect after unauthorized, forbidden, notFound, accessRevoked or
 * documentTooLarge.
 */
export const CloseCode = {
  /** Frame over {@link LIMITS.maxMessageBytes}. */
  messageTooLarge: 1009,
  /** A frame that is not a valid message (unknown type, truncated, bad Yjs update, text frame). */
  malformed: 4400,
  /** No credentials, a forged / expired cookie, or a revoked API key. */
  unauthorized: 4401,
  /** Authenticated, but this user may not open the report. */
  forbidden: 4403,
  /** No such report, or one in a team the user does not belong to (indistinguishable on purpose). */
  notFound: 4404,
  /** The document would grow beyond {@link LIMITS.maxDocumentBytes}: the update was not applied. */
  documentTooLarge: 4413,
  /** The stored document could not be loaded; nothing was created. Retry later. */
  loadFailed: 4500,
  /** Updates could not be committed after retries; unsaved edits stay in the client. Retry later. */
  storageFailed: 4502,
  /** The server is stopping after flushing every accepted update. Reconnect later. */
  serverShuttingDown: 4503,
  /** The client read too slowly: too much was queued for it. Reconnect (the sync catches up). */
  tooSlow: 4504,
  /** The user's role changed while connected (e.g. editor → viewer). Reconnect to continue with it. */
  accessChanged: 4409,
  /** Access was removed while connected (grant removed, left the team, share link revoked, trashed). Do not reconnect. */
  accessRevoked: 4410,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Size limits enforced by the server. */
export const LIMITS = {
  /** One WebSocket message. */
  maxMessageBytes: 2 * 1024 * 1024,
  /** The stored Yjs state of one report (approximately: snapshot plus appended updates). */
  maxDocumentBytes: 32 * 1024 * 1024,
  /** Bytes queued for one socket before it is closed with `tooSlow`. */
  maxBufferedBytes: 32 * 1024 * 1024,
  /** One awareness state (JSON) of one client. */
  maxAwarenessStateBytes: 16 * 1024,
} as const;

/** The WebSocket path of a report. */
export const collabPath = (reportId: string) => `/collab/${encodeURIComponent(reportId)}`;
