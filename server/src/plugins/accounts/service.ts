import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Config } from '../../config.js';
import { fail, invalid, type Fields } from '../../lib/errors.js';
import { checkPassword, type PasswordHasher } from '../../lib/passwords.js';
import { hashToken, keyedHash, newToken } from '../../lib/tokens.js';
import { renderEmail } from '../../mail/templates.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { Language } from '../../profile/schema.js';
import { toProfile, type AccountModels, type Role, type UserDoc } from './model.js';
import { ACCOUNT_POLICY, CLIENT_POLICY, LoginThrottle } from './throttle.js';
import { Sessions, type TokenPair } from './sessions.js';

const ACTIVATION_TTL_MS = 48 * 3_600_000;
const RESET_TTL_MS = 3_600_000;
/** One activation or reset email per account per minute: the endpoints cannot be used to flood a mailbox. */
const MAIL_COOLDOWN_MS = 60_000;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** E.164 from what residents type ("600 100 200", "+48600100200"); Polish numbers by default. */
export function normalizePhone(raw: string): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim(), 'PL');
  return parsed?.isValid() ? parsed.number : undefined;
}

export interface RegisterInput {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  phone: string;
  locale?: Language;
  district?: string;
}

export interface ProfileUpdate {
  firstName?: string;
  lastName?: string;
  phone?: string;
  locale?: Language;
  district?: string;
}

/** Other domains plug in here: what to erase or export with an account. */
export interface AccountHooks {
  onDelete: Array<(userId: string) => Promise<void>>;
  onExport: Array<(userId: string) => Promise<Record<string, unknown>>>;
}

export class AccountsService {
  readonly sessions: Sessions;
  readonly throttle: LoginThrottle;
  readonly hooks: AccountHooks = { onDelete: [], onExport: [] };

  constructor(
    readonly models: AccountModels,
    private readonly config: Config,
    private readonly hasher: PasswordHasher,
    private readonly outbox: Outbox,
  ) {
    this.sessions = new Sessions(models, config.jwtSecret, config.publicUrl);
    this.throttle = new LoginThrottle(models);
  }

  // ---- registration and activation -------------------------------------------------------

  /** Same answer whether or not the address is taken; the owner of a taken address gets an email instead. */
  async register(input: RegisterInput): Promise<{ status: 'pending_activation' }> {
    const email = normalizeEmail(input.email);
    const fields: Fields = {};
    const phone = normalizePhone(input.phone);
    if (!phone) fields.phone = 'invalid';
    const weak = checkPassword(input.password, [email, email.split('@')[0]!, input.firstName, input.lastName]);
    if (weak) fields.password = weak;
    this.checkDistrict(input.district, fields, true);
    if (Object.keys(fields).length) throw invalid(fields);

    // hash before looking the address up, so both paths take the same time
    const passwordHash = await this.hasher.hash(input.password);
    const existing = await this.models.User.findOne({ email });
    if (existing) {
      await this.notifyExisting(existing);
      return { status: 'pending_activation' };
    }
    let user: UserDoc;
    try {
      user = await this.models.User.create({
        email,
        passwordHash,
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        phone,
        locale: input.locale ?? this.config.profile.defaultLanguage,
        district: input.district || undefined,
        status: 'pending_activation',
        pendingMail: 'activation',
      });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      // registered concurrently with the same address: answer as for any taken address
      const raced = await this.models.User.findOne({ email });
      if (raced) await this.notifyExisting(raced);
      return { status: 'pending_activation' };
    }
    await this.sendActivation(user, 'activation');
    return { status: 'pending_activation' };
  }

  private async notifyExisting(user: UserDoc): Promise<void> {
    if (user.status === 'pending_activation') {
      await this.sendActivation(user, 'activation', true);
      return;
    }
    if (!(await this.takeMailSlot(user, 'lastResetMailAt'))) return;
    const mail = renderEmail('already_registered', this.lang(user), this.mailVars(), { action: this.config.appUrl });
    await this.outbox.enqueue({ channel: 'email', to: user.email, kind: 'already_registered', ...mail });
  }

  /** Takes the per-account mail slot for this minute (a claim, so two concurrent requests cannot both send). */
  private async takeMailSlot(user: UserDoc, field: 'lastActivationMailAt' | 'lastResetMailAt'): Promise<boolean> {
    const now = Date.now();
    const last = user[field]?.getTime() ?? 0;
    if (now - last < MAIL_COOLDOWN_MS) return false;
    if (!(await this.models.claims.take(`mail:${String(user._id)}:${field}:${Math.floor(now / MAIL_COOLDOWN_MS)}`))) return false;
    await this.models.User.updateOne({ _id: user._id }, { $set: { [field]: new Date(now) } });
    return true;
  }

