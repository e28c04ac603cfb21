import type { Types } from 'mongoose';
import type { Config } from '../../config.js';
import { fail, invalid, type Fields } from '../../lib/errors.js';
import type { PasswordHasher } from '../../lib/passwords.js';
import { concurrencyFor } from '../../db/concurrency.js';
import { isDuplicateKey } from '../../db/unique.js';
import { hashToken } from '../../lib/tokens.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { Language } from '../../profile/schema.js';
import { isPlaceholderEmail, normalizeEmail, toProfile, type AccountModels, type UserDoc } from './model.js';
import { AccountAdministration, type ActiveAccountInput } from './administration.js';
import { passwordWeakness } from './password-policy.js';
import { AccountMail, ACTIVATION_TTL_MS, REMOVE_METHODS_TTL_MS, RESET_TTL_MS } from './mailer.js';
import { UserDirectory } from './directory.js';
import { AccountEmails } from './emails.js';
import { PeselStore } from './pesel.js';
import { VerifiedAccounts, type SignInMethod } from './verified.js';

export type { SignInMethod };
import { Registration, type RegisterInput } from './registration.js';
import { accountLimits, within, type AccountLimits } from './limits.js';
import { LoginThrottle, type ThrottleKeys } from './throttle.js';
import { Sessions, type TokenPair } from './sessions.js';
import { PhoneVerification, mobileNumber, normalizePhone } from './verification.js';

export { normalizeEmail, normalizePhone, type RegisterInput };

export interface ProfileUpdate {
  firstName?: string;
  lastName?: string;
  phone?: string;
  locale?: Language;
  district?: string;
}

/** How an account's submissions go with it: self-deletion follows the profile, an admin's cascade deletes. */
export type DeleteMode = 'anonymise' | 'delete';

/** Another domain's sign-in methods of an account (passkeys, linked identities): named in the reset's confirmation, removable in one step. */
export interface SignInMethodSource {
  list(userId: string): Promise<string[]>;
  removeAll(userId: string): Promise<number>;
}

/** Other domains plug in here: what to erase or export with an account. */
export interface AccountHooks {
  onDelete: Array<(userId: string, mode: DeleteMode) => Promise<void>>;
  onExport: Array<(userId: string) => Promise<Record<string, unknown>>>;
  /** Sign-in policies (e.g. staff must use SSO): run once the person is proven, by every method; may throw a contract error. */
  signInPolicies: Array<(user: UserDoc, method: SignInMethod) => void | Promise<void>>;
  signInMethods: SignInMethodSource[];
  /** Verifies a passkey assertion for re-authentication and returns the account it proves (plugins/passkeys). */
  passkeyProof?: (response: unknown) => Promise<string>;
}

export class AccountsService {
  readonly sessions: Sessions;
  readonly throttle: LoginThrottle;
  readonly mail: AccountMail;
  readonly phone: PhoneVerification;
  readonly pesel: PeselStore;
  readonly registration: Registration;
  readonly administration: AccountAdministration;
  readonly hooks: AccountHooks = { onDelete: [], onExport: [], signInPolicies: [], signInMethods: [] };
  readonly limits: AccountLimits;
  readonly verified: VerifiedAccounts;
  /** Read-only look-ups of recipients for other domains (reports, alerts). */
  readonly directory: UserDirectory;
  /** Accounts by email, as an `_id` look-up where the engine has no field indexes (emails.ts). */
  readonly emails: AccountEmails;

