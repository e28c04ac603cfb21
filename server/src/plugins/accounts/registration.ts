import { Types } from 'mongoose';
import type { Config } from '../../config.js';
import { fail, invalid, type Fields } from '../../lib/errors.js';
import { checkPassword, type PasswordHasher } from '../../lib/passwords.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { Language } from '../../profile/schema.js';
import type { AccountModels, UserDoc } from './model.js';
import type { AccountMail } from './mailer.js';
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
}

export type RegisterResult = { status: 'pending_activation'; registrationToken?: string };
type ActivationStatus = { status: 'active' | 'pending_phone' | 'pending_activation'; registrationToken?: string };

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

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

  /** Same answer whether or not the address is taken; the owner of a taken address gets an email instead. */
  async register(input: RegisterInput, clientIp: string): Promise<RegisterResult> {
    const email = normalizeEmail(input.email);
    const fields: Fields = {};
    const phone = this.requirePhone ? mobileNumber(input.phone) : normalizePhone(input.phone);
    if (!phone) fields.phone = 'invalid';
    const weak = checkPassword(input.password, [email, email.split('@')[0]!, input.firstName, input.lastName]);
    if (weak) fields.password = weak;
    // all the fields the server refuses, in one answer (the claim below still decides a race)
    if (input.pesel && (await this.pesel.findUserId(input.pesel))) fields.pesel = 'taken';
    if (Object.keys(fields).length) throw invalid(fields);

    // SMS limits first: a refused registration must leave nothing behind
    if (this.requirePhone) await this.phone.assertWithinLimits(phone!, clientIp);
    // hash before looking the address up, so both paths take the same time
    const passwordHash = await this.hasher.hash(input.password);
    const userId = new Types.ObjectId();
    if (input.pesel && !(await this.pesel.claim(input.pesel, userId))) throw invalid({ pesel: 'taken' }, 'An account with this PESEL already exists');
    const existing = await this.models.User.findOne({ email });
    if (existing) {
      if (input.pesel) await this.pesel.release(userId);
      await this.notifyExisting(existing);
      return this.requirePhone ? { status: 'pending_activation', registrationToken: newToken() } : { status: 'pending_activation' };
    }
    let user: UserDoc;
    try {
      user = await this.models.User.create({
        _id: userId,
        email,
        passwordHash,
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        phone,
        locale: input.locale ?? this.config.profile.defaultLanguage,
        district: input.district || undefined,
        ...(input.pesel ? this.pesel.fields(input.pesel) : {}),
        status: 'pending_activation',
        pendingMail: 'activation',
      });
    } catch (err) {
      if (input.pesel) await this.pesel.release(userId);
      if ((err as { code?: number }).code !== 11000) throw err;
      // registered concurrently with the same address: answer as for any taken address
      const raced = await this.models.User.findOne({ email });
      if (raced) await this.notifyExisting(raced);
      return { status: 'pending_activation' };
    }
    await this.mail.sendActivation(user, 'activation');
    if (!this.requirePhone) return { status: 'pending_activation' };
    try {
      await this.phone.send(user, phone!, 'register', clientIp);
    } catch (err) {
      // a limit hit by a concurrent request: the account exists, the resident asks for the code again
      if ((err as { output?: { payload?: { code?: string } } }).output?.payload?.code !== 'too_many_attempts') throw err;
    }
    return { status: 'pending_activation', registrationToken: await this.phone.registrationToken(user) };
  }

  private async notifyExisting(user: UserDoc): Promise<void> {
    if (user.status === 'pending_activation') return this.mail.sendActivation(user, 'activation', true);
    if (await this.mail.takeSlot(user, 'lastResetMailAt')) await this.mail.send(user, 'already_registered', { action: this.config.appUrl });
  }

  async activate(token: string, spend: (id: unknown) => Promise<boolean>): Promise<ActivationStatus> {
    const found = await this.models.AccountToken.findOne({ tokenHash: hashToken(token), purpose: 'activate', usedAt: null, expiresAt: { $gt: new Date() } });
    const user = found && (await this.models.User.findById(found.userId));
    if (!found || !user) throw fail('invalid_token', 'This activation link is invalid, used or expired');
    // prove first, then spend the token: a crash in between leaves a harmless, still-valid link
    const emailVerifiedAt = user.emailVerifiedAt ?? new Date();
    const status = this.statusAfterProofs({ emailVerifiedAt, phoneVerifiedAt: user.phoneVerifiedAt });
    await this.models.User.updateOne({ _id: user._id }, { $set: { status, emailVerifiedAt } });
    if (!(await spend(found._id))) throw fail('invalid_token', 'This activation link is invalid, used or expired');
    await this.models.AccountToken.updateMany({ userId: user._id, purpose: 'activate', usedAt: null }, { $set: { usedAt: new Date() } });
    // the email link proves ownership; a browser that lost its registration token can finish the SMS step
    return status === 'pending_phone' ? { status, registrationToken: await this.phone.registrationToken(user) } : { status };
  }

  async resendActivation(email: string): Promise<void> {
    const user = await this.models.User.findOne({ email: normalizeEmail(email) });
    if (user && user.status === 'pending_activation' && user.passwordHash) await this.mail.sendActivation(user, 'activation', true);
    else if (user && user.status === 'pending_activation') await this.mail.sendActivation(user, 'reverification', true);
  }

  async verifyPhone(registrationToken: string, code: string): Promise<ActivationStatus> {
    if (!this.requirePhone) throw fail('not_found', 'This city does not verify phone numbers');
    const user = await this.phone.userForRegistrationToken(registrationToken);
    if (user.phoneVerifiedAt) return { status: this.statusAfterProofs(user) };
    const phone = await this.phone.verify(user, 'register', code);
    const phoneVerifiedAt = new Date();
    const status = this.statusAfterProofs({ emailVerifiedAt: user.emailVerifiedAt, phoneVerifiedAt });
    await this.models.User.updateOne({ _id: user._id }, { $set: { phone, phoneVerifiedAt, status } });
    return { status };
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