  /** Spends a one-time token: true for exactly one caller. */
  private spend(tokenId: unknown): Promise<boolean> {
    return this.models.claims.take(`token:${String(tokenId)}`);
  }

  private async newAccountToken(user: UserDoc, purpose: 'activate' | 'reset', ttlMs: number): Promise<string> {
    const token = newToken();
    await this.models.AccountToken.create({ userId: user._id, purpose, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ttlMs) });
    return token;
  }

  link(action: 'activate' | 'reset' | 'confirm_email', token: string): string {
    const url = new URL(this.config.appUrl);
    url.searchParams.set('civic_action', action);
    url.searchParams.set('token', token);
    return url.toString();
  }

  private mailVars() {
    return { site: this.config.profile.name, contact: this.config.profile.contactEmail };
  }

  private lang(user: UserDoc): Language {
    return (user.locale as Language) ?? this.config.profile.defaultLanguage;
  }

  /**
   * Queues the activation (or re-verification) email. The account carries `pendingMail` until the
   * email is queued, so a crash between the two writes is finished by sweepPendingMail().
   */
  async sendActivation(user: UserDoc, template: 'activation' | 'reverification', throttled = false): Promise<void> {
    if (throttled && !(await this.takeMailSlot(user, 'lastActivationMailAt'))) return;
    const token = await this.newAccountToken(user, 'activate', ACTIVATION_TTL_MS);
    const mail = renderEmail(template, this.lang(user), this.mailVars(), { action: this.link('activate', token) });
    await this.outbox.enqueue({ channel: 'email', to: user.email, kind: template, dedupeKey: `activate:${hashToken(token)}`, ...mail });
    await this.models.User.updateOne({ _id: user._id }, { $unset: { pendingMail: 1 }, $set: { lastActivationMailAt: new Date() } });
  }

  /** Finishes activation emails interrupted by a crash (run at start and periodically). */
  async sweepPendingMail(olderThanMs = 30_000): Promise<number> {
    const stale = await this.models.User.find({ pendingMail: { $exists: true }, createdAt: { $lt: new Date(Date.now() - olderThanMs) } }).limit(100);
    for (const user of stale) await this.sendActivation(user, user.pendingMail === 'reverification' ? 'reverification' : 'activation');
    return stale.length;
  }

  /** Validates a token without using it up. */
  private async findToken(token: string, purpose: 'activate' | 'reset') {
    return this.models.AccountToken.findOne({ tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { $gt: new Date() } });
  }

  async activate(token: string): Promise<{ status: 'active' | 'pending_phone' }> {
    const found = await this.findToken(token, 'activate');
    if (!found) throw fail('invalid_token', 'This activation link is invalid, used or expired');
    const user = await this.models.User.findById(found.userId);
    if (!user) throw fail('invalid_token', 'This activation link is invalid, used or expired');
    // activate first, then spend the token: a crash in between leaves a harmless, still-valid link
    const needsPhone = this.config.profile.registration.requirePhoneVerification && !user.phoneVerifiedAt;
    const status = user.status === 'active' ? 'active' : needsPhone ? 'pending_phone' : 'active';
    await this.models.User.updateOne({ _id: user._id }, { $set: { status, emailVerifiedAt: user.emailVerifiedAt ?? new Date() } });
    if (!(await this.spend(found._id))) throw fail('invalid_token', 'This activation link is invalid, used or expired');
    await this.models.AccountToken.updateOne({ _id: found._id }, { $set: { usedAt: new Date() } });
    await this.models.AccountToken.updateMany({ userId: user._id, purpose: 'activate', usedAt: null }, { $set: { usedAt: new Date() } });
    return { status };
  }

  async resendActivation(email: string): Promise<void> {
    const user = await this.models.User.findOne({ email: normalizeEmail(email) });
    if (user && user.status === 'pending_activation') await this.sendActivation(user, 'activation', true);
  }

  // ---- sign-in -------------------------------------------------------------------------------

  throttleKeys(email: string, clientIp: string) {
    const secret = this.config.jwtSecret;
    return { account: `a:${keyedHash(secret, 'throttle', normalizeEmail(email))}`, client: `c:${keyedHash(secret, 'throttle', clientIp)}` };
  }

  async login(email: string, password: string, clientIp: string): Promise<TokenPair & { user: ReturnType<typeof toProfile> }> {
    const keys = this.throttleKeys(email, clientIp);
    const wait = await this.throttle.retryAfter([
      [keys.account, ACCOUNT_POLICY],
      [keys.client, CLIENT_POLICY],
    ]);
    if (wait > 0) throw fail('too_many_attempts', 'Too many failed sign-in attempts; try again later or reset your password', { retryAfter: wait });

    const user = await this.models.User.findOne({ email: normalizeEmail(email) });
    const ok = user?.passwordHash ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyDummy(password);
    if (!user || !ok) {
      await Promise.all([this.throttle.recordFailure(keys.account), this.throttle.recordFailure(keys.client)]);
      throw fail('invalid_credentials', 'The email or password is not correct');
    }
    // only someone who knows the password learns the account's state
    if (user.blockedAt) throw fail('account_blocked', 'This account is blocked; contact the city office');
    if (user.status !== 'active') throw fail('account_not_active', 'This account is not activated yet; use the link from the activation email');
    await this.throttle.clear(keys.account);
    if (this.hasher.needsRehash(user.passwordHash!)) {
      await this.models.User.updateOne({ _id: user._id }, { $set: { passwordHash: await this.hasher.hash(password) } });
    }
    const tokens = await this.sessions.issue(user);
    return { ...tokens, user: toProfile(user) };
  }

  // ---- password reset --------------------------------------------------------------------------

  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.models.User.findOne({ email: normalizeEmail(email) });
    if (!user || !(await this.takeMailSlot(user, 'lastResetMailAt'))) return;
    const token = await this.newAccountToken(user, 'reset', RESET_TTL_MS);
    const links: { action: string; secondary?: string } = { action: this.link('reset', token) };
    let template = 'password_reset';
    if (user.status === 'pending_activation') {
      // the FAQ: "use the reset procedure and the message is sent again"
      template = 'password_reset_pending';
      links.secondary = this.link('activate', await this.newAccountToken(user, 'activate', ACTIVATION_TTL_MS));
    }
    const mail = renderEmail(template, this.lang(user), this.mailVars(), links);
    await this.outbox.enqueue({ channel: 'email', to: user.email, kind: template, dedupeKey: `reset:${hashToken(token)}`, ...mail });
  }

  async confirmPasswordReset(token: string, password: string): Promise<{ status: string }> {
    const found = await this.findToken(token, 'reset');
    const user = found && (await this.models.User.findById(found.userId));
    if (!found || !user) throw fail('invalid_token', 'This reset link is invalid, used or expired');
    const weak = checkPassword(password, [user.email, user.firstName, user.lastName]);
    if (weak) throw invalid({ password: weak });
    // spend the token first: two concurrent confirmations cannot both set a password
    if (!(await this.spend(found._id))) throw fail('invalid_token', 'This reset link is invalid, used or expired');
    await this.models.AccountToken.updateOne({ _id: found._id }, { $set: { usedAt: new Date() } });
    const needsPhone = this.config.profile.registration.requirePhoneVerification && !user.phoneVerifiedAt;
    const status = user.status === 'active' ? 'active' : needsPhone ? 'pending_phone' : 'active';
    await this.models.User.updateOne(
      { _id: user._id },
      { $set: { passwordHash: await this.hasher.hash(password), status, emailVerifiedAt: user.emailVerifiedAt ?? new Date() }, $inc: { tokenVersion: 1 } },
    );
    await this.sessions.revokeAll(user._id);
    await this.models.AccountToken.updateMany({ userId: user._id, purpose: 'reset', usedAt: null }, { $set: { usedAt: new Date() } });
    // the owner proved control of the mailbox: lift the sign-in delay on the account
    await this.throttle.clear(this.throttleKeys(user.email, '').account);
    return { status };
  }

  // ---- the resident's own account ------------------------------------------------------------

  async getUser(id: string): Promise<UserDoc> {
    const user = await this.models.User.findById(id);
    if (!user) throw fail('unauthorized', 'Sign-in required');
    return user;
  }

  private checkDistrict(district: string | undefined, fields: Fields, registering: boolean): void {
    const rule = this.config.profile.registration.fields.district;
    if (district === undefined || district === '') {
      if (registering && rule === 'required') fields.district = 'required';
      return;
    }
    if (rule === 'hidden' || !this.config.profile.districts.some((d) => d.id === district)) fields.district = 'invalid';
  }

  async updateProfile(userId: string, update: ProfileUpdate) {
    const fields: Fields = {};
    const set: Record<string, unknown> = {};
    if (update.firstName !== undefined) set.firstName = update.firstName.trim();
    if (update.lastName !== undefined) set.lastName = update.lastName.trim();
    if (update.locale !== undefined) set.locale = update.locale;
    if (update.district !== undefined) {
      this.checkDistrict(update.district, fields, false);
      if (update.district === '' && this.config.profile.registration.fields.district === 'required') fields.district = 'required';
      set.district = update.district || undefined;
    }
    const user = await this.getUser(userId);
    if (update.phone !== undefined) {
      const phone = normalizePhone(update.phone);
      if (!phone) fields.phone = 'invalid';
      else if (phone !== user.phone) set.phone = phone;
    }
    if (Object.keys(fields).length) throw invalid(fields);
    const unset: Record<string, 1> = {};
    if (set.phone) unset.phoneVerifiedAt = 1; // re-verified where the profile requires it (Kraków issue)
    if (set.district === undefined && 'district' in set) {
      delete set.district;
      unset.district = 1;
    }
    const updated = await this.models.User.findOneAndUpdate({ _id: user._id }, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) }, { new: true });
    return toProfile(updated!);
  }

  async changePassword(userId: string, currentPassword: string, password: string): Promise<void> {
    const user = await this.getUser(userId);
    if (!(await this.hasher.verify(user.passwordHash ?? '', currentPassword))) throw invalid({ currentPassword: 'invalid' }, 'The current password is not correct');
    const weak = checkPassword(password, [user.email, user.firstName, user.lastName]);
    if (weak) throw invalid({ password: weak });
    await this.models.User.updateOne({ _id: user._id }, { $set: { passwordHash: await this.hasher.hash(password) }, $inc: { tokenVersion: 1 } });
    await this.sessions.revokeAll(user._id);
    const mail = renderEmail('password_changed', this.lang(user), this.mailVars());
    await this.outbox.enqueue({ channel: 'email', to: user.email, kind: 'password_changed', ...mail });
  }

  async deleteAccount(userId: string, password: string): Promise<void> {
    const user = await this.getUser(userId);
    if (!(await this.hasher.verify(user.passwordHash ?? '', password))) throw invalid({ password: 'invalid' }, 'The password is not correct');
    await this.erase(user);
    const mail = renderEmail('account_deleted', this.lang(user), this.mailVars());
    await this.outbox.enqueue({ channel: 'email', to: user.email, kind: 'account_deleted', ...mail });
  }

  /** Sessions die first (nothing can act for the account any more), then other domains, then the account. */
  async erase(user: UserDoc): Promise<void> {
    await this.models.User.updateOne({ _id: user._id }, { $inc: { tokenVersion: 1 } });
    await this.sessions.revokeAll(user._id);
    for (const hook of this.hooks.onDelete) await hook(String(user._id));
    await this.models.AccountToken.deleteMany({ userId: user._id });
    await this.models.RefreshToken.deleteMany({ userId: user._id });
    await this.models.User.deleteOne({ _id: user._id });
  }

  async exportData(userId: string): Promise<Record<string, unknown>> {
    const user = await this.getUser(userId);
    const sessions = await this.models.RefreshToken.find({ userId: user._id, revokedAt: null, expiresAt: { $gt: new Date() } }, { createdAt: 1, expiresAt: 1, familyId: 1 }).lean();
    const out: Record<string, unknown> = {
      exportedAt: new Date().toISOString(),
      account: { ...toProfile(user), emailVerifiedAt: user.emailVerifiedAt?.toISOString(), phoneVerifiedAt: user.phoneVerifiedAt?.toISOString(), updatedAt: (user as { updatedAt?: Date }).updatedAt?.toISOString() },
      sessions: sessions.map((s) => ({ startedFamily: s.familyId, createdAt: (s as { createdAt?: Date }).createdAt?.toISOString(), expiresAt: s.expiresAt.toISOString() })),
    };
    for (const hook of this.hooks.onExport) Object.assign(out, await hook(String(user._id)));
    return out;
  }

  // ---- operators ----------------------------------------------------------------------------

  /** CLI/admin: an already-active account. Passwords still follow the policy. */
  async createActiveUser(input: { email: string; password: string; role: Role; department?: string; firstName?: string; lastName?: string }): Promise<UserDoc> {
    const email = normalizeEmail(input.email);
    const fields: Fields = {};
    const weak = checkPassword(input.password, [email]);
    if (weak) fields.password = weak;
    if (input.role === 'staff' && !input.department) fields.department = 'required';
    if (input.department && !this.config.profile.departments.some((d) => d.id === input.department)) fields.department = 'invalid';
    if (Object.keys(fields).length) throw invalid(fields);
    try {
      return await this.models.User.create({
        email,
        passwordHash: await this.hasher.hash(input.password),
        firstName: input.firstName ?? '',
        lastName: input.lastName ?? '',
        role: input.role,
        department: input.department,
        status: 'active',
        emailVerifiedAt: new Date(),
        source: 'cli',
      });
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw invalid({ email: 'taken' }, 'An account with this email already exists');
      throw err;
    }
  }
}
