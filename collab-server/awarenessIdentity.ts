/**
 * Awareness updates carry client-chosen JSON states. The server re-encodes each one with the
 * identity it authenticated in the `user` field (issue 4 §3: not trusted from the client), and a
 * socket may only speak for the awareness client ids it introduced first.
 *
 * Wire format (y-protocols/awareness): varUint count, then per entry varUint clientID, varUint
 * clock, varString JSON state ("null" when the client left).
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { LIMITS } from "../editor/protocol";

/** Who a socket is, as shown to the others. */
export interface Identity {
  id: string;
  name: string;
  color: string;
}

/** Picks a stable, readable color for a user id. */
export function colorFor(userId: string): string {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (Math.imul(h, 31) + userId.charCodeAt(i)) >>> 0;
  return `hsl(${h % 360}, 70%, 45%)`;
}

/** Most awareness client ids one socket may own (one per open editor view is the norm). */
const MAX_CLIENTS_PER_SOCKET = 4;

/**
 * Rewrites an awareness update for a socket: stamps `identity` into every non-null state, drops
 * entries for client ids owned by someone else. `owned` is updated with newly claimed ids;
 * `isOwnedElsewhere` says whether another socket already claimed an id. Throws on malformed input.
 */
export function rewriteAwareness(
  update: Uint8Array,
  identity: Identity,
  owned: Set<number>,
  isOwnedElsewhere: (clientId: number) => boolean,
): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: { clientId: number; clock: number; state: string }[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const raw = decoding.readVarString(decoder);
    if (raw.length > LIMITS.maxAwarenessStateBytes) throw new Error("awareness state too large");
    const parsed: unknown = JSON.parse(raw);
    if (parsed !== null && (typeof parsed !== "object" || Array.isArray(parsed))) throw new Error("awareness state is not an object");
    if (!owned.has(clientId)) {
      if (isOwnedElsewhere(clientId) || owned.size >= MAX_CLIENTS_PER_SOCKET) continue;
      owned.add(clientId);
    }
    const state = parsed === null ? "null" : JSON.stringify({ ...(parsed as Record<string, unknown>), user: identity });
    entries.push({ clientId, clock, state });
  }
  if (decoding.hasContent(decoder)) throw new Error("trailing bytes after awareness update");
  if (entries.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}
