import { isDuplicateKey } from '../../db/unique.js';
import type { Types } from 'mongoose';
import { checkPesel } from '../../lib/pesel.js';
import { keyedHash } from '../../lib/tokens.js';
import type { AccountsService, Role } from '../accounts/index.js';
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

/**
 * Who a verified identity is: the account it is linked to, else the account holding its PESEL, else
 * (a directory that vouches for addresses) the account with its email, else a new account. Linking is
 * one unique insert keyed by a keyed hash of (provider, subject), so two concurrent first sign-ins
 * end on one account; PESEL uniqueness goes through the accounts' PeselStore.
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

  async resolve(entry: IdentityProviderEntry, identity: VerifiedIdentity): Promise<Types.ObjectId> {
    const now = new Date();
    if (entry.type === 'logingovpl' && LOA_RANK[identity.loa ?? 'low'] < LOA_RANK[entry.loa]) throw new IdentityError('loa_too_low');
    if (identity.pesel !== undefined && checkPesel(identity.pesel)) throw new IdentityError('invalid_pesel');
    if (entry.type === 'logingovpl' && !identity.pesel) throw new IdentityError('missing_pesel');
    const staff = entry.type === 'oidc' ? mapStaffClaims(entry, identity.claims ?? {}, this.departments) : undefined;
    if (staff?.role === 'resident' && entry.purpose === 'staff') throw new IdentityError('not_allowed');
    if (staff?.role === 'staff' && !staff.department) throw new IdentityError('no_department');

    const subjectKey = this.subjectKey(entry.id, identity.subject);
    const linked = await this.models.LinkedIdentity.findOne({ subjectKey }).lean();
    let userId = linked?.userId;
    if (!userId) {
      userId = await this.findOrCreate(entry, identity, staff);
      try {
        await this.models.LinkedIdentity.create({ userId, provider: entry.id, subjectKey, loa: identity.loa, verifiedAt: now, lastUsedAt: now });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // a concurrent first sign-in linked it: that link wins
        userId = (await this.models.LinkedIdentity.findOne({ subjectKey }).lean())!.userId;
      }
    } else {
      await this.models.LinkedIdentity.updateOne(
        { subjectKey },
        { $set: { lastUsedAt: now, ...(identity.loa ? { loa: identity.loa, verifiedAt: now } : {}) } },
      );
    }
    if (staff) await this.accounts.verified.setRole(userId, staff.role, staff.department);
    if (identity.pesel) {
      await this.accounts.verified.markVerified(userId, {
        provider: entry.id,
        loa: identity.loa,
        verifiedAt: now,
        firstName: identity.givenName,
        lastName: identity.familyName,
      });
    }
    const user = await this.accounts.verified.findById(userId);
    if (user?.blockedAt) throw new IdentityError('account_blocked');
    return userId;
  }

  private async findOrCreate(
    entry: IdentityProviderEntry,
    identity: VerifiedIdentity,
    staff: { role: Role; department?: string } | undefined,
  ): Promise<Types.ObjectId> {
    const verified = this.accounts.verified;
    const byPesel = identity.pesel ? await verified.idByPesel(identity.pesel) : undefined;
    if (byPesel) return byPesel;
    const trustEmail = entry.type === 'oidc' && entry.trustEmail && identity.email;
    const byEmail = trustEmail ? await verified.idByEmail(identity.email!) : undefined;
    if (byEmail) return byEmail;
    return verified.create({
      pesel: identity.pesel,
      email: trustEmail ? identity.email : undefined,
      firstName: identity.givenName,
      lastName: identity.familyName,
      role: staff?.role,
      department: staff?.department,
    });
  }
}
