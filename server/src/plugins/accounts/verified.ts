import { isDuplicateKey } from '../../db/unique.js';
import { Types } from 'mongoose';
import { fail } from '../../lib/errors.js';
import type { Language } from '../../profile/schema.js';
import { PLACEHOLDER_EMAIL_DOMAIN, normalizeEmail, toProfile, type AccountModels, type Role, type UserDoc } from './model.js';
import type { PeselStore } from './pesel.js';
import type { Sessions } from './sessions.js';

export interface NewVerifiedAccount {
  pesel?: string;
  /** Only an address the provider vouches for; otherwise the account gets a placeholder until the resident confirms one. */
  email?: string;
  firstName?: string;
  lastName?: string;
  role?: Role;
  department?: string;
  locale?: Language;
}

export interface VerifiedMark {
  provider: string;
  loa?: string;
  verifiedAt: Date;
  firstName?: string;
  lastName?: string;
}

/**
 * The account side of signing in with an external identity (plugins/identity decides who is who;
 * this keeps the account rules): PESEL uniqueness through the PeselStore, sessions through Sessions.
 */
export class VerifiedAccounts {
  constructor(
    private readonly models: AccountModels,
    private readonly sessions: Sessions,
    private readonly pesel: PeselStore,
  ) {}

  findById(id: Types.ObjectId | string) {
    return this.models.User.findById(id);
  }

  async idByEmail(email: string): Promise<Types.ObjectId | undefined> {
    const row = await this.models.User.findOne({ email: normalizeEmail(email) }, { _id: 1 }).lean();
    return row?._id;
  }

  idByPesel(pesel: string): Promise<Types.ObjectId | undefined> {
    return this.pesel.findUserId(pesel);
  }

  /**
   * Creates an active account for a verified identity. With a PESEL, the PESEL is claimed first (the
   * unique registry is the one atomic decision): if another sign-in or a registration got there first,
   * that account's id is returned instead, so one PESEL never makes two accounts.
   */
  async create(input: NewVerifiedAccount): Promise<Types.ObjectId> {
    const id = new Types.ObjectId();
    if (input.pesel && !(await this.pesel.claim(input.pesel, id))) {
      const holder = await this.pesel.findUserId(input.pesel);
      if (holder) return holder;
      throw fail('conflict', 'The PESEL is being registered by another request; try again');
    }
    try {
      await this.models.User.create({
        _id: id,
        email: input.email ? normalizeEmail(input.email) : `${String(id)}@${PLACEHOLDER_EMAIL_DOMAIN}`,
        emailVerifiedAt: input.email ? new Date() : undefined,
        firstName: input.firstName ?? '',
        lastName: input.lastName ?? '',
        role: input.role ?? 'resident',
        department: input.department,
        locale: input.locale ?? 'pl',
        status: 'active',
        source: 'identity',
        ...(input.pesel ? this.pesel.fields(input.pesel) : {}),
      });
      return id;
    } catch (err) {
      if (input.pesel) await this.pesel.release(id);
      if (isDuplicateKey(err) && input.email) {
        const holder = await this.idByEmail(input.email);
        if (holder) return holder;
      }
      throw err;
    }
  }

  /**
   * Records the verified identity on the account (GET /me shows it; the PESEL is then read-only) and
   * takes the verified names. An account that was never activated had an unproven owner: whoever typed
   * this PESEL and a password there loses the password and every session, since the verified person
   * now holds the account (they can set a password through the reset link once an address is confirmed).
   */
  async markVerified(userId: Types.ObjectId, mark: VerifiedMark): Promise<void> {
    const user = await this.models.User.findById(userId);
    if (!user) return;
    const set: Record<string, unknown> = { verifiedIdentity: { provider: mark.provider, loa: mark.loa, verifiedAt: mark.verifiedAt } };
    if (mark.firstName) set.firstName = mark.firstName;
    if (mark.lastName) set.lastName = mark.lastName;
    const unproven = user.status !== 'active' && !user.emailVerifiedAt;
    if (user.status !== 'active') set.status = 'active';
    await this.models.User.updateOne({ _id: userId }, { $set: set, ...(unproven ? { $unset: { passwordHash: 1 }, $inc: { tokenVersion: 1 } } : {}) });
    if (unproven) await this.sessions.revokeAll(userId);
  }

  /** A staff directory is the source of truth for role and department: applied at every sign-in. */
  async setRole(userId: Types.ObjectId, role: Role, department: string | undefined): Promise<void> {
    await this.models.User.updateOne({ _id: userId }, role === 'resident' ? { $set: { role }, $unset: { department: 1 } } : { $set: { role, department } });
  }

  /** Throws the contract's error when the account cannot sign in now. */
  assertCanSignIn(user: UserDoc | null): asserts user is UserDoc {
    if (!user) throw fail('invalid_token', 'This sign-in code is invalid, used or expired');
    if (user.blockedAt) throw fail('account_blocked', 'This account is blocked; contact the city office');
    if (user.status !== 'active') throw fail('account_not_active', 'This account is not activated yet');
  }

  /** The login response (as POST /auth/login gives it) for an account proven by a provider. */
  async signIn(userId: Types.ObjectId | string) {
    const user = await this.models.User.findById(userId);
    this.assertCanSignIn(user);
    const tokens = await this.sessions.issue(user);
    return { ...tokens, user: toProfile(user) };
  }
}
