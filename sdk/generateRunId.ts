/**
 * Run ids are chosen by the client, not the server, so that a run logged while the server was
 * unreachable can be created later, from the spool, under the id it was given at `init()`.
 */
import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
/** The largest multiple of 36 below 256: bytes at or above it are rejected to avoid bias. */
const UNBIASED_LIMIT = 252;

/** A random run id: `length` characters from [a-z0-9] (8 by default, ~41 bits). */
export function generateRunId(length = 8): string {
  let id = "";
  while (id.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < UNBIASED_LIMIT) id += ALPHABET[byte % ALPHABET.length];
      if (id.length === length) break;
    }
  }
  return id;
}
