/**
 * PostgreSQL array literals, bound as a single text parameter and cast in SQL
 * (`${pgArray(xs)}::text[]::float8[]`). This keeps bulk writes to one parameter per column on both
 * drivers, and the values stay parameters: nothing a user sent is ever spliced into SQL text.
 */

/** `{1,2,NaN,Infinity}`: numbers print in a form float8/int8 input accepts. */
export function numberArray(values: readonly number[]): string {
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
