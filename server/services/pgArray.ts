/**
 * Bulk values for PostgreSQL, in the two forms the history writer sends.
 *
 * Array literals are bound as a single text parameter and cast in SQL
 * (`${pgArray(xs)}::text[]::float8[]`). This keeps bulk writes to one parameter per column on both
 * drivers, and the values stay parameters: nothing a user sent is ever spliced into SQL text.
 *
 * Binary COPY rows (`COPY … FROM STDIN WITH (FORMAT binary)`) skip text entirely: no number is
 * printed here or parsed by the server (float8in's strtod is a large share of a text insert), and
 * COPY inserts rows in batches. The format: an 11-byte signature, two int32 (flags, header
 * extension length), then per row an int16 field count and per field an int32 byte length and the
 * value in network byte order; an int16 -1 ends the data. Every field here is fixed-width and non-null,
 * so all rows have the same size and each column is written in its own tight loop.
 */

/** `{1,2,NaN,Infinity}`: numbers print in a form float8/int8 input accepts. */
export function numberArray(values: readonly number[] | Float64Array | Int32Array): string {
  return `{${values.join(",")}}`;
}

/** `{"a","b \"quoted\""}` with backslash escaping. */
export function textArray(values: readonly string[]): string {
  let s = "{";
  for (let i = 0; i < values.length; i++) {
    if (i) s += ",";
    s += `"${values[i].replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  }
  return `${s}}`;
}

/** One column of a binary COPY: its PostgreSQL type and at least `count` values. */
export interface CopyColumn {
  type: "int4" | "int8" | "float8";
  values: ArrayLike<number>;
}

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]; // "PGCOPY\n\377\r\n\0"
const HEADER_BYTES = SIGNATURE.length + 8;
const WIDTH = { int4: 4, int8: 8, float8: 8 } as const;
const TWO_32 = 2 ** 32;

/**
 * Encodes `count` rows of non-null fixed-width columns as a binary COPY stream. int8 values must be
 * integers within ±2^53 (JavaScript numbers), which every caller's validation guarantees.
 */
export function binaryCopyRows(columns: readonly CopyColumn[], count: number): Uint8Array<ArrayBuffer> {
  const rowBytes = 2 + columns.reduce((n, c) => n + 4 + WIDTH[c.type], 0);
  const bytes = new Uint8Array(HEADER_BYTES + count * rowBytes + 2);
  const view = new DataView(bytes.buffer);
  bytes.set(SIGNATURE); // flags and header extension length stay 0
  for (let i = 0, o = HEADER_BYTES; i < count; i++, o += rowBytes) view.setInt16(o, columns.length);
  let field = HEADER_BYTES + 2;
  for (const { type, values } of columns) {
    const width = WIDTH[type];
    let o = field;
    if (type === "float8") {
      for (let i = 0; i < count; i++, o += rowBytes) {
        view.setInt32(o, 8);
        view.setFloat64(o + 4, values[i]);
      }
    } else if (type === "int8") {
      for (let i = 0; i < count; i++, o += rowBytes) {
        const v = values[i];
        const hi = Math.floor(v / TWO_32);
        view.setInt32(o, 8);
        view.setInt32(o + 4, hi);
        view.setUint32(o + 8, v - hi * TWO_32);
      }
    } else {
      for (let i = 0; i < count; i++, o += rowBytes) {
        view.setInt32(o, 4);
        view.setInt32(o + 4, values[i]);
      }
    }
    field += 4 + width;
  }
  view.setInt16(HEADER_BYTES + count * rowBytes, -1);
  return bytes;
}
