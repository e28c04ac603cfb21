import { isDuplicateKey } from '../../db/unique.js';
import { Types } from 'mongoose';
import { fail } from '../../lib/errors.js';
import type { Language } from '../../profile/schema.js';
import type { AccountEmails } from './emails.js';
import type { AccountMail } from './mailer.js';
import { PLACEHOLDER_EMAIL_DOMAIN, isPlaceholderEmail, normalizeEmail, toProfile, type AccountModels, type Role, type UserDoc } from './model.js';
import type { PeselStore } from './pesel.js';
import type { Sessions } from './sessions.js';

/** How a person proved themselves: the sign-in policies (staff through SSO) judge by it. */
export type SignInMethod = { kind: 'password' } | { kind: 'passkey' } | { kind: 'provider'; provider: string; purpose: 'residents' | 'staff' | 'both' };

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

/** What an account is to an external identity that names it (API.md §3b "Linking"). */
export interface AccountEvidence {
  id: Types.ObjectId;
  /** The account received its PESEL from a verifying provider (never one only typed). */
  peselVerified: boolean;
  /** Active, and its owner confirmed the address by link (a pending registration never is). */
  emailConfirmed: boolean;
  pending: boolean;
  role: Role;
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
    private readonly mail: AccountMail,
    private readonly policies: (user: UserDoc, method: SignInMethod) => Promise<void>,
    private readonly emails: AccountEmails,
  ) {}

  findById(id: Types.ObjectId | string) {
    return this.models.User.findById(id);
  }

  private evidence(user: UserDoc | null): AccountEvidence | undefined {
    if (!user) return undefined;
    return {
      id: user._id,
      peselVerified: Boolean(user.verifiedIdentity && user.peselHash),
      emailConfirmed: user.status === 'active' && Boolean(user.emailVerifiedAt),
      pending: user.status !== 'active',
      role: (user.role ?? 'resident') as Role,
    };
  }

  async byEmail(email: string): Promise<AccountEvidence | undefined> {
    return this.evidence(await this.emails.find(email));
  }

  async byPesel(pesel: string): Promise<AccountEvidence | undefined> {
    const id = await this.pesel.findUserId(pesel);
    return id ? this.evidence(await this.models.User.findById(id)) : undefined;
  }

  /**
   * A verified PESEL wins over a typed one: the account that only typed it loses it (its registry entry
   * and its fields), and its owner is told by email. Conditional on that account still holding it
   * unverified, so a concurrent verification is never undone.
   */
  async releaseTypedPesel(holder: Types.ObjectId, pesel: string): Promise<void> {
    const hash = this.pesel.hash(pesel);
    const res = await this.models.User.updateOne(
      { _id: holder, peselHash: hash, verifiedIdentity: { $exists: false } },
      { $unset: { peselHash: 1, peselSealed: 1 } },
    );
    await this.models.PeselRegistry.deleteOne({ _id: hash, userId: holder });
    const user = res.modifiedCount ? await this.models.User.findById(holder) : null;
    if (user && !isPlaceholderEmail(user.email) && user.status === 'active')
      await this.mail.send(user, 'pesel_removed', {}, `pesel_removed:${String(holder)}:${hash}`);
  }

  /**
   * A pending registration never captures a verified identity: a verified sign-in on its address cancels
   * it (the account was never activated, so nothing of its owner's is lost) and the mailbox is told.
   */
  async cancelPendingRegistration(id: Types.ObjectId): Promise<void> {
    const user = await this.models.User.findOne({ _id: id, status: { $ne: 'active' } });
    if (!user) return;
    const deleted = await this.models.User.deleteOne({ _id: id, status: { $ne: 'active' } });
    if (!deleted.deletedCount) return;
    await this.emails.release(user.email, id);
    await this.pesel.release(id);
    await this.models.AccountToken.deleteMany({ userId: id });
    await this.models.PhoneCode.deleteMany({ userId: id });
    await this.mail.send(user, 'registration_cancelled', {}, `registration_cancelled:${String(id)}`);
  }

  /**
   * Creates an active account for a verified identity. With a PESEL, the PESEL is claimed first (the
   * unique registry is the one atomic decision): if another verified sign-in got there first, that
   * account's id is returned instead, so one PESEL never makes two accounts.
   */
  async create(input: NewVerifiedAccount): Promise<Types.ObjectId> {
    const id = new Types.ObjectId();
    if (input.pesel && !(await this.pesel.claim(input.pesel, id))) {
      const holder = await this.byPesel(input.pesel);
      if (holder?.peselVerified) return holder.id;
      throw fail('conflict', 'The PESEL is being registered by another request; try again');
    }
    const email = input.email ? normalizeEmail(input.email) : `${String(id)}@${PLACEHOLDER_EMAIL_DOMAIN}`;
    // the address's entry before and after the account takes it (emails.ts); a placeholder is this
    // account's alone and never typed at a sign-in: it needs no entry now (the sweep adds one), and no
    // extra round trip here widens the moment a concurrent first sign-in sees this account's PESEL unmarked
    if (input.email) await this.emails.put(email, id);
    try {
      await this.models.User.create({
        _id: id,
        email,
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
      if (input.email) await this.emails.put(email, id);
      return id;
    } catch (err) {
      if (input.pesel) await this.pesel.release(id);
      if (isDuplicateKey(err) && input.email) {
        const holder = await this.byEmail(input.email);
        if (holder?.emailConfirmed) return holder.id;
      }
      throw err;
    }
  }

  /**
   * Records the verified identity on the account (GET /me shows it; the PESEL is then read-only) and
   * takes the verified names. With a PESEL the account holds it from now on: claimed (a typed one on
   * another account was released first by the linker), and any other PESEL it had typed is let go.
   */
  async markVerified(userId: Types.ObjectId, mark: VerifiedMark & { pesel?: string }): Promise<void> {
    const set: Record<string, unknown> = { verifiedIdentity: { provider: mark.provider, loa: mark.loa, verifiedAt: mark.verifiedAt } };
    if (mark.firstName) set.firstName = mark.firstName;
    if (mark.lastName) set.lastName = mark.lastName;
    if (mark.pesel) {
      const holder = await this.pesel.findUserId(mark.pesel);
      if (holder && String(holder) !== String(userId)) throw fail('conflict', 'Another account holds this PESEL');
      if (!holder && !(await this.pesel.claim(mark.pesel, userId))) throw fail('conflict', 'Another account holds this PESEL');
      Object.assign(set, this.pesel.fields(mark.pesel));
      await this.pesel.releaseExcept(userId, this.pesel.hash(mark.pesel));
    }
    await this.models.User.updateOne({ _id: userId }, { $set: set });
  }

  /**
   * A staff directory is the source of truth for role and department, applied at every sign-in. A change
   * ends every session of the account at once (API.md §3b "Roles and sessions").
   */
  async setRole(userId: Types.ObjectId, role: Role, department: string | undefined): Promise<boolean> {
    const current = await this.models.User.findById(userId, { role: 1, department: 1 }).lean();
    if (!current) return false;
    const dept = role === 'resident' ? undefined : department;
    if ((current.role ?? 'resident') === role && (current.department ?? undefined) === dept) return false;
    await this.models.User.updateOne(
      { _id: userId },
      role === 'resident'
        ? { $set: { role }, $unset: { department: 1 }, $inc: { tokenVersion: 1 } }
        : { $set: { role, department }, $inc: { tokenVersion: 1 } },
    );
    await this.sessions.revokeAll(userId, undefined, 'role_changed');
    return true;
  }

  /** The profile's sign-in policies for this account and method; the contract's error when one refuses. */
  async checkPolicies(userId: Types.ObjectId | string, method: SignInMethod): Promise<void> {
    const user = await this.models.User.findById(userId);
    if (user) await this.policies(user, method);
  }

  /** Throws the contract's error when the account cannot sign in now. */
  assertCanSignIn(user: UserDoc | null): asserts user is UserDoc {
    if (!user) throw fail('invalid_token', 'This sign-in code is invalid, used or expired');
    if (user.blockedAt) throw fail('account_blocked', 'This account is blocked; contact the city office');
    if (user.status !== 'active') throw fail('account_not_active', 'This account is not activated yet');
  }

  /**
   * The login response (as POST /auth/login gives it) for an account proven by a provider. With
   * `familyId` (a re-authentication of a signed-in session) the session goes on with a fresh authentication time.
   */
  async signIn(userId: Types.ObjectId | string, auth: { method: SignInMethod; acr: string; familyId?: string }) {
    const user = await this.models.User.findById(userId);
    this.assertCanSignIn(user);
    await this.policies(user, auth.method);
    const tokens = await this.sessions.issue(user, auth.familyId, { authTime: new Date(), acr: auth.acr });
    return { ...tokens, user: toProfile(user) };
  }
}
