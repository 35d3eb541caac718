/** A local SMTP server for tests: keeps every message it receives (envelope recipients and raw text). */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** A running sink. */
export interface SmtpSink {
  /** What arrived, in order. */
  mails: Array<{ to: string[]; raw: string }>;
  /** `smtp://127.0.0.1:<port>`, for FOLIO_SMTP_URL. */
  url: string;
  close(): Promise<void>;
}

/** Starts a sink on a free port of 127.0.0.1 (no TLS, no auth). */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: SmtpSink["mails"] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { mails, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
