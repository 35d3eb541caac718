/**
 * The stylesheets share one global namespace for keyframes: two `@keyframes` of one name in
 * different files means whichever file loads last animates both (the report page's save dot once
 * replaced the running badges' pulse). Every name is defined once.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const DIR = fileURLToPath(new URL(".", import.meta.url));

describe("stylesheets", () => {
  it("define each @keyframes name once", () => {
    const seen = new Map<string, string[]>();
    for (const file of readdirSync(DIR).filter((f) => f.endsWith(".css"))) {
      for (const m of readFileSync(`${DIR}/${file}`, "utf8").matchAll(/@keyframes\s+([\w-]+)/g)) {
        seen.set(m[1], [...(seen.get(m[1]) ?? []), file]);
      }
    }
    expect(seen.size).toBeGreaterThan(3);
    expect([...seen].filter(([, files]) => files.length > 1)).toEqual([]);
  });
});
