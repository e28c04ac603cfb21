import { Types } from 'mongoose';
import type { Config } from '../../config.js';
import { fail, invalid, type Fields } from '../../lib/errors.js';
import { insertUnique } from '../../db/unique.js';
import type { PasswordHasher } from '../../lib/passwords.js';
import { newToken } from '../../lib/tokens.js';
import type { Language } from '../../profile/schema.js';
import type { Localized } from '../../profile/language.js';
import { checkReturnTo, returnToName } from '../../lib/return-to.js';
import { within, type AccountLimits } from './limits.js';
import { normalizeEmail, type AccountModels, type UserDoc } from './model.js';
import { passwordWeakness } from './password-policy.js';
import type { AccountMail } from './mailer.js';
import type { AccountEmails } from './emails.js';
import type { PeselStore } from './pesel.js';
import { mobileNumber, normalizePhone, type PhoneVerification } from './verification.js';

export interface RegisterInput {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  phone: string;
  locale?: Language;
  district?: string;
  pesel?: string;
  /** Checked (lib/return-to.ts) before anything is written. */
  returnTo?: string;
}

export type RegisterResult = { status: 'pending_activation'; registrationToken?: string };
type ActivationStatus = {
  status: 'active' | 'pending_phone' | 'pending_activation';
  registrationToken?: string;
  /** Where the registration began, and the application's name when that is the city's OpenID Provider. */
  returnTo?: string;
  returnToName?: Localized;
};

/**
 * Registration as the seeds describe it: an activation link by email and, where the profile asks
 * for it (Kraków), an SMS code for the mobile phone. The account becomes active only when every
 * required proof is in; the order of the two does not matter.
 */
export class Registration {
  constructor(
    private readonly models: AccountModels,
    private readonly config: Config,
    private readonly hasher: PasswordHasher,
    private readonly mail: AccountMail,
    private readonly phone: PhoneVerification,
    private readonly pesel: PeselStore,
    private readonly limits: AccountLimits,
    private readonly emails: AccountEmails,
  ) {}

  private get requirePhone(): boolean {
    return this.config.profile.registration.requirePhoneVerification;
  }

  /** The status an account reaches once its proofs are in. */
  statusAfterProofs(user: { emailVerifiedAt?: Date | null; phoneVerifiedAt?: Date | null }): 'active' | 'pending_phone' | 'pending_activation' {
    if (!user.emailVerifiedAt) return 'pending_activation';
    if (this.requirePhone && !user.phoneVerifiedAt) return 'pending_phone';
    return 'active';
  }

  /** The phone as this profile takes it: E.164, and a mobile of an allowed country where codes are sent. */
  private phoneOf(raw: string): string | undefined {
    const { country, sms } = this.config.profile;
    return this.requirePhone ? mobileNumber(raw, country, sms.allowedCountries) : normalizePhone(raw, country);
  }

  /**
   * Every field the server refuses beyond the request's shape (a number that cannot take SMS, a
   * guessable password, a PESEL already held), in one answer with the shape's own errors (`known`,
   * which are not looked at again). A PESEL's answer spends the client's PESEL slot first, so the form
   * cannot be used to test PESELs (the claim at creation still decides a race).
   */
  async fieldProblems(input: Partial<Record<keyof RegisterInput, unknown>>, clientIp: string, known: Fields = {}): Promise<Fields> {
    const fields: Fields = {};
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    if (!known.phone && str(input.phone) && !this.phoneOf(str(input.phone))) fields.phone = 'invalid';
    if (!known.password && str(input.password)) {
      const weak = await passwordWeakness(str(input.password), { email: str(input.email), firstName: str(input.firstName), lastName: str(input.lastName) });
      if (weak) fields.password = weak;
    }
    if (!known.pesel && str(input.pesel)) {
      await within(this.limits.peselChecks.take(clientIp), 'Too many registrations with a PESEL from this network; try again later');
      if (await this.pesel.findUserId(str(input.pesel))) fields.pesel = 'taken';
    }
    return fields;
  }

