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
 * Failed sign-ins, recorded as one document each (inserts are the one write FerretDB keeps exact
 * under concurrency, see db/claims.ts) and counted over the window, so every API node shares them.
 * Exponential delays after `free` failures, a hard stop at `max` until the window ends. Unknown
 * emails are counted the same way, so throttling reveals nothing about which accounts exist.
 */
export class LoginThrottle {
  constructor(private readonly models: AccountModels) {}

  /**
   * One query for every key: seconds until the next attempt is allowed (0 when free), and whether
   * any key has recent failures at all (so a successful sign-in knows whether there is anything to clear).
   */
  async check(keys: Array<[string, ThrottlePolicy]>): Promise<{ retryAfter: number; failures: Record<string, number> }> {
    const now = Date.now();
    const windowMs = Math.max(...keys.map(([, p]) => p.windowMs));
    const rows = await this.models.LoginFailure.find({ key: { $in: keys.map(([k]) => k) }, at: { $gt: new Date(now - windowMs) } }, { key: 1, at: 1 }).lean();
    let until = 0;
    const failures: Record<string, number> = {};
    for (const [key, policy] of keys) {
      const times = rows.filter((r) => r.key === key && r.at.getTime() > now - policy.windowMs).map((r) => r.at.getTime()).sort((a, b) => b - a);
      failures[key] = times.length;
      const n = times.length;
      if (n >= policy.max) until = Math.max(until, times[policy.max - 1]! + policy.windowMs);
      else if (n >= policy.free) until = Math.max(until, times[0]! + Math.min(1000 * 2 ** (n - policy.free), policy.maxDelayMs));
    }
    return { retryAfter: until > now ? Math.ceil((until - now) / 1000) : 0, failures };
  }

  /** Seconds until the next attempt is allowed for every key, or 0. */
  async retryAfter(keys: Array<[string, ThrottlePolicy]>): Promise<number> {
    return (await this.check(keys)).retryAfter;
  }

  async recordFailure(key: string): Promise<void> {
    await this.models.LoginFailure.create({ key, at: new Date() });
  }

  async clear(key: string): Promise<void> {
    await this.models.LoginFailure.deleteMany({ key });
  }

  /** Old failures no longer count; remove them (runs periodically). */
  async purge(windowMs = ACCOUNT_POLICY.windowMs): Promise<void> {
    await this.models.LoginFailure.deleteMany({ at: { $lt: new Date(Date.now() - Math.max(windowMs, CLIENT_POLICY.windowMs)) } });
  }
}
