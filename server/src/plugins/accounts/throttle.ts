import { fail } from '../../lib/errors.js';
import type { AccountLimits } from './limits.js';

export { ACCOUNT_POLICY, CLIENT_POLICY } from './limits.js';

export interface ThrottleKeys {
  account: string;
  client: string;
}

/** The slots one sign-in attempt holds while its password is checked. */
export interface Attempt {
  keys: ThrottleKeys;
  account: number;
  client: number;
}

/**
 * Sign-in throttling. Each attempt reserves its failure slot (per account and per client) BEFORE the
 * password is checked, so however many guesses race, no more pass than the policy allows: five at
 * once, then one after 1 s, 2 s, 4 s … (limits.ts). A proven password clears the account's slots and
 * gives the client's back. Unknown emails are throttled the same way, so throttling reveals nothing
 * about which accounts exist.
 */
export class LoginThrottle {
  constructor(private readonly limits: AccountLimits) {}

  async reserve(keys: ThrottleKeys): Promise<Attempt> {
    const [account, client] = await Promise.all([this.limits.loginAccount.take(keys.account), this.limits.loginClient.take(keys.client)]);
    if (account.ok && client.ok) return { keys, account: account.n, client: client.n };
    await Promise.all([
      account.ok && this.limits.loginAccount.release(keys.account, account.n),
      client.ok && this.limits.loginClient.release(keys.client, client.n),
    ]);
    const retryAfter = Math.max(account.ok ? 0 : account.retryAfter, client.ok ? 0 : client.retryAfter);
    throw fail('too_many_attempts', 'Too many failed sign-in attempts; try again later or reset your password', { retryAfter });
  }

  /** The password was right: the account starts afresh, the client's slot is given back. */
  async succeeded(attempt: Attempt): Promise<void> {
    await Promise.all([this.limits.loginAccount.clear(attempt.keys.account), this.limits.loginClient.release(attempt.keys.client, attempt.client)]);
  }

  /** A password reset proves the mailbox: the account's failures no longer count. */
  async clear(accountKey: string): Promise<void> {
    await this.limits.loginAccount.clear(accountKey);
  }
}
