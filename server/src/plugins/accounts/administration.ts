import { Types } from 'mongoose';
import type { Config } from '../../config.js';
import { isDuplicateKey } from '../../db/unique.js';
import { CONTROL_CHAR } from '../../lib/control-chars.js';
import { foldedExact } from '../../lib/diacritics.js';
import { fail, invalid, type FieldCode, type Fields } from '../../lib/errors.js';
import type { PasswordHasher } from '../../lib/passwords.js';
import { checkPesel } from '../../lib/pesel.js';
import { email as emailSchema } from '../../lib/validation.js';
import type { AccountEmails } from './emails.js';
import type { AccountMail } from './mailer.js';
import { normalizeEmail, toProfile, type AccountModels, type Role, type UserDoc } from './model.js';
import { passwordWeakness } from './password-policy.js';
import type { PeselStore } from './pesel.js';
import type { Sessions } from './sessions.js';
import { normalizePhone } from './verification.js';

const emailRule = emailSchema().required();

export interface ActiveAccountInput {
  email: string;
  password: string;
  role: Role;
  department?: string;
  firstName?: string;
  lastName?: string;
}

/** What an import row or an operator may say about an account; `exists` means the address is registered already. */
export type ImportOutcome = 'created' | 'exists' | Record<string, string>;

/**
 * The account operations of the city's operators (plugins/admin, the CLI): find and list accounts,
 * block, roles, sessions, legacy imports. Admin decides who may and audits; the account rules live here.
 */
export class AccountAdministration {
  constructor(
    private readonly models: AccountModels,
    private readonly config: Config,
    private readonly hasher: PasswordHasher,
    private readonly sessions: Sessions,
    private readonly mail: AccountMail,
    private readonly pesel: PeselStore,
    private readonly emails: AccountEmails,
  ) {}

  async find(id: string): Promise<UserDoc> {
    const user = Types.ObjectId.isValid(id) ? await this.models.User.findById(id) : null;
    if (!user) throw fail('not_found', 'No such account');
    return user;
  }

  /** Exact-match search by email, phone, PESEL or name ("first", "last" or "first last"), for names case- and diacritic-insensitive. */
  async search(q: string | undefined, page: number, limit: number) {
    let filter: Record<string, unknown> = {};
    const term = (q ?? '').trim();
    if (term) {
      const or: Record<string, unknown>[] = [{ email: normalizeEmail(term) }];
      const phone = /^[+\d][\d\s-]{5,}$/.test(term) ? normalizePhone(term) : undefined;
      if (phone) or.push({ phone });
      if (/^\d{11}$/.test(term)) {
        const userId = await this.pesel.findUserId(term);
        if (userId) or.push({ _id: userId });
      }
      const words = term.split(/\s+/).filter(Boolean);
      const exact = foldedExact;
      if (words.length === 1) or.push({ firstName: exact(words[0]!) }, { lastName: exact(words[0]!) });
      if (words.length === 2) or.push({ firstName: exact(words[0]!), lastName: exact(words[1]!) }, { firstName: exact(words[1]!), lastName: exact(words[0]!) });
      filter = { $or: or };
    }
    const [items, total] = await Promise.all([
      this.models.User.find(filter)
        .sort({ createdAt: -1 })
        .skip((page - 1) * limit)
        .limit(limit),
      this.models.User.countDocuments(filter),
    ]);
    return { items: items.map((u) => this.view(u)), total, page, limit };
  }

  /** What an admin sees of an account: the profile plus how it came and its state. */
  view(user: UserDoc) {
    const pesel = this.pesel.reveal(user);
    return {
      ...toProfile(user),
      source: user.source,
      blockedAt: user.blockedAt?.toISOString(),
      blockedReason: user.blockedReason ?? undefined,
      emailVerified: Boolean(user.emailVerifiedAt),
      // enough for a clerk to compare with an ID card; the full number is searchable, never listed
      peselMasked: pesel ? `${pesel.slice(0, 6)}*****` : undefined,
      updatedAt: (user as { updatedAt?: Date }).updatedAt?.toISOString(),
    };
  }

  /** The admin view of the account as it is stored now. */
  async reload(user: UserDoc) {
    return this.view((await this.models.User.findById(user._id))!);
  }

  activeSessions(user: UserDoc): Promise<number> {
    return this.models.RefreshToken.countDocuments({ userId: user._id, revokedAt: null, expiresAt: { $gt: new Date() } });
  }

  /** A staff account needs a department, and a department must be one of the profile's. */
  departmentProblem(role: Role, department: string | undefined): FieldCode | undefined {
    if (role === 'staff' && !department) return 'required';
    if (department && !this.config.profile.departments.some((d) => d.id === department)) return 'invalid';
    return undefined;
  }

  /** Blocking ends every session and kills every link at once. */
  async block(user: UserDoc, reason: string | undefined): Promise<void> {
    await this.models.User.updateOne({ _id: user._id }, { $set: { blockedAt: new Date(), blockedReason: reason }, $inc: { tokenVersion: 1, linkVersion: 1 } });
    await this.sessions.revokeAll(user._id, undefined, 'blocked');
  }

