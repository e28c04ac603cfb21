import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { Schema, type Connection } from 'mongoose';

/**
 * The development mail/SMS catcher: a real SMTP server on loopback (nodemailer really speaks SMTP
 * to it) whose messages are kept in the database, so every process of a DATA_DIR sees one mailbox.
 */
const devMessageSchema = new Schema(
  {
    channel: { type: String, enum: ['email', 'sms'], required: true },
    to: { type: String, required: true },
    subject: String,
    text: { type: String, default: '' },
    html: String,
    messageId: String,
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: true, collection: 'dev_messages' },
);

export const devMessageModel = (conn: Connection) => conn.model('DevMessage', devMessageSchema);

export async function startMailCatcher(conn: Connection): Promise<{ url: string; close(): Promise<void> }> {
  const DevMessage = devMessageModel(conn);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const recipients = session.envelope.rcptTo.map((r) => r.address);
          await DevMessage.insertMany(
            recipients.map((to) => ({
              channel: 'email',
              to,
              subject: mail.subject,
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : undefined,
              messageId: mail.messageId,
            })),
          );
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
