import type { Claims } from '../../db/claims.js';
import { fail } from '../../lib/errors.js';
import { keyedHash } from '../../lib/tokens.js';

/**
 * Who may cause alert emails, and how often: per address (confirmation emails to one mailbox) and
 * per client (subscriptions from one network address). "At most N per window" must be exact on
 * FerretDB, where counters race; so each request takes one of N numbered slots by unique insert
 * (db/claims.ts). This is the one place to swap for the lead's slot counters when they land.
 */
export const ALERT_LIMITS = {
  perAddress: { max: 3, windowMs: 24 * 3_600_000 },
  perClient: { max: 10, windowMs: 3_600_000 },
} as const;

export async function takeAlertSlot(claims: Claims, secret: string, kind: keyof typeof ALERT_LIMITS, value: string): Promise<void> {
  const { max, windowMs } = ALERT_LIMITS[kind];
  const now = Date.now();
  const bucket = Math.floor(now / windowMs);
  // keyed hash: the claims collection never holds an address
  const key = `alerts:${kind}:${keyedHash(secret, 'alert-limit', value)}:${bucket}`;
  for (let slot = 0; slot < max; slot++) if (await claims.take(`${key}:${slot}`)) return;
  throw fail('too_many_attempts', kind === 'perAddress' ? 'Too many alert requests for this address; try again later' : 'Too many alert requests; try again later', {
    retryAfter: ((bucket + 1) * windowMs - now) / 1000,
  });
}