  async unblock(user: UserDoc): Promise<void> {
    await this.models.User.updateOne({ _id: user._id }, { $unset: { blockedAt: 1, blockedReason: 1 } });
  }

  /**
   * A new role or department takes effect at once (API.md §3b "Roles and sessions"): every access token
   * dies (tokenVersion) and every refresh token is refused, so the person signs in again with the new rights.
   */
  async setRole(user: UserDoc, role: Role, department: string | undefined): Promise<void> {
    await this.models.User.updateOne(
      { _id: user._id },
      { $set: { role, ...(department ? { department } : {}) }, ...(department ? {} : { $unset: { department: 1 } }), $inc: { tokenVersion: 1 } },
    );
    await this.sessions.revokeAll(user._id, undefined, 'role_changed');
  }

  async revokeSessions(user: UserDoc): Promise<void> {
    await this.models.User.updateOne({ _id: user._id }, { $inc: { tokenVersion: 1 } });
    await this.sessions.revokeAll(user._id, undefined, 'signed_out');
  }

  /** The activation email again, or the re-verification email for an account without a password (an import). */
  resendActivation(user: UserDoc): Promise<void> {
    return this.mail.sendActivation(user, user.passwordHash ? 'activation' : 'reverification');
  }

  /** CLI/admin: an already-active account. Passwords still follow the policy. */
  async createActiveUser(input: ActiveAccountInput): Promise<UserDoc> {
    const email = normalizeEmail(input.email);
    const fields: Fields = {};
    const weak = await passwordWeakness(input.password, { email, firstName: input.firstName, lastName: input.lastName });
    if (weak) fields.password = weak;
    const department = this.departmentProblem(input.role, input.department);
    if (department) fields.department = department;
    if (Object.keys(fields).length) throw invalid(fields);
    const _id = new Types.ObjectId();
    // the address's entry before and after the account takes it (emails.ts)
    await this.emails.put(email, _id);
    try {
      const user = await this.models.User.create({
        _id,
        email,
        passwordHash: await this.hasher.hash(input.password),
        firstName: input.firstName ?? '',
        lastName: input.lastName ?? '',
        role: input.role,
        department: input.department,
        status: 'active',
        emailVerifiedAt: new Date(),
        phoneVerifiedAt: new Date(),
        source: 'cli',
      });
      await this.emails.put(email, _id);
      return user;
    } catch (err) {
      if (isDuplicateKey(err)) throw invalid({ email: 'taken' }, 'An account with this email already exists');
      throw err;
    }
  }

  /**
   * One legacy account (a CSV row): a pending account with no password and a re-verification email
   * whose link sets one. An existing address is left alone (a re-run is safe); a bad row creates nothing.
   */
  async importAccount(values: Record<string, string>): Promise<ImportOutcome> {
    const fields = this.importProblems(values);
    if (Object.keys(fields).length) return fields;
    const email = normalizeEmail(emailRule.validate(values.email).value as string);
    if (await this.emails.find(email)) return 'exists';
    const pesel = values.pesel || undefined;
    const userId = new Types.ObjectId();
    if (pesel && !(await this.pesel.claim(pesel, userId))) return { pesel: 'taken' };
    await this.emails.put(email, userId);
    try {
      const user = await this.models.User.create({
        _id: userId,
        email,
        firstName: values.firstName,
        lastName: values.lastName,
        phone: normalizePhone(values.phone!),
        district: values.district || undefined,
        locale: values.locale || this.config.profile.defaultLanguage,
        ...(pesel ? this.pesel.fields(pesel) : {}),
        status: 'pending_activation',
        source: 'import',
        pendingMail: 'reverification',
      });
      await this.emails.put(email, userId);
      await this.mail.sendActivation(user, 'reverification');
      return 'created';
    } catch (err) {
      if (pesel) await this.pesel.release(userId);
      if (isDuplicateKey(err)) return 'exists';
      throw err;
    }
  }

  private importProblems(values: Record<string, string>): Record<string, string> {
    const fields: Record<string, string> = {};
    // the rule POST /auth/register applies: a plain addr-spec, no display name, quotes, lists or control characters
    if (emailRule.validate(values.email ?? '').error) fields.email = values.email ? 'invalid' : 'required';
    for (const name of ['firstName', 'lastName'] as const) {
      const v = values[name] ?? '';
      if (!v) fields[name] = 'required';
      else if (v.length > 100 || CONTROL_CHAR.test(v)) fields[name] = 'invalid';
    }
    if (!(values.phone ? normalizePhone(values.phone) : undefined)) fields.phone = values.phone ? 'invalid' : 'required';
    if (values.district && !this.config.profile.districts.some((d) => d.id === values.district)) fields.district = 'invalid';
    if (values.pesel) {
      const code = checkPesel(values.pesel);
      if (code) fields.pesel = code;
    }
    if (values.locale && !['pl', 'en', 'de'].includes(values.locale)) fields.locale = 'invalid';
    return fields;
  }
}