  constructor(
    readonly models: AccountModels,
    private readonly config: Config,
    private readonly hasher: PasswordHasher,
    outbox: Outbox,
  ) {
    const layer = concurrencyFor(models.User.db, config.dataKey);
    this.limits = accountLimits(layer, config.profile);
    this.emails = new AccountEmails(models.User, layer);
    this.sessions = new Sessions(models, config.jwtSecret, config.publicUrl, this.limits);
    this.throttle = new LoginThrottle(this.limits);
    this.mail = new AccountMail(models, config, outbox, this.limits);
    this.phone = new PhoneVerification(models, config, outbox, this.limits, (token, purpose) => this.mail.findLive(token, purpose));
    this.pesel = new PeselStore(models, config.dataKey);
    this.registration = new Registration(models, config, hasher, this.mail, this.phone, this.pesel, this.limits, this.emails);
    this.administration = new AccountAdministration(models, config, hasher, this.sessions, this.mail, this.pesel, this.emails);
    this.verified = new VerifiedAccounts(models, this.sessions, this.pesel, this.mail, (user, method) => this.checkPolicies(user, method), this.emails);
    this.directory = new UserDirectory(models.User);
  }

  register = (input: RegisterInput, clientIp: string) => this.registration.register(input, clientIp);
  activate = (token: string) => this.registration.activate(token, (id) => this.spend(id));
  resendActivation = (email: string, clientIp = '') => this.registration.resendActivation(email, clientIp);
  sweepPendingMail = (olderThanMs?: number) => this.registration.sweepPendingMail(olderThanMs);

  /** Spends a one-time token: true for exactly one caller, on every node. */
  private spend(tokenId: unknown): Promise<boolean> {
    return this.limits.tokens.spend(String(tokenId));
  }

  // ---- sign-in -------------------------------------------------------------------------------

  /** The concurrency layer stores these keys as HMACs: neither the email nor the address is kept. */
  throttleKeys(email: string, clientIp: string): ThrottleKeys {
    return { account: normalizeEmail(email), client: clientIp };
  }

  async login(email: string, password: string, clientIp: string): Promise<TokenPair & { user: ReturnType<typeof toProfile> }> {
    // the attempt's failure slots are reserved before the password is checked (throttle.ts); the
    // account lookup is independent of them: one round trip instead of two
    const [attempt, user] = await Promise.all([
      this.throttle.reserve(this.throttleKeys(email, clientIp)),
      // lean: no document hydration on the hottest path
      this.emails.find(email, true),
    ]);
    const ok = user?.passwordHash ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyDummy(password);
    if (!user || !ok) {
      // a wrong password keeps its slots, settled as the failure record
      await this.throttle.failed(attempt);
      throw fail('invalid_credentials', 'The email or password is not correct');
    }
    // awaited: a failure right after this sign-in must not be swept away by a late clear
    await this.throttle.succeeded(attempt);
    // only someone who knows the password learns the account's state
    await this.checkCanSignIn(user);
    // the profile's policies (staff through SSO, residents with a verified identity)
    await this.checkPolicies(user, { kind: 'password' });
    if (this.hasher.needsRehash(user.passwordHash!)) {
      await this.models.User.updateOne({ _id: user._id }, { $set: { passwordHash: await this.hasher.hash(password) } });
    }
    return this.startSession(user, 'password');
  }

  /** The profile's sign-in policies for this account and method (identity plugin: staffSignIn.requireSso, requireVerifiedIdentity). */
  async checkPolicies(user: UserDoc, method: SignInMethod): Promise<void> {
    for (const policy of this.hooks.signInPolicies) await policy(user, method);
  }

  /** Once a secret is proven (password, passkey): blocked and unfinished accounts are refused, the same way for every method. */
  private async checkCanSignIn(user: UserDoc): Promise<void> {
    if (user.blockedAt) throw fail('account_blocked', 'This account is blocked; contact the city office');
    if (user.status === 'pending_phone') {
      const err = fail('account_not_active', 'Confirm your phone number with the SMS code to finish registration');
      Object.assign(err.output.payload, { status: 'pending_phone', registrationToken: await this.phone.registrationToken(user) });
      throw err;
    }
    if (user.status !== 'active') throw fail('account_not_active', 'This account is not activated yet; use the link from the activation email');
  }

