import type { Concurrency, SlotCounter } from '../../db/concurrency.js';
import { fail } from '../../lib/errors.js';

/**
 * Who may cause alert emails, and how often: per address (confirmation emails to one mailbox, per
 * clock day) and per client (subscriptions from one network address, per clock hour). Exact slot
 * counters of the concurrency layer; keys are stored as HMACs there, never as addresses.
 */
export const ALERT_LIMITS = {
  perAddress: { max: 3, windowMs: 24 * 3_600_000 },
  perClient: { max: 10, windowMs: 3_600_000 },
} as const;

export class AlertLimits {
  private readonly counters: Record<keyof typeof ALERT_LIMITS, SlotCounter>;

  constructor(cc: Concurrency) {
    this.counters = {
      perAddress: cc.slots({ name: 'alerts-address', limit: ALERT_LIMITS.perAddress.max, windowMs: ALERT_LIMITS.perAddress.windowMs }),
      perClient: cc.slots({ name: 'alerts-client', limit: ALERT_LIMITS.perClient.max, windowMs: ALERT_LIMITS.perClient.windowMs }),
    };
  }

  async take(kind: keyof typeof ALERT_LIMITS, value: string): Promise<void> {
    const slot = await this.counters[kind].take(kind === 'perAddress' ? value.trim().toLowerCase() : value);
    if (slot.ok) return;
    throw fail(
      'too_many_attempts',
      kind === 'perAddress' ? 'Too many alert requests for this address; try again later' : 'Too many alert requests; try again later',
      { retryAfter: slot.retryAfter },
    );
  }
}
