import type { Connection } from 'mongoose';
import type { OutboundMessage, Transport } from '../outbox/outbox.js';
import { devMessageModel } from '../mail/catcher.js';

/** SMS_WEBHOOK_URL: each SMS is POSTed as JSON {to, text}; any non-2xx answer is a failed attempt the outbox retries. */
export function webhookSmsTransport(url: string): Transport {
  return {
    async send(message: OutboundMessage) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': message.id },
        body: JSON.stringify({ to: message.to, text: message.text }),
        signal: AbortSignal.timeout(15_000),
      });
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    },
  };
}

/** Development: SMS land in the same mailbox as emails, at /dev/mailbox. */
export function catcherSmsTransport(conn: Connection): Transport {
  const DevMessage = devMessageModel(conn);
  return {
    async send(message: OutboundMessage) {
      await DevMessage.create({ channel: 'sms', to: message.to, text: message.text, messageId: message.id });
    },
  };
}
