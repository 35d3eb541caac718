/**
 * A problem in a metrics file being imported, located as `file:line: detail` so editors and
 * terminals can jump to it.
 */

/** `data.csv:17: column "loss": "abc" is not a number`. */
export class MetricFileError extends Error {
  override readonly name = "MetricFileError";
  constructor(readonly file: string, readonly line: number, readonly detail: string) {
    super(`${file}:${line}: ${detail}`);
  }
}
