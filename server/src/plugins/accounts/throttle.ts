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
 * once, then one after 1 s, 2 s, 4 s … (limits.ts). A wrong password settles its slot as a failure; a
 * proven password gives its own slots back and clears the account's settled failures, but never the
 * open slots of attempts still in flight: their failures still count, and the same account's concurrent
 * successes never push one another into the delays (issue 22). Unknown emails are throttled the same way, so throttling reveals nothing
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

  /** The password was wrong: the attempt's account slot becomes a failure that only a proven password or a reset clears. */
  async failed(attempt: Attempt): Promise<void> {
    await this.limits.loginAccount.settle(attempt.keys.account, attempt.account);
  }

  /** The password was right: the account's settled failures are forgotten, the attempt's own slots given back. */
  async succeeded(attempt: Attempt): Promise<void> {
    const { loginAccount, loginClient } = this.limits;
    await Promise.all([
      loginAccount.clearSettled(attempt.keys.account),
      loginAccount.release(attempt.keys.account, attempt.account),
      loginClient.release(attempt.keys.client, attempt.client),
    ]);
  }

  /** A password reset proves the mailbox: the account's failures no longer count. */
  async clear(accountKey: string): Promise<void> {
    await this.limits.loginAccount.clear(accountKey);
  }
}
