/**
 * Streams a file line by line with the byte offset of every line, so that a reader can report
 * progress in bytes, resume from an offset after a crash, and name the line of an error, without
 * ever holding more than one chunk and one line in memory.
 */
import { createReadStream } from "node:fs";

/** One line of a file. */
export interface Line {
  /** The line's text, without its "\n" or "\r\n". */
  text: string;
  /** 1-based line number (counted from `firstLineNumber`). */
  number: number;
  /** Byte offset of the line's first byte. */
  start: number;
  /** Byte offset just past the line's terminator (or past the text for an unterminated last line). */
  end: number;
  /** False only for a last line with no "\n" after it. */
  terminated: boolean;
}

/** Where to start reading. */
export interface ReadLinesOptions {
  /** Byte offset to start at; must be the start of a line (default 0). */
  start?: number;
  /** Line number of the line at `start` (default 1). */
  firstLineNumber?: number;
  /** Read chunk size (default 1 MiB). */
  chunkBytes?: number;
}

const NEWLINE = 0x0a;

/** Yields the lines of the file at `path`. */
export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<Line> {
  let offset = options.start ?? 0;
  let number = options.firstLineNumber ?? 1;
  let carry: Buffer | null = null;
  const stream = createReadStream(path, { start: offset, highWaterMark: options.chunkBytes ?? 1 << 20 });
  for await (const piece of stream as AsyncIterable<Buffer>) {
    const chunk: Buffer = carry ? Buffer.concat([carry, piece]) : piece;
    carry = null;
    let from = 0;
    for (let at = chunk.indexOf(NEWLINE, from); at >= 0; at = chunk.indexOf(NEWLINE, from)) {
      const lineEnd = at > from && chunk[at - 1] === 0x0d ? at - 1 : at;
      yield {
        text: chunk.toString("utf8", from, lineEnd),
        number: number++,
        start: offset,
        end: offset + (at + 1 - from),
        terminated: true,
      };
      offset += at + 1 - from;
      from = at + 1;
    }
    if (from < chunk.length) carry = chunk.subarray(from);
  }
  if (carry && carry.length > 0) {
    yield { text: carry.toString("utf8"), number, start: offset, end: offset + carry.length, terminated: false };
  }
}