  /**
   * Same answer whether or not the address is taken; the owner of a taken address gets an email instead.
   * Cheap checks come first: the per-client registration slot bounds everything after it (the password
   * policy, argon2, SMS, the PESEL answer) for one network.
   */
  async register(input: RegisterInput, clientIp: string): Promise<RegisterResult> {
    const returnTo = input.returnTo ? checkReturnTo(this.config, input.returnTo) : undefined;
    await within(this.limits.registrationsPerClient.take(clientIp), 'Too many registrations from this network; try again later');
    const email = normalizeEmail(input.email);
    const fields = await this.fieldProblems(input, clientIp);
    if (Object.keys(fields).length) throw invalid(fields);
    const phone = this.phoneOf(input.phone);

    // SMS limits first: a refused registration must leave nothing behind
    if (this.requirePhone) await this.phone.takeSendSlots(phone!, clientIp);
    // hash before looking the address up, so both paths take the same time
    const passwordHash = await this.hasher.hash(input.password);
    const existing = await this.emails.find(email);
    if (existing?.status === 'pending_activation' && !existing.emailVerifiedAt)
      return this.replacePending(existing, { ...input, returnTo }, passwordHash, phone!, clientIp);
    const userId = new Types.ObjectId();
    if (input.pesel && !(await this.pesel.claim(input.pesel, userId))) throw invalid({ pesel: 'taken' }, 'An account with this PESEL already exists');
    if (existing) {
      if (input.pesel) await this.pesel.release(userId);
      await this.notifyExisting(existing, clientIp);
      return this.requirePhone ? { status: 'pending_activation', registrationToken: newToken() } : { status: 'pending_activation' };
    }
    // the address's entry before and after the account takes it (emails.ts); the unique index decides
    await this.emails.put(email, userId);
    const created = await insertUnique(this.models.User, {
      _id: userId,
      email,
      passwordHash,
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      phone,
      locale: input.locale ?? this.config.profile.defaultLanguage,
      district: input.district || undefined,
      ...(input.pesel ? this.pesel.fields(input.pesel) : {}),
      ...(returnTo ? { returnTo } : {}),
      status: 'pending_activation',
      pendingMail: 'activation',
    });
    if (!created.created) {
      if (input.pesel) await this.pesel.release(userId);
      // registered concurrently with the same address: answer as for any taken address
      const raced = await this.emails.find(email);
      if (raced) await this.notifyExisting(raced, clientIp);
      return { status: 'pending_activation' };
    }
    await this.emails.put(email, userId);
    // anyone can type any address: the activation email spends the stranger budget like every other;
    // beyond it the answer is the same and nothing is sent (the owner can ask for it again later)
    if (await this.mail.strangerMayMail(email, clientIp)) await this.mail.sendActivation(created.doc as UserDoc, 'activation');
    else await this.models.User.updateOne({ _id: userId }, { $unset: { pendingMail: 1 } });
    return this.sendCode(created.doc as UserDoc, phone!, clientIp);
  }

  /** The registration's SMS code, where the profile verifies phones, and the token the browser finishes with. */
  private async sendCode(user: UserDoc, phone: string, clientIp: string): Promise<RegisterResult> {
    if (!this.requirePhone) return { status: 'pending_activation' };
    try {
      await this.phone.send(user, phone, 'register', clientIp, true);
    } catch (err) {
      // a limit hit by a concurrent request: the account exists, the resident asks for the code again
      if ((err as { output?: { payload?: { code?: string } } }).output?.payload?.code !== 'too_many_attempts') throw err;
    }
    return { status: 'pending_activation', registrationToken: await this.phone.registrationToken(user) };
  }

  /**
   * A registration for an address whose account was never activated replaces that account's password,
   * names and profile fields: whoever registered it first (perhaps not the mailbox's owner) loses it,
   * and only the mailbox's owner can activate it, with the password of the latest registration.
   */
  private async replacePending(existing: UserDoc, input: RegisterInput, passwordHash: string, phone: string, clientIp: string): Promise<RegisterResult> {
    // two registrations racing for one pending account must not leave it showing one PESEL and holding another
    await this.limits.peselWrites.run(String(existing._id), async () => {
      if (input.pesel) {
        const holder = await this.pesel.findUserId(input.pesel);
        if (holder && String(holder) !== String(existing._id)) throw invalid({ pesel: 'taken' }, 'An account with this PESEL already exists');
        await this.pesel.release(existing._id);
        if (!(await this.pesel.claim(input.pesel, existing._id))) throw invalid({ pesel: 'taken' }, 'An account with this PESEL already exists');
      } else if (existing.peselHash) await this.pesel.release(existing._id);
      const set = {
        passwordHash,
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        phone,
        locale: input.locale ?? this.config.profile.defaultLanguage,
        ...(input.district ? { district: input.district } : {}),
        ...(input.pesel ? this.pesel.fields(input.pesel) : {}),
        ...(input.returnTo ? { returnTo: input.returnTo } : {}),
      };
      const unset = {
        phoneVerifiedAt: 1,
        ...(input.district ? {} : { district: 1 }),
        ...(input.pesel ? {} : { peselHash: 1, peselSealed: 1 }),
        ...(input.returnTo ? {} : { returnTo: 1 }),
      };
      await this.models.User.updateOne({ _id: existing._id }, { $set: set, $unset: unset });
    });
    const user = (await this.models.User.findById(existing._id))!;
    // each registration tells the mailbox (the owner sees every attempt), within the per-address limit
    if (await this.mail.strangerMayMail(user.email, clientIp)) await this.mail.sendActivation(user, 'activation');
    return this.sendCode(user, phone, clientIp);
  }

