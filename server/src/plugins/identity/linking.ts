import { isDuplicateKey } from '../../db/unique.js';
import type { Types } from 'mongoose';
import { checkPesel } from '../../lib/pesel.js';
import { keyedHash } from '../../lib/tokens.js';
import type { AccountEvidence, AccountsService, Role } from '../accounts/index.js';
import type { IdentityModels } from './model.js';
import { IdentityError, type IdentityProviderEntry, type Loa, type OidcEntry, type VerifiedIdentity } from './provider.js';

const LOA_RANK: Record<Loa, number> = { low: 1, substantial: 2, high: 3 };
const ROLE_RANK: Record<Role, number> = { resident: 0, staff: 1, admin: 2 };

const values = (claim: unknown): string[] =>
  Array.isArray(claim) ? claim.filter((v): v is string => typeof v === 'string') : typeof claim === 'string' ? [claim] : [];

/** Role and department from a directory's claims, per the profile entry; undefined when the entry maps no role. */
export function mapStaffClaims(entry: OidcEntry, claims: Record<string, unknown>, departments: string[]): { role: Role; department?: string } | undefined {
  if (!entry.roleClaim) return undefined;
  let role: Role = 'resident';
  for (const value of values(claims[entry.roleClaim])) {
    const mapped = entry.roleMap?.[value];
    if (mapped && ROLE_RANK[mapped] > ROLE_RANK[role]) role = mapped;
  }
  let department: string | undefined;
  if (entry.departmentClaim) {
    for (const value of values(claims[entry.departmentClaim])) {
      const mapped = entry.departmentMap ? entry.departmentMap[value] : departments.includes(value) ? value : undefined;
      if (mapped) {
        department = mapped;
        break;
      }
    }
  }
  return { role, department };
}

/** The identity's role and department per the directory, when its entry maps roles. */
type StaffMapping = { role: Role; department?: string } | undefined;

/**
 * Who a verified identity is (API.md §3b "Linking"): an existing account only on evidence that the same
 * person controls both (the same provider subject; a PESEL that account itself received from a verifying
 * provider; for a `trustEmail` directory, an address marked `email_verified: true` that the account itself
 * confirmed), else a new account. A PESEL only typed elsewhere is taken from that account; a pending
 * registration on the address is cancelled. Linking is one unique insert keyed by a keyed hash of
 * (provider, subject), so two concurrent first sign-ins end on one account.
 */
export class IdentityLinker {
  constructor(
    private readonly models: IdentityModels,
    private readonly accounts: AccountsService,
    private readonly dataKey: string,
    private readonly departments: string[],
  ) {}

  subjectKey(provider: string, subject: string): string {
    return keyedHash(this.dataKey, 'identity', `${provider}\n${subject}`);
  }

  /** The checks every verified identity passes before it reaches any account. */
  private admit(entry: IdentityProviderEntry, identity: VerifiedIdentity): StaffMapping {
    if (entry.type === 'logingovpl' && LOA_RANK[identity.loa ?? 'low'] < LOA_RANK[entry.loa]) throw new IdentityError('loa_too_low');
    if (identity.pesel !== undefined && checkPesel(identity.pesel)) throw new IdentityError('invalid_pesel');
    if (entry.type === 'logingovpl' && !identity.pesel) throw new IdentityError('missing_pesel');
    const staff = entry.type === 'oidc' ? mapStaffClaims(entry, identity.claims ?? {}, this.departments) : undefined;
    if (staff?.role === 'staff' && !staff.department) throw new IdentityError('no_department');
    return staff;
  }

  async resolve(entry: IdentityProviderEntry, identity: VerifiedIdentity): Promise<Types.ObjectId> {
    const staff = this.admit(entry, identity);
    const subjectKey = this.subjectKey(entry.id, identity.subject);
    const linked = await this.models.LinkedIdentity.findOne({ subjectKey }).lean();
    if (staff?.role === 'resident' && entry.purpose === 'staff') {
      // the directory no longer maps this person to staff: the account they had loses its rights now
      const known = linked?.userId ?? (await this.byEvidence(entry, identity))?.id;
      if (known) await this.accounts.verified.setRole(known, 'resident', undefined);
      throw new IdentityError('not_allowed');
    }
    let userId = linked?.userId;
    if (userId) {
      await this.touch(subjectKey, identity);
    } else {
      const existing = await this.byEvidence(entry, identity);
      userId = existing?.id ?? (await this.createFor(entry, identity, staff));
      userId = await this.insertLink(userId, entry, identity, subjectKey);
      if (existing && String(existing.id) === String(userId)) await this.announceLinked(userId, entry);
    }
    await this.applyDirectory(userId, staff, entry, identity);
    return userId;
  }