  private async startSession(user: UserDoc, acr: string): Promise<TokenPair & { user: ReturnType<typeof toProfile> }> {
    const tokens = await this.sessions.issue(user, undefined, { acr });
    return { ...tokens, user: toProfile(user) };
  }

  /** The login response for an account whose owner proved themselves another way (a passkey); refused as `login` refuses. */
  async signInVerified(user: UserDoc): Promise<TokenPair & { user: ReturnType<typeof toProfile> }> {
    await this.checkCanSignIn(user);
    await this.checkPolicies(user, { kind: 'passkey' });
    return this.startSession(user, 'passkey');
  }

  /**
   * POST /auth/reauthenticate (API.md §3b "Recent authentication"): the signed-in person proves the account
   * again, by its password or one of its passkeys, and the session gets a fresh authentication time.
   * Wrong passwords count against the sign-in throttle like any sign-in.
   */
  async reauthenticate(userId: string, sessionId: string | undefined, proof: { password?: string; response?: unknown }, clientIp: string) {
    const user = await this.getUser(userId);
    let method: SignInMethod;
    if (proof.password !== undefined) {
      const attempt = await this.throttle.reserve(this.throttleKeys(user.email, clientIp));
      try {
        await this.verifyPassword(user, proof.password);
      } catch (err) {
        // a wrong password is a failure like any sign-in's (throttle.ts)
        await this.throttle.failed(attempt);
        throw err;
      }
      await this.throttle.succeeded(attempt);
      method = { kind: 'password' };
    } else {
      const proven = this.hooks.passkeyProof ? await this.hooks.passkeyProof(proof.response) : undefined;
      if (proven !== String(user._id)) throw fail('invalid_credentials', 'This passkey does not belong to the signed-in account');
      method = { kind: 'passkey' };
    }
    await this.checkPolicies(user, method);
    const tokens = await this.sessions.issue(user, sessionId, { authTime: new Date(), acr: method.kind });
    return { ...tokens, user: toProfile(user) };
  }

