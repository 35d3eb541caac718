/**
 * Run colors: each run gets a stable color from a palette (hashed from its id, so it is the same on
 * every page and in every report), unless the view overrides it.
 */

/** A palette readable on white, distinct for the first few runs. */
export const PALETTE = ["#4c6ef5", "#f76707", "#2f9e44", "#e03131", "#7048e8", "#1098ad", "#d6336c", "#5c940d", "#f59f00", "#495057", "#1971c2", "#c2255c"] as const;

/** FNV-1a: cheap, stable across platforms. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The color of run `id`: the override, or its palette color. */
export function runColor(id: string, overrides: Record<string, string> = {}): string {
  return overrides[id] ?? PALETTE[hash(id) % PALETTE.length];
}