  /** "Already registered" has its own per-account slot: it never delays the reset the owner asks for next. */
  private async notifyExisting(user: UserDoc, clientIp: string): Promise<void> {
    // the account's own one-a-minute slot first: an email it holds back spends none of the stranger budget
    if (!(await this.mail.takeSlot(user, user.status === 'pending_activation' ? 'activation' : 'notice'))) return;
    if (!(await this.mail.strangerMayMail(user.email, clientIp))) return;
    if (user.status === 'pending_activation') return this.mail.sendActivation(user, 'activation');
    await this.mail.send(user, 'already_registered', { action: this.config.appUrl });
  }

  async activate(token: string, spend: (id: unknown) => Promise<boolean>): Promise<ActivationStatus> {
    const live = await this.mail.findLive(token, 'activate');
    if (!live) throw fail('invalid_token', 'This activation link is invalid, used or expired');
    const { found, user } = live;
    // prove first, then spend the token: a crash in between leaves a harmless, still-valid link
    const emailVerifiedAt = user.emailVerifiedAt ?? new Date();
    const status = this.statusAfterProofs({ emailVerifiedAt, phoneVerifiedAt: user.phoneVerifiedAt });
    const done = status === 'active' && user.returnTo ? { $unset: { returnTo: 1 } } : {};
    await this.models.User.updateOne({ _id: user._id }, { $set: { status, emailVerifiedAt }, ...done });
    const back = this.returnOf(user);
    if (!(await spend(found._id))) throw fail('invalid_token', 'This activation link is invalid, used or expired');
    await this.models.AccountToken.updateMany({ userId: user._id, purpose: 'activate', usedAt: null }, { $set: { usedAt: new Date() } });
    // the email link proves ownership; a browser that lost its registration token can finish the SMS step
    return status === 'pending_phone' ? { status, registrationToken: await this.phone.registrationToken(user), ...back } : { status, ...back };
  }

  /** The way back to where the registration began (an application's sign-in), for the page that finishes it. */
  private returnOf(user: { returnTo?: string | null }): Pick<ActivationStatus, 'returnTo' | 'returnToName'> {
    if (!user.returnTo) return {};
    const name = returnToName(this.config, user.returnTo);
    return { returnTo: user.returnTo, ...(name ? { returnToName: name } : {}) };
  }

  async resendActivation(email: string, clientIp: string): Promise<void> {
    const user = await this.emails.find(email);
    if (!user || user.status !== 'pending_activation' || !(await this.mail.takeSlot(user, 'activation'))) return;
    if (!(await this.mail.strangerMayMail(user.email, clientIp))) return;
    await this.mail.sendActivation(user, user.passwordHash ? 'activation' : 'reverification');
  }

  async verifyPhone(registrationToken: string, code: string): Promise<ActivationStatus> {
    if (!this.requirePhone) throw fail('not_found', 'This city does not verify phone numbers');
    const user = await this.phone.userForRegistrationToken(registrationToken);
    if (user.phoneVerifiedAt) return { status: this.statusAfterProofs(user) };
    const phone = await this.phone.verify(user, 'register', code);
    const phoneVerifiedAt = new Date();
    const status = this.statusAfterProofs({ emailVerifiedAt: user.emailVerifiedAt, phoneVerifiedAt });
    await this.models.User.updateOne(
      { _id: user._id },
      { $set: { phone, phoneVerifiedAt, status }, ...(status === 'active' ? { $unset: { returnTo: 1 } } : {}) },
    );
    // the last proof of a registration begun at an application: the way back goes with the answer
    return status === 'active' ? { status, ...this.returnOf(user) } : { status };
  }

  async resendPhoneCode(registrationToken: string, clientIp: string): Promise<void> {
    if (!this.requirePhone) throw fail('not_found', 'This city does not verify phone numbers');
    const user = await this.phone.userForRegistrationToken(registrationToken);
    if (user.phoneVerifiedAt) return;
    await this.phone.send(user, user.phone, 'register', clientIp);
  }

  /** Finishes activation emails interrupted by a crash (run at start and periodically). */
  async sweepPendingMail(olderThanMs = 30_000): Promise<number> {
    const stale = await this.models.User.find({ pendingMail: { $exists: true }, createdAt: { $lt: new Date(Date.now() - olderThanMs) } }).limit(100);
    for (const user of stale) await this.mail.sendActivation(user, user.pendingMail === 'reverification' ? 'reverification' : 'activation');
    return stale.length;
  }
}
