/**
 * A progress indicator on stderr. On a terminal it redraws one line in place (at most ten
 * times a second); elsewhere (CI logs, pipes) it prints a plain line every few seconds, so logs
 * stay readable.
 */
import type { Output } from "./CliContext";
import { formatDuration } from "./format";

/** Options of `new ProgressBar(...)`. */
export interface ProgressBarOptions {
  /** Word shown before the bar, e.g. "uploading". */
  label: string;
  /** Milliseconds between lines when not on a terminal (default 5000). */
  intervalMs?: number;
  now?: () => number;
}

const WIDTH = 24;

/** One progress line; `update()` often, `done()` once. */
export class ProgressBar {
  readonly #out: Output;
  readonly #label: string;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #started: number;
  #lastDraw = -Infinity;
  #drawn = false;

  constructor(out: Output, options: ProgressBarOptions) {
    this.#out = out;
    this.#label = options.label;
    this.#intervalMs = options.intervalMs ?? 5000;
    this.#now = options.now ?? Date.now;
    this.#started = this.#now();
  }

  /** Seconds since the bar was created. */
  get elapsedSeconds(): number {
    return (this.#now() - this.#started) / 1000;
  }

  /** Shows `fraction` (0–1, or null when unknown) and a detail text. Cheap to call often. */
  update(fraction: number | null, detail: string): void {
    const now = this.#now();
    const tty = Boolean(this.#out.isTTY);
    if (now - this.#lastDraw < (tty ? 100 : this.#intervalMs)) return;
    this.#lastDraw = now;
    this.#draw(fraction, detail);
  }

  /** Draws the final state and ends the line. */
  done(fraction: number | null, detail: string): void {
    this.#draw(fraction, detail);
    if (this.#out.isTTY) this.#out.write("\n");
    this.#drawn = false;
  }

  /** Clears the line on a terminal so that other output can be printed. */
  clear(): void {
    if (this.#out.isTTY && this.#drawn) this.#out.write("\r\x1b[K");
    this.#drawn = false;
  }

  #draw(fraction: number | null, detail: string): void {
    const percent = fraction === null ? "" : ` ${String(Math.floor(clamp(fraction) * 100)).padStart(3)}%`;
    const elapsed = formatDuration(this.elapsedSeconds);
    if (this.#out.isTTY) {
      const filled = fraction === null ? 0 : Math.round(clamp(fraction) * WIDTH);
      const bar = fraction === null ? "" : ` [${"#".repeat(filled)}${".".repeat(WIDTH - filled)}]`;
      let line = `${this.#label}${bar}${percent}  ${detail}  ${elapsed}`;
      const columns = this.#out.columns ?? 120;
      if (line.length >= columns) line = line.slice(0, columns - 1);
      this.#out.write(`\r\x1b[K${line}`);
      this.#drawn = true;
    } else {
      this.#out.write(`${this.#label}${percent}  ${detail}  ${elapsed}\n`);
    }
  }
}

function clamp(fraction: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
}
