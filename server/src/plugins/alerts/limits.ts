import type { Concurrency, LeaseLock, SlotCounter } from '../../db/concurrency.js';
import { fail } from '../../lib/errors.js';
import { strangerMail, type StrangerMail } from '../../mail/strangers.js';
import type { MunicipalityProfile } from '../../profile/schema.js';

/**
 * Who may cause alert emails, and how often: subscriptions per client (per clock hour, 429), the
 * confirmation emails through the one stranger budget (mail/strangers.ts: per address and per client
 * network in any 24 hours, silently), and the alerts one address may hold, counted under a lease so
 * that 50 requests in flight cannot all pass the count. Every decision is the concurrency layer's.
 */
export const ALERT_LIMITS = {
  perClient: { max: 10, windowMs: 3_600_000 },
  /** Alerts one address may hold (pending or active). */
  perAddress: { max: 20 },
} as const;

export class AlertLimits {
  private readonly perClient: SlotCounter;
  private readonly perAddress: LeaseLock;
  private readonly mail: StrangerMail;

  constructor(cc: Concurrency, limits: MunicipalityProfile['limits']) {
    this.perClient = cc.slots({ name: 'alerts-client', limit: ALERT_LIMITS.perClient.max, windowMs: ALERT_LIMITS.perClient.windowMs });
    this.perAddress = cc.lease({ name: 'alerts-address', ttlMs: 30_000, waitMs: 20_000 });
    this.mail = strangerMail(cc, limits);
  }

  async takeClient(client: string): Promise<void> {
    const slot = await this.perClient.take(client);
    if (!slot.ok) throw fail('too_many_attempts', 'Too many alert requests; try again later', { retryAfter: slot.retryAfter });
  }

  /** Whether a confirmation email may go to `email` (spends the stranger budget when it may). */
  mayMail(email: string, client: string): Promise<boolean> {
    return this.mail.mayMail(email, client);
  }

  /** Runs `work` (count the address's alerts, then add one) alone for this address, on every node. */
  forAddress<T>(email: string, work: () => Promise<T>): Promise<T> {
    return this.perAddress.run(email, work);
  }
}
