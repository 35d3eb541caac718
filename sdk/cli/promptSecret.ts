/**
 * Asking for a secret on the terminal without echoing it. On a TTY the input is read in raw
 * mode character by character (Enter submits, Backspace edits, Ctrl-C cancels); from a pipe
 * (`echo $KEY | folio login`) the first line is read as is.
 */
import type { CliContext } from "./CliContext";

/** Thrown when the user presses Ctrl-C or input ends before a line. */
export class PromptCancelled extends Error {
  override readonly name = "PromptCancelled";
}

/** Writes `question` to stderr and resolves with the answer, trimmed. */
export async function promptSecret(ctx: CliContext, question: string): Promise<string> {
  ctx.stderr.write(question);
  const stdin = ctx.stdin;
  if (stdin.isTTY && stdin.setRawMode) return readHidden(ctx);
  return readLine(ctx);
}

function readHidden(ctx: CliContext): Promise<string> {
  const stdin = ctx.stdin;
  return new Promise((resolve, reject) => {
    let answer = "";
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      ctx.stderr.write("\n");
      if (error) reject(error);
      else resolve(answer.trim());
    };
    const onData = (data: Buffer | string) => {
      for (const ch of data.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u0003" || ch === "\u0004") return finish(new PromptCancelled("cancelled"));
        if (ch === "\u007f" || ch === "\b") answer = answer.slice(0, -1);
        else if (ch === "\u0015") answer = "";
        else if (ch >= " ") answer += ch;
      }
    };
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}

function readLine(ctx: CliContext): Promise<string> {
  const stdin = ctx.stdin;
  return new Promise((resolve, reject) => {
    let buffer = "";
    const cleanup = () => {
      stdin.off("data", onData);
      stdin.off("end", onEnd);
      stdin.off("error", onError);
      stdin.pause();
    };
    const onData = (data: Buffer | string) => {
      buffer += data.toString();
      const newline = buffer.indexOf("\n");
      if (newline >= 0) {
        cleanup();
        resolve(buffer.slice(0, newline).trim());
      }
    };
    const onEnd = () => {
      cleanup();
      if (buffer.trim()) resolve(buffer.trim());
      else reject(new PromptCancelled("no input"));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    stdin.on("data", onData);
    stdin.on("end", onEnd);
    stdin.on("error", onError);
    stdin.resume();
  });
}
