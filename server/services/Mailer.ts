/**
 * Notification email over SMTP (nodemailer), when FOLIO_SMTP_URL is configured. Sending never
 * blocks or fails the request that caused it: messages are sent after the commit, failures are
 * logged with the recipient's user id and counted, and the in-app notification stands either way.
 */
import nodemailer, { type Transporter } from "nodemailer";

/** One plain-text message. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends notification email. */
export interface Mailer {
  /** Queues a message; resolves when it was handed to the SMTP server (or failed, logged). */
  send(message: MailMessage, context: { userId: string }): Promise<void>;
  /** Sent and failed counts. */
  readonly stats: { sent: number; failed: number };
  /** Waits for messages in flight, then closes the transport. */
  close(): Promise<void>;
}

/** A mailer over `smtpUrl`, or one that sends nothing when it is unset. */
export function createMailer(opts: { smtpUrl?: string; from: string }): Mailer {
  const stats = { sent: 0, failed: 0 };
  const transport: Transporter | null = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  const inFlight = new Set<Promise<void>>();
  return {
    stats,
    async send(message, context) {
      if (!transport) return;
      const p = transport
        .sendMail({ from: opts.from, to: message.to, subject: message.subject, text: message.text })
        .then(
          () => {
            stats.sent++;
          },
          (error: unknown) => {
            stats.failed++;
            console.error("[mail] could not send a notification", { userId: context.userId, error: String(error) });
          },
        )
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      await p;
    },
    async close() {
      await Promise.allSettled([...inFlight]);
      transport?.close();
    },
  };
}