  /** Tells the account's owner of a change to how the account is reached (a new passkey, a linked identity, a new phone). */
  async announce(userId: string, template: string, vars: Record<string, string | Partial<Record<string, string>>> = {}): Promise<void> {
    const user = await this.findUser(userId);
    if (!user || isPlaceholderEmail(user.email)) return;
    const lang = this.mail.lang(user);
    // a provider's label comes per language: the account's own
    const flat = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? v : (v[lang] ?? v.pl ?? '')]));
    await this.mail.send(user, template, {}, undefined, user.email, flat);
  }

  // ---- password reset --------------------------------------------------------------------------

  async requestPasswordReset(email: string, clientIp = ''): Promise<void> {
    const user = await this.emails.find(email);
    if (!user || !(await this.mail.takeSlot(user, 'reset')) || !(await this.mail.strangerMayMail(user.email, clientIp))) return;
    const token = await this.mail.newToken(user, 'reset', RESET_TTL_MS);
    const links: { action: string; secondary?: string } = { action: this.mail.link('reset', token) };
    let template = 'password_reset';
    if (user.status === 'pending_activation') {
      // the Kraków FAQ: "use the reset procedure and the message is sent again"
      template = 'password_reset_pending';
      if (user.passwordHash) links.secondary = this.mail.link('activate', await this.mail.newToken(user, 'activate', ACTIVATION_TTL_MS));
    }
    await this.mail.send(user, template, links, `reset:${hashToken(token)}`);
  }

  /**
   * The account a live reset link belongs to: its address goes into the new-password form as the hidden
   * username, so a password manager saves the new password for the right account. The link was mailed
   * to that address and already proves the mailbox; a dead or unknown one says nothing but invalid_token
   * and costs the client one of its hourly slots (a live one gives its slot back).
   */
  async resetLinkAccount(token: string, clientIp: string): Promise<{ email: string }> {
    const slot = await this.limits.resetLookups.take(clientIp);
    if (!slot.ok) throw fail('too_many_attempts', 'Too many reset links checked from this network; try again later', { retryAfter: slot.retryAfter });
    const live = await this.mail.findLive(token, 'reset');
    if (!live) throw fail('invalid_token', 'This reset link is invalid, used or expired');
    await this.limits.resetLookups.release(clientIp, slot.n);
    return { email: live.user.email };
  }

  async confirmPasswordReset(token: string, password: string): Promise<{ status: string; registrationToken?: string }> {
    const live = await this.mail.findLive(token, 'reset');
    if (!live) throw fail('invalid_token', 'This reset link is invalid, used or expired');
    const { found, user } = live;
    const weak = await passwordWeakness(password, user);
    if (weak) throw invalid({ password: weak });
    // spend the token first: two concurrent confirmations cannot both set a password
    if (!(await this.spend(found._id))) throw fail('invalid_token', 'This reset link is invalid, used or expired');
    await this.models.AccountToken.updateOne({ _id: found._id }, { $set: { usedAt: new Date() } });
    // the link proves the mailbox: a pending account is activated by a completed reset
    const emailVerifiedAt = user.emailVerifiedAt ?? new Date();
    const status = this.registration.statusAfterProofs({ emailVerifiedAt, phoneVerifiedAt: user.phoneVerifiedAt });
    await this.models.User.updateOne(
      { _id: user._id },
      { $set: { passwordHash: await this.hasher.hash(password), status, emailVerifiedAt }, $inc: { tokenVersion: 1, linkVersion: 1 } },
    );
    await this.sessions.revokeAll(user._id, undefined, 'password_changed');
    await this.throttle.clear(this.throttleKeys(user.email, '').account);
    await this.announceReset(user._id);
    return status === 'pending_phone' ? { status, registrationToken: await this.phone.registrationToken(user) } : { status };
  }

  /**
   * The reset's confirmation names every other way into the account (passkeys, linked identities): one
   * an intruder added survives a password reset otherwise. Its link removes them all in one step.
   */
  private async announceReset(id: Types.ObjectId): Promise<void> {
    const user = await this.models.User.findById(id);
    if (!user || isPlaceholderEmail(user.email)) return;
    const methods = (await Promise.all(this.hooks.signInMethods.map((source) => source.list(String(id))))).flat();
    const links: { action?: string } = {};
    if (methods.length) links.action = this.mail.link('remove_methods', await this.mail.newToken(user, 'remove_methods', REMOVE_METHODS_TTL_MS));
    const list = methods.join(', ');
    await this.mail.send(user, methods.length ? 'password_reset_methods' : 'password_reset_done', links, undefined, user.email, { methods: list });
  }

  /** The reset confirmation's link: every passkey and linked identity goes, with every session. */
  async removeSignInMethods(token: string): Promise<{ removed: number }> {
    const live = await this.mail.findLive(token, 'remove_methods');
    if (!live || !(await this.spend(live.found._id))) throw fail('invalid_token', 'This link is invalid, used or expired');
    await this.models.AccountToken.updateOne({ _id: live.found._id }, { $set: { usedAt: new Date() } });
    const { user } = live;
    let removed = 0;
    for (const source of this.hooks.signInMethods) removed += await source.removeAll(String(user._id));
    // whoever signed in with them meanwhile is out too
    await this.models.User.updateOne({ _id: user._id }, { $inc: { tokenVersion: 1 } });
    await this.sessions.revokeAll(user._id, undefined, 'signed_out');
    await this.mail.send(user, 'sign_in_methods_removed', {}, `methods_removed:${String(live.found._id)}`);
    return { removed };
  }

  // ---- the resident's own account ------------------------------------------------------------

  /** An account by id, or null: a caller that proved a secret bound to it (a passkey) decides what "gone" means. */
  findUser(id: Types.ObjectId | string): Promise<UserDoc | null> {
    return this.models.User.findById(id);
  }

  async getUser(id: string): Promise<UserDoc> {
    const user = await this.models.User.findById(id);
    if (!user) throw fail('unauthorized', 'Sign-in required');
    return user;
  }

  private async verifyPassword(user: UserDoc, password: string, field = 'password'): Promise<void> {
    if (!(await this.hasher.verify(user.passwordHash ?? '', password))) throw invalid({ [field]: 'invalid' }, 'The password is not correct');
  }

  /** What GET /me answers: the profile, with the PESEL masked for the resident to check it. */
  profileOf(user: UserDoc) {
    const pesel = this.pesel.reveal(user);
    return { ...toProfile(user), ...(pesel ? { peselMasked: `${'•'.repeat(pesel.length - 4)}${pesel.slice(-4)}` } : {}) };
  }

  /**
   * Corrects the PESEL (the Kraków FAQ: all data can be corrected after signing in): the password is
   * asked again, a PESEL proved by a verified identity is read-only, and the new one must be free. An
   * answer spends the client's PESEL slot, as at registration.
   */
  async correctPesel(userId: string, password: string | undefined, pesel: string, clientIp: string) {
    if (this.config.profile.registration.fields.pesel === 'hidden') throw fail('not_found', 'This city does not keep a PESEL');
    const user = await this.getUser(userId);
    if (user.passwordHash || password !== undefined) await this.verifyPassword(user, password ?? '');
    if (user.verifiedIdentity) throw fail('forbidden', 'A PESEL proved by login.gov.pl cannot be changed here; contact the city office');
    // concurrent corrections of one account would each release the other's claim: one at a time (issue 19 finding 7)
    return this.limits.peselWrites.run(String(user._id), async () => {
      const current = (await this.models.User.findById(user._id))!;
      if (current.verifiedIdentity) throw fail('forbidden', 'A PESEL proved by login.gov.pl cannot be changed here; contact the city office');
      if (this.pesel.reveal(current) === pesel) return this.profileOf(current);
      await within(this.limits.peselChecks.take(clientIp), 'Too many PESEL changes from this network; try again later');
      if (!(await this.pesel.claim(pesel, user._id))) throw invalid({ pesel: 'taken' }, 'An account with this PESEL already exists');
      await this.models.User.updateOne({ _id: user._id }, { $set: this.pesel.fields(pesel) });
      await this.pesel.releaseExcept(user._id, this.pesel.hash(pesel));
      return this.profileOf((await this.models.User.findById(user._id))!);
    });
  }

  /** "Aktualizacja danych". A changed phone is kept pending until its SMS code arrives where the profile verifies phones. */
  async updateProfile(userId: string, update: ProfileUpdate, clientIp = '', assertRecentAuth: () => void = () => {}) {
    const fields: Fields = {};
    const set: Record<string, unknown> = {};
    const unset: Record<string, 1> = {};
    if (update.firstName !== undefined) set.firstName = update.firstName.trim();
    if (update.lastName !== undefined) set.lastName = update.lastName.trim();
    if (update.locale !== undefined) set.locale = update.locale;
    if (update.district !== undefined) {
      const rule = this.config.profile.registration.fields.district;
      if (update.district === '') {
        if (rule === 'required') fields.district = 'required';
        else unset.district = 1;
      } else set.district = update.district;
    }
    const user = await this.getUser(userId);
    const verify = this.config.profile.registration.requirePhoneVerification;
    let newPhone: string | undefined;
    if (update.phone !== undefined) {
      newPhone = verify ? mobileNumber(update.phone) : normalizePhone(update.phone);
      if (!newPhone) fields.phone = 'invalid';
      else if (newPhone === user.phone) newPhone = undefined;
    }
    if (Object.keys(fields).length) throw invalid(fields);
    // a new phone is a new way to reach the account (SMS): the change needs a recent authentication
    if (newPhone) assertRecentAuth();
    if (newPhone && verify) set.pendingPhone = newPhone;
    else if (newPhone) set.phone = newPhone;
    const updated = await this.models.User.findOneAndUpdate(
      { _id: user._id },
      { ...(Object.keys(set).length ? { $set: set } : {}), ...(Object.keys(unset).length ? { $unset: unset } : {}) },
      { new: true },
    );
    // the other corrections are saved either way; a code refused by the cooldown is asked for again later
    let phoneCodeRetryAfter: number | undefined;
    if (newPhone && verify) {
      try {
        await this.phone.send(user, newPhone, 'change', clientIp);
      } catch (err) {
        const payload = (err as { output?: { payload?: { code?: string; retryAfter?: number } } }).output?.payload;
        if (payload?.code !== 'too_many_attempts') throw err;
        phoneCodeRetryAfter = payload.retryAfter;
      }
    }
    if (newPhone && !verify) await this.announce(userId, 'phone_changed');
    return { ...toProfile(updated!), ...(phoneCodeRetryAfter ? { phoneCodeRetryAfter } : {}) };
  }

  async verifyPhoneChange(userId: string, code: string) {
    const user = await this.getUser(userId);
    if (!user.pendingPhone) throw fail('invalid_token', 'No phone number is waiting for confirmation');
    const phone = await this.phone.verify(user, 'change', code);
    const updated = await this.models.User.findOneAndUpdate(
      { _id: user._id },
      { $set: { phone, phoneVerifiedAt: new Date() }, $unset: { pendingPhone: 1 } },
      { new: true },
    );
    await this.announce(userId, 'phone_changed');
    return toProfile(updated!);
  }

  async resendPhoneChange(userId: string, clientIp: string): Promise<void> {
    const user = await this.getUser(userId);
    if (!user.pendingPhone) throw fail('invalid_token', 'No phone number is waiting for confirmation');
    await this.phone.send(user, user.pendingPhone, 'change', clientIp);
  }

  /** Email change: the new address confirms by link; the old one is told. The password is asked again. */
  async requestEmailChange(userId: string, password: string | undefined, newEmail: string, clientIp = '', sessionId?: string): Promise<void> {
    const user = await this.getUser(userId);
    // an account created by a verified identity has no password yet: its sign-in was the proof
    if (user.passwordHash || password !== undefined) await this.verifyPassword(user, password ?? '');
    const email = normalizeEmail(newEmail);
    if (email === user.email) throw invalid({ email: 'invalid' }, 'This is already your address');
    // the new address is anyone's: its confirmation spends the stranger budget (§4b); beyond it the
    // answer is the same and no link is sent (saying so would tell whether the address is being mailed)
    if (await this.mail.strangerMayMail(email, clientIp)) {
      // the session asking for the change is the one that survives its confirmation
      const token = await this.mail.newToken(user, 'email_change', ACTIVATION_TTL_MS, { email, sessionId });
      await this.mail.send(user, 'email_change', { action: this.mail.link('confirm_email', token) }, `email_change:${hashToken(token)}`, email);
    }
    if (!isPlaceholderEmail(user.email)) await this.mail.send(user, 'email_change_notice');
  }

  /**
   * Confirms an email change. A blocked account cannot; the change bumps linkVersion (every other
   * link of the account dies), ends every session but the one that asked for the change, and tells
   * the old address.
   */
  async confirmEmailChange(token: string) {
    const live = await this.mail.findLive(token, 'email_change');
    const email = (live?.found.data as { email?: string } | undefined)?.email;
    if (!live || !email || live.user.blockedAt) throw fail('invalid_token', 'This confirmation link is invalid, used or expired');
    const { found, user } = live;
    if (await this.emails.find(email)) throw invalid({ email: 'taken' }, 'An account with this email already exists');
    if (!(await this.spend(found._id))) throw fail('invalid_token', 'This confirmation link is invalid, used or expired');
    await this.models.AccountToken.updateOne({ _id: found._id }, { $set: { usedAt: new Date() } });
    const previous = user.email;
    // the new address's entry before and after the account takes it, the old one's after it gave it up (emails.ts)
    await this.emails.put(email, user._id);
    try {
      await this.models.User.updateOne({ _id: user._id }, { $set: { email, emailVerifiedAt: new Date() }, $inc: { linkVersion: 1 } });
    } catch (err) {
      if (isDuplicateKey(err)) throw invalid({ email: 'taken' }, 'An account with this email already exists');
      throw err;
    }
    await this.emails.put(email, user._id);
    await this.emails.release(previous, user._id);
    await this.sessions.revokeAll(user._id, (found.data as { sessionId?: string }).sessionId, 'email_changed');
    await this.mail.send(user, 'email_changed_notice', {}, `email_changed:${String(found._id)}`, previous);
    return { status: 'confirmed', email };
  }

  async changePassword(userId: string, currentPassword: string, password: string): Promise<void> {
    const user = await this.getUser(userId);
    await this.verifyPassword(user, currentPassword, 'currentPassword');
    const weak = await passwordWeakness(password, user);
    if (weak) throw invalid({ password: weak });
    await this.models.User.updateOne(
      { _id: user._id },
      { $set: { passwordHash: await this.hasher.hash(password) }, $inc: { tokenVersion: 1, linkVersion: 1 } },
    );
    await this.sessions.revokeAll(user._id, undefined, 'password_changed');
    await this.mail.send(user, 'password_changed');
  }

  async deleteAccount(userId: string, password: string | undefined): Promise<void> {
    const user = await this.getUser(userId);
    if (user.passwordHash || password !== undefined) await this.verifyPassword(user, password ?? '');
    await this.erase(user, this.config.profile.deletedAccountReports);
    if (!isPlaceholderEmail(user.email)) await this.mail.send(user, 'account_deleted');
  }

  /** Sessions die first (nothing can act for the account any more), then other domains, then the account and its PESEL. */
  async erase(user: UserDoc, mode: DeleteMode): Promise<void> {
    await this.models.User.updateOne({ _id: user._id }, { $inc: { tokenVersion: 1 } });
    await this.sessions.revokeAll(user._id);
    for (const hook of this.hooks.onDelete) await hook(String(user._id), mode);
    await this.models.AccountToken.deleteMany({ userId: user._id });
    await this.models.RefreshToken.deleteMany({ userId: user._id });
    await this.models.PhoneCode.deleteMany({ userId: user._id });
    await this.pesel.release(user._id);
    await this.models.User.deleteOne({ _id: user._id });
    await this.emails.release(user.email, user._id);
  }

  async exportData(userId: string): Promise<Record<string, unknown>> {
    const user = await this.getUser(userId);
    const sessions = await this.models.RefreshToken.find(
      { userId: user._id, revokedAt: null, expiresAt: { $gt: new Date() } },
      { createdAt: 1, expiresAt: 1 },
    ).lean();
    const out: Record<string, unknown> = {
      exportedAt: new Date().toISOString(),
      account: {
        ...toProfile(user),
        pesel: this.pesel.reveal(user),
        emailVerifiedAt: user.emailVerifiedAt?.toISOString(),
        phoneVerifiedAt: user.phoneVerifiedAt?.toISOString(),
        updatedAt: (user as { updatedAt?: Date }).updatedAt?.toISOString(),
      },
      sessions: sessions.map((s) => ({ createdAt: (s as { createdAt?: Date }).createdAt?.toISOString(), expiresAt: s.expiresAt.toISOString() })),
    };
    for (const hook of this.hooks.onExport) Object.assign(out, await hook(String(user._id)));
    return out;
  }

  // ---- operators ----------------------------------------------------------------------------

  createActiveUser = (input: ActiveAccountInput) => this.administration.createActiveUser(input);
}
