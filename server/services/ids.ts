/** Random identifiers and slugs. */
import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A random lowercase alphanumeric id (rejection-free: 256 % 36 bias is negligible for ids). */
export function randomId(length = 16): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** A URL-safe secret token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Lowercase, URL-safe slug: letters, digits and dashes, 1–40 chars. */
export function slugify(input: string): string {
  const s = input
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return s || "team";
}

const ADJECTIVES = ["brisk", "calm", "daring", "eager", "fancy", "gentle", "hazy", "icy", "jolly", "keen", "lucid", "misty", "noble", "proud", "quiet", "rapid", "silver", "tidy", "vivid", "witty"];
const NOUNS = ["sun", "river", "forest", "meadow", "comet", "breeze", "canyon", "dawn", "ember", "field", "glade", "harbor", "island", "lake", "moon", "night", "ocean", "peak", "rain", "star"];

/** A memorable run name such as `brisk-comet-42`. */
export function runName(): string {
  const b = randomBytes(3);
  return `${ADJECTIVES[b[0] % ADJECTIVES.length]}-${NOUNS[b[1] % NOUNS.length]}-${b[2] % 100}`;
}
