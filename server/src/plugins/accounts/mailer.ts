import type { Config } from '../../config.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { renderEmail } from '../../mail/templates.js';
// the account's security notices (new sign-in methods, the reset's confirmation…) join the catalogue
import '../../mail/security-templates.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { Language } from '../../profile/schema.js';
import type { AccountLimits } from './limits.js';
import type { AccountModels, AccountTokenDoc, UserDoc } from './model.js';

export type MailSlot = keyof AccountLimits['mailCooldown'];

export const ACTIVATION_TTL_MS = 48 * 3_600_000;
export const RESET_TTL_MS = 3_600_000;
/** The reset confirmation's "remove the other sign-in methods" link. */
export const REMOVE_METHODS_TTL_MS = 7 * 24 * 3_600_000;

export type LinkAction = 'activate' | 'reset' | 'confirm_email' | 'remove_methods';

/** Account emails: one-time links (stored hashed), per-account cooldowns, and queueing through the outbox. */
export class AccountMail {
  constructor(
    private readonly models: AccountModels,
    private readonly config: Config,
    private readonly outbox: Outbox,
    private readonly limits: AccountLimits,
  ) {}

  link(action: LinkAction, token: string): string {
    const url = new URL(this.config.appUrl);
    url.searchParams.set('civic_action', action);
    url.searchParams.set('token', token);
    return url.toString();
  }

  lang(user: UserDoc): Language {
    return (user.locale as Language) ?? this.config.profile.defaultLanguage;
  }

  /**
   * A one-time link, bound to the account's linkVersion: a password reset or change, an email
   * change or a block bumps the version, and every link issued before dies with it.
   */
  async newToken(
    user: UserDoc,
    purpose: 'activate' | 'reset' | 'email_change' | 'remove_methods',
    ttlMs: number,
    data?: Record<string, unknown>,
  ): Promise<string> {
    const token = newToken();
    await this.models.AccountToken.create({
      userId: user._id,
      purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + ttlMs),
      linkVersion: user.linkVersion ?? 0,
      data,
    });
    return token;
  }

  /**
   * A link still good: unknown, used, expired, or issued before the account's last reset, password or
   * email change or block (linkVersion), it is not.
   */
  async findLive(
    token: string,
    purpose: 'activate' | 'reset' | 'email_change' | 'phone' | 'remove_methods',
  ): Promise<{ found: AccountTokenDoc; user: UserDoc } | undefined> {
    const found = await this.models.AccountToken.findOne({ tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { $gt: new Date() } });
    const user = found && (await this.models.User.findById(found.userId));
    if (!found || !user || (found.linkVersion ?? 0) !== (user.linkVersion ?? 0)) return undefined;
    return { found, user };
  }

  /** The per-account cooldown of one kind of email (activation, reset, notice): one a minute, exact on every node. */
  async takeSlot(user: UserDoc, slot: MailSlot): Promise<boolean> {
    return (await this.limits.mailCooldown[slot].take(String(user._id))).ok;
  }

  /**
   * Whether a stranger's request may cause one more email to `address`: per address and per client
   * within the hour. Both slots are taken; a refused one leaves the email unsent.
   */
  strangerMayMail(address: string, clientIp: string): Promise<boolean> {
    return this.limits.strangerMail.mayMail(address, clientIp);
  }

  async send(
    user: UserDoc,
    template: string,
    links: { action?: string; secondary?: string } = {},
    dedupeKey?: string,
    to = user.email,
    vars: Record<string, string> = {},
  ): Promise<void> {
    const mail = renderEmail(template, this.lang(user), { ...vars, site: this.config.profile.name, contact: this.config.profile.contactEmail }, links);
    await this.outbox.enqueue({ channel: 'email', to, kind: template, dedupeKey, ...mail });
  }

  /**
   * Queues the activation (or, for imported accounts, re-verification) email. The account carries
   * `pendingMail` until the email is queued, so a crash between the two writes is finished by the
   * sweeper. Imported accounts have no password yet: their link is a password-setting (reset) link,
   * which also activates the account.
   */
  async sendActivation(user: UserDoc, template: 'activation' | 'reverification', throttled = false, data?: Record<string, unknown>): Promise<void> {
    // the first email takes the slot too, so a resend within the minute waits
    if (!(await this.takeSlot(user, 'activation')) && throttled) return;
    const imported = template === 'reverification';
    const token = await this.newToken(user, imported ? 'reset' : 'activate', ACTIVATION_TTL_MS, data);
    await this.send(user, template, { action: this.link(imported ? 'reset' : 'activate', token) }, `activate:${hashToken(token)}`);
    await this.models.User.updateOne({ _id: user._id }, { $unset: { pendingMail: 1 } });
  }
}
