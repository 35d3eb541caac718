import { describe, expect, it } from "vitest";
import { PgDialect } from "drizzle-orm/pg-core";
import { exactPoints, unpack, withSeries } from "./seriesSql";

/** `values` as `packed` writes them: big-endian float8s, null as the NaN 7ff8deadbeef0001. */
function bytes(values: Array<number | null>): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((v, i) => {
    if (v === null) {
      view.setUint32(i * 8, 0x7ff8dead);
      view.setUint32(i * 8 + 4, 0xbeef0001);
    } else view.setFloat64(i * 8, v);
  });
  return new Uint8Array(view.buffer);
}

describe("unpack", () => {
  it("reads each series' float8s exactly, telling an SQL null from NaN", () => {
    const values = [0, 1.5, 0.1 + 0.2, null, Number.NaN, Infinity, -Infinity, 2 ** 53, -1e-300];
    // A view into a larger buffer, as postgres.js hands out Buffers from a shared pool.
    const pool = new Uint8Array(16 + values.length * 8);
    pool.set(bytes(values), 16);
    const found = unpack([{ tag: 3, packed: pool.subarray(16) }, { tag: 4, packed: null }]);
    expect(found.get(3)).toEqual(values);
    expect(Object.is(found.get(3)![3], null)).toBe(true);
    expect(Number.isNaN(found.get(3)![4])).toBe(true);
    expect(found.get(4)).toEqual([]);
  });

  it("asks the database for binary float8s with the same null pattern", () => {
    const text = new PgDialect().sqlToQuery(exactPoints(withSeries([]), "step", 0, 1, [0])).sql;
    expect(text).toContain("float8send(step::float8)");
    expect(text).toContain("'\\x7ff8deadbeef0001'::bytea");
  });
});
