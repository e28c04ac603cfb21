import nodemailer from 'nodemailer';
import type { OutboundMessage, Transport } from '../outbox/outbox.js';

/** SMTP through nodemailer; timeouts stay well under the outbox lease so a send never outlives its claim. */
export function smtpTransport(url: string, from: string, messageIdDomain: string): Transport & { close(): void } {
  const withTimeouts = new URL(url);
  for (const [k, v] of Object.entries({ connectionTimeout: '10000', greetingTimeout: '10000', socketTimeout: '30000' })) {
    if (!withTimeouts.searchParams.has(k)) withTimeouts.searchParams.set(k, v);
  }
  const transporter = nodemailer.createTransport(withTimeouts.toString());
  return {
    async send(message: OutboundMessage) {
      await transporter.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${message.id}@${messageIdDomain}>`,
        ...(message.headers ? { headers: message.headers } : {}),
        // base64, not quoted-printable: QP's soft line breaks after a space ("prosimy o =") were dropped by
        // mail clients that trim line ends, gluing words ("okontakt:", "kontakt:administrator@")
        textEncoding: 'base64',
      });
    },
    close: () => transporter.close(),
  };
}
