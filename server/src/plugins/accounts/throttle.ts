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

  private async blockedUntil(key: string, policy: ThrottlePolicy, now: number): Promise<number> {
    const since = new Date(now - policy.windowMs);
    const failures = await this.models.LoginFailure.find({ key, at: { $gt: since } }, { at: 1 }).sort({ at: -1 }).limit(policy.max).lean();
    const n = failures.length;
    if (n >= policy.max) return failures[n - 1]!.at.getTime() + policy.windowMs;
    if (n >= policy.free) return failures[0]!.at.getTime() + Math.min(1000 * 2 ** (n - policy.free), policy.maxDelayMs);
    return 0;
  }

  /** Seconds until the next attempt is allowed for every key, or 0. */
  async retryAfter(keys: Array<[string, ThrottlePolicy]>): Promise<number> {
    const now = Date.now();
    const until = Math.max(0, ...(await Promise.all(keys.map(([key, policy]) => this.blockedUntil(key, policy, now)))));
    return until > now ? Math.ceil((until - now) / 1000) : 0;
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
