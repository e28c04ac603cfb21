import type { AccountModels } from './model.js';

export interface ThrottlePolicy {
  /** Failures allowed in a window before delays start. */
  free: number;
  /** Hard cap per window (ASVS 2.2.1: at most 100 failed attempts an hour on one account). */
  max: number;
  windowMs: number;
  maxDelayMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { free: 5, max: 100, windowMs: 3_600_000, maxDelayMs: 15 * 60_000 };
/** Per client: generous, because a city office or a mobile carrier puts many residents behind one address. */
export const CLIENT_POLICY: ThrottlePolicy = { free: 30, max: 1000, windowMs: 3_600_000, maxDelayMs: 15 * 60_000 };

/**
 * Failed sign-in counters kept in the database (so every API node shares them) with exponential
 * delays after `free` failures and a hard stop at `max` until the window ends. Counters exist for
 * unknown emails too, so throttling reveals nothing about which accounts exist.
 */
export class LoginThrottle {
  constructor(private readonly models: AccountModels) {}

  /** Seconds until the next attempt is allowed for all keys, or 0. */
  async retryAfter(keys: string[]): Promise<number> {
    const now = Date.now();
    const rows = await this.models.Throttle.find({ key: { $in: keys }, blockedUntil: { $gt: new Date(now) } }).lean();
    const until = Math.max(0, ...rows.map((r) => r.blockedUntil!.getTime()));
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  async recordFailure(key: string, policy: ThrottlePolicy): Promise<void> {
    const now = new Date();
    const windowStartedBefore = new Date(now.getTime() - policy.windowMs);
    // a new window: forget old failures (conditional, so concurrent failures do not lose counts)
    await this.models.Throttle.updateOne(
      { key, windowStart: { $lt: windowStartedBefore } },
      { $set: { failures: 0, windowStart: now }, $unset: { blockedUntil: 1 } },
    );
    const row = await this.models.Throttle.findOneAndUpdate(
      { key },
      { $inc: { failures: 1 }, $setOnInsert: { windowStart: now } },
      { upsert: true, new: true },
    );
    const failures = row.failures ?? 1;
    let blockedUntil: Date | undefined;
    if (failures >= policy.max) {
      blockedUntil = new Date(row.windowStart.getTime() + policy.windowMs);
    } else if (failures >= policy.free) {
      const delay = Math.min(1000 * 2 ** (failures - policy.free), policy.maxDelayMs);
      blockedUntil = new Date(now.getTime() + delay);
    }
    if (blockedUntil) await this.models.Throttle.updateOne({ key }, { $set: { blockedUntil } });
  }

  async clear(key: string): Promise<void> {
    await this.models.Throttle.deleteOne({ key });
  }
}