  /**
   * Links this identity to a signed-in account whose owner proved it (password or passkey, recently):
   * refused when the identity, or its PESEL, already belongs to another account.
   */
  async link(entry: IdentityProviderEntry, identity: VerifiedIdentity, userId: Types.ObjectId): Promise<Types.ObjectId> {
    const staff = this.admit(entry, identity);
    if (staff?.role === 'resident' && entry.purpose === 'staff') throw new IdentityError('not_allowed');
    const subjectKey = this.subjectKey(entry.id, identity.subject);
    const linked = await this.models.LinkedIdentity.findOne({ subjectKey }).lean();
    if (linked && String(linked.userId) !== String(userId)) throw new IdentityError('already_linked');
    if (identity.pesel) {
      const holder = await this.accounts.verified.byPesel(identity.pesel);
      if (holder && String(holder.id) !== String(userId)) {
        if (holder.peselVerified) throw new IdentityError('already_linked');
        await this.accounts.verified.releaseTypedPesel(holder.id, identity.pesel);
      }
    }
    if (linked) await this.touch(subjectKey, identity);
    else if (String(await this.insertLink(userId, entry, identity, subjectKey)) !== String(userId)) throw new IdentityError('already_linked');
    else await this.announceLinked(userId, entry);
    await this.applyDirectory(userId, staff, entry, identity);
    return userId;
  }

  /** The account that evidence names, if any; a typed PESEL elsewhere is released, a pending registration on the address cancelled. */
  private async byEvidence(entry: IdentityProviderEntry, identity: VerifiedIdentity): Promise<AccountEvidence | undefined> {
    const verified = this.accounts.verified;
    if (identity.pesel) {
      const holder = await verified.byPesel(identity.pesel);
      if (holder?.peselVerified) return holder;
      if (holder) await verified.releaseTypedPesel(holder.id, identity.pesel);
    }
    const email = this.vouchedEmail(entry, identity);
    if (!email) return undefined;
    const owner = await verified.byEmail(email);
    if (owner?.emailConfirmed) return owner;
    if (owner?.pending) await verified.cancelPendingRegistration(owner.id);
    return undefined;
  }

  /** An address the directory vouches for: a `trustEmail` entry, and `email_verified: true` (a missing claim is "not verified"). */
  private vouchedEmail(entry: IdentityProviderEntry, identity: VerifiedIdentity): string | undefined {
    if (entry.type !== 'oidc' || !entry.trustEmail || !identity.email) return undefined;
    return identity.claims?.email_verified === true ? identity.email : undefined;
  }

  private async createFor(entry: IdentityProviderEntry, identity: VerifiedIdentity, staff: StaffMapping): Promise<Types.ObjectId> {
    const email = this.vouchedEmail(entry, identity);
    // an address held by an account that has not confirmed it is not given to the new account
    const free = email && !(await this.accounts.verified.byEmail(email)) ? email : undefined;
    return this.accounts.verified.create({
      pesel: identity.pesel,
      email: free,
      firstName: identity.givenName,
      lastName: identity.familyName,
      role: staff?.role,
      department: staff?.department,
    });
  }

  /** The link, or the account a concurrent first sign-in linked it to (that link wins). */
  private async insertLink(userId: Types.ObjectId, entry: IdentityProviderEntry, identity: VerifiedIdentity, subjectKey: string): Promise<Types.ObjectId> {
    const now = new Date();
    try {
      await this.models.LinkedIdentity.create({ userId, provider: entry.id, subjectKey, loa: identity.loa, verifiedAt: now, lastUsedAt: now });
      return userId;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (await this.models.LinkedIdentity.findOne({ subjectKey }).lean())!.userId;
    }
  }

  private async touch(subjectKey: string, identity: VerifiedIdentity): Promise<void> {
    const now = new Date();
    await this.models.LinkedIdentity.updateOne({ subjectKey }, { $set: { lastUsedAt: now, ...(identity.loa ? { loa: identity.loa, verifiedAt: now } : {}) } });
  }

  /** Every new sign-in method is announced to the account's address (API.md §3b). */
  private announceLinked(userId: Types.ObjectId, entry: IdentityProviderEntry): Promise<void> {
    return this.accounts.announce(String(userId), 'sign_in_method_added', { method: entry.label });
  }

  /** The directory's role and the verified PESEL and names, then the account's state. */
  private async applyDirectory(userId: Types.ObjectId, staff: StaffMapping, entry: IdentityProviderEntry, identity: VerifiedIdentity): Promise<void> {
    if (staff) await this.accounts.verified.setRole(userId, staff.role, staff.department);
    if (identity.pesel) {
      try {
        await this.accounts.verified.markVerified(userId, {
          provider: entry.id,
          loa: identity.loa,
          verifiedAt: new Date(),
          firstName: identity.givenName,
          lastName: identity.familyName,
          pesel: identity.pesel,
        });
      } catch {
        throw new IdentityError('pesel_conflict');
      }
    }
    const user = await this.accounts.verified.findById(userId);
    if (user?.blockedAt) throw new IdentityError('account_blocked');
  }
}
