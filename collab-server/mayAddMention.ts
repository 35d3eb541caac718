/**
 * Whether a Yjs update may insert a `mention` node: an element's name travels as plain UTF-8 in the
 * update, so a byte search is a cheap, conservative test (typing the word "mention" also matches,
 * which costs at most an early compaction or a less precise guess of who mentioned whom).
 */
export function mayAddMention(update: Uint8Array): boolean {
  return Buffer.from(update.buffer, update.byteOffset, update.byteLength).indexOf(MENTION_BYTES) >= 0;
}

const MENTION_BYTES = Buffer.from("mention");
