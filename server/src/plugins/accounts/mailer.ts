import type { Config } from '../../config.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { renderEmail } from '../../mail/templates.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { Language } from '../../profile/schema.js';
import type { AccountModels, UserDoc } from './model.js';

/** One activation or reset email per account per minute: the endpoints cannot be used to flood a mailbox. */
const MAIL_COOLDOWN_MS = 60_000;
export const ACTIVATION_TTL_MS = 48 * 3_600_000;
export const RESET_TTL_MS = 3_600_000;

export type LinkAction = 'activate' | 'reset' | 'confirm_email';

/** Account emails: one-time links (stored hashed), per-account cooldowns, and queueing through the outbox. */
export class AccountMail {
  constructor(
    private readonly models: AccountModels,
    private readonly config: Config,
    private readonly outbox: Outbox,
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

  async newToken(user: UserDoc, purpose: 'activate' | 'reset' | 'email_change', ttlMs: number, data?: Record<string, unknown>): Promise<string> {
    const token = newToken();
    await this.models.AccountToken.create({ userId: user._id, purpose, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ttlMs), data });
    return token;
  }

  /** Takes the per-account mail slot after the cooldown (a claim keyed by the previous send, so two concurrent requests cannot both send). */
  async takeSlot(user: UserDoc, field: 'lastActivationMailAt' | 'lastResetMailAt'): Promise<boolean> {
    const now = Date.now();
    const last = user[field]?.getTime() ?? 0;
    if (now - last < MAIL_COOLDOWN_MS) return false;
    if (!(await this.models.claims.take(`mail:${String(user._id)}:${field}:after:${last}`))) return false;
    await this.models.User.updateOne({ _id: user._id }, { $set: { [field]: new Date(now) } });
    return true;
  }

  async send(user: UserDoc, template: string, links: { action?: string; secondary?: string } = {}, dedupeKey?: string, to = user.email): Promise<void> {
    const mail = renderEmail(template, this.lang(user), { site: this.config.profile.name, contact: this.config.profile.contactEmail }, links);
    await this.outbox.enqueue({ channel: 'email', to, kind: template, dedupeKey, ...mail });
  }

  /**
   * Queues the activation (or, for imported accounts, re-verification) email. The account carries
   * `pendingMail` until the email is queued, so a crash between the two writes is finished by the
   * sweeper. Imported accounts have no password yet: their link is a password-setting (reset) link,
   * which also activates the account.
   */
  async sendActivation(user: UserDoc, template: 'activation' | 'reverification', throttled = false): Promise<void> {
    if (throttled && !(await this.takeSlot(user, 'lastActivationMailAt'))) return;
    const imported = template === 'reverification';
    const token = await this.newToken(user, imported ? 'reset' : 'activate', ACTIVATION_TTL_MS);
    await this.send(user, template, { action: this.link(imported ? 'reset' : 'activate', token) }, `activate:${hashToken(token)}`);
    await this.models.User.updateOne({ _id: user._id }, { $unset: { pendingMail: 1 }, $set: { lastActivationMailAt: new Date() } });
  }
}
