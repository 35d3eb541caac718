/**
 * A minimal Server-Sent Events parser (the WHATWG "event stream" format): enough for
 * `GET /api/v1/events`, which sends `event:` and `data:` fields separated by blank lines.
 */

/** One dispatched SSE message. */
export interface SseMessage {
  event: string;
  data: string;
  id: string | null;
}

/** Yields the messages of an event stream body until it ends. Comments (`:`) are skipped. */
export async function* readSseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = "";
  let event = "";
  let data: string[] = [];
  let id: string | null = null;

  /** Handles one line; returns a message when the line ends one (a blank line). */
  const take = (line: string): SseMessage | null => {
    if (line === "") {
      const message = data.length > 0 ? { event: event || "message", data: data.join("\n"), id } : null;
      event = "";
      data = [];
      return message;
    }
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id") id = value;
    return null;
  };

  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (;;) {
      const newline = buffer.search(/\r\n|\r|\n/);
      if (newline < 0) break;
      // A "\r" at the very end may be the first half of "\r\n": wait for the next chunk.
      if (buffer[newline] === "\r" && newline === buffer.length - 1) break;
      const width = buffer.startsWith("\r\n", newline) ? 2 : 1;
      const message = take(buffer.slice(0, newline));
      buffer = buffer.slice(newline + width);
      if (message) yield message;
    }
  }
  // The stream ended right after a lone "\r": that was a complete line after all.
  if (buffer.endsWith("\r")) {
    for (const line of buffer.slice(0, -1).split(/\r\n|\r|\n/)) {
      const message = take(line);
      if (message) yield message;
    }
  }
}
