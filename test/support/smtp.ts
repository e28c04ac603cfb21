import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface CapturedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Header name (lower case) -> raw value, as received. */
  headers: Record<string, string>;
}

/**
 * A real SMTP server for tests (nodemailer really delivers to it). `failNext(n)` answers the next
 * n messages with a 451 so retry paths are exercised against real SMTP replies.
 */
export class TestSmtp {
  readonly messages: CapturedMail[] = [];
  private server?: SMTPServer;
  private failures = 0;
  url = '';

  async start(port = 0): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            if (this.failures > 0) {
              this.failures--;
              const err = new Error('Temporary failure') as Error & { responseCode: number };
              err.responseCode = 451;
              return callback(err);
            }
            this.messages.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId ?? '',
              headers: Object.fromEntries(mail.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).trim()])),
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  failNext(n: number): void {
    this.failures = n;
  }

  to(address: string): CapturedMail[] {
    return this.messages.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Waits until a message to `address` matching `pred` arrives (polling; real delivery is asynchronous). */
  async waitFor(address: string, pred: (m: CapturedMail) => boolean = () => true, timeoutMs = 10_000): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.to(address).find(pred);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no email to ${address} matching within ${timeoutMs} ms (got ${
            this.to(address)
              .map((m) => m.subject)
              .join('; ') || 'none'
          })`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/** The token of a CivicKit link (APP_URL?civic_action=ACTION&token=T) in an email. */
export function linkToken(mail: CapturedMail, action: 'activate' | 'reset' | 'confirm_email' | 'alert-confirm' | 'remove_methods'): string {
  const match = mail.text.match(new RegExp(`civic_action=${action}&token=([A-Za-z0-9_-]+)`));
  if (!match) throw new Error(`no ${action} link in "${mail.subject}"`);
  return match[1]!;
}
