/**
 * `JSON.parse` that also accepts the bare tokens `NaN`, `Infinity` and `-Infinity`, which
 * Python's `json.dumps` writes by default (allow_nan=True). They become the strings "NaN",
 * "Infinity" and "-Infinity", the spellings the Folio API uses. Files written by the Python
 * client or by pandas therefore read the same as files written by this SDK.
 */

/** Parses `text` as JSON, tolerating bare non-finite number tokens. Throws `SyntaxError`. */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
    return JSON.parse(quoteNonFiniteTokens(text));
  }
}

/** Rewrites bare NaN/Infinity tokens outside string literals as JSON strings. */
function quoteNonFiniteTokens(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === "\\") out += text[++i] ?? "";
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      continue;
    }
    const token = ["-Infinity", "Infinity", "NaN"].find((t) => text.startsWith(t, i));
    if (token) {
      out += `"${token}"`;
      i += token.length - 1;
      continue;
    }
    out += ch;
  }
  return out;
}
