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

/**
 * SMSAPI.pl, the common Polish gateway (POST /sms.do with a bearer token). The outbox id goes out as
 * `idx` with `check_idx=1`, so the gateway itself refuses a second send of the same message. SMSAPI
 * answers errors with HTTP 200 and `{error, message}`; those count as failed attempts too.
 */
export function smsapiTransport(options: { token: string; from?: string; url: string }): Transport {
  return {
    async send(message: OutboundMessage) {
      const form = new URLSearchParams({
        to: message.to.replace(/^\+/, ''),
        message: message.text,
        format: 'json',
        encoding: 'utf-8',
        idx: message.id,
        check_idx: '1',
        ...(options.from ? { from: options.from } : {}),
      });
      const res = await fetch(options.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await res.json().catch(() => ({}))) as { error?: number; message?: string; count?: number };
      // 105: "idx already used": the gateway has this message already, so it was sent once
      if (body.error === 105) return;
      if (!res.ok || body.error) throw new Error(`SMSAPI answered ${res.status}${body.error ? ` error ${body.error}` : ''}`);
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
