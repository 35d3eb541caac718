/**
 * Validating an incoming Yjs update before it touches a room's document.
 *
 * `Y.applyUpdate` integrates structs one by one inside a transaction whose `finally` still commits
 * and emits what was integrated before a malformed struct threw, so applying a bad update to the
 * real document can leave it half-applied (and broadcast and persist the half). Each room therefore
 * keeps a *shadow* document with the same state: an update is first decoded on its own (cheap,
 * catches truncated and garbage bytes), then applied to the shadow. Only if both succeed is it
 * applied to the real document, where it behaves exactly as on the shadow. A failure may have
 * half-applied the shadow, so the shadow is rebuilt from the real document.
 */
import * as Y from "yjs";

/** Why an update was refused. */
export type UpdateRejection = "malformed";

/** Decodes `update` in isolation; throws on garbage. */
export function decodeCheck(update: Uint8Array): void {
  if (update.byteLength < 2) throw new Error("update too short");
  const { structs } = Y.decodeUpdate(update);
  for (const s of structs) {
    if (!Number.isSafeInteger(s.id.client) || s.id.client < 0 || !Number.isSafeInteger(s.id.clock) || s.id.clock < 0 || s.length < 0) {
      throw new Error("struct id out of range");
    }
  }
}

/**
 * A shadow of a document for trial application. The copy is made lazily, on the first trial, so
 * loading a report (and its first sync to readers) does not pay for it.
 */
export class ShadowDoc {
  private copyOf: Y.Doc | null = null;

  constructor(private readonly source: Y.Doc) {}

  private get shadow(): Y.Doc {
    return (this.copyOf ??= ShadowDoc.copy(this.source));
  }

  private static copy(source: Y.Doc): Y.Doc {
    const shadow = new Y.Doc({ gc: source.gc });
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(source), "collab:shadow-rebuild");
    return shadow;
  }

  /** Makes the copy now rather than at the first trial. */
  prepare(): void {
    void this.shadow;
  }

  /** Tries `update` on the shadow; returns null when it applied cleanly, else the rejection. */
  trial(update: Uint8Array): UpdateRejection | null {
    try {
      decodeCheck(update);
    } catch {
      return "malformed";
    }
    try {
      Y.applyUpdate(this.shadow, update, "collab:validate");
      return null;
    } catch {
      this.rebuild();
      return "malformed";
    }
  }

  /** Mirrors an update that reached the real document another way (API edits). */
  mirror(update: Uint8Array): void {
    if (!this.copyOf) return; // the copy, when made, will include it
    try {
      Y.applyUpdate(this.shadow, update, "collab:shadow-mirror");
    } catch {
      this.rebuild();
    }
  }

  /** Re-copies the real document (after a failed trial or a mirror mismatch). */
  rebuild(): void {
    this.copyOf?.destroy();
    this.copyOf = null;
  }

  destroy(): void {
    this.copyOf?.destroy();
    this.copyOf = null;
  }
}
