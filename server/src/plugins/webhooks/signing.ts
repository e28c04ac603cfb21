import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks (standardwebhooks.com) signing: `v1,` + base64 HMAC-SHA256 of "id.timestamp.body"
 * with the secret's key (the base64-decoded part after `whsec_`). Every attempt is signed afresh with
 * its own timestamp, so a receiver's replay window holds for retries a day later.
 */
export function signatureHeaders(key: Buffer, id: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
