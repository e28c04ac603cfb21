import { randomUUID } from 'node:crypto';
import Jwt from '@hapi/jwt';
import type { Types } from 'mongoose';
import { fail } from '../../lib/errors.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { AccountLimits } from './limits.js';
import type { AccountModels, UserDoc } from './model.js';

export const ACCESS_TTL_SEC = 900;
export const REFRESH_TTL_MS = 30 * 24 * 3_600_000;
export const JWT_AUDIENCE = 'civickit';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/**
 * Why the server ended a session, given as `reason` beside `code: invalid_token` when its refresh token
 * is refused, so the widget can say why ("your password was changed", "your account was blocked").
 */
export type SessionEndReason = 'password_changed' | 'email_changed' | 'role_changed' | 'blocked' | 'signed_out';

/** Claims in our access tokens besides iss/aud/exp/iat. */
export interface AccessClaims {
  sub: string;
  /** The user's tokenVersion when issued: bumping it kills every older token. */
  tv: number;
  /** Refresh family (one sign-in): logging out kills its access tokens too. */
  sid: string;
  role: string;
  /** When the person last proved themselves (seconds, as OIDC's auth_time): kept across refreshes; API.md §3b "Recent authentication". */
  auth_time?: number;
  /** How: `password`, `passkey`, or the login.gov.pl level of assurance (`low`, `substantial`, `high`), else `provider`. */
  acr?: string;
}

/** How a session began: carried by every token of its refresh family. */
export interface SessionAuth {
  authTime?: Date;
  acr?: string;
}

/**
 * Sessions: short-lived HS256 access JWTs (15 min) and rotating refresh tokens (30 days, stored
 * hashed). Presenting a refresh token that was already rotated is treated as theft: the whole
 * family is revoked, so both the thief and the victim must sign in again. The revocation is a
 * spend-once marker as well as a flag on each token: a rotation racing the reuse checks the marker
 * after writing its new token, so no concurrent winner keeps a live token in a revoked family.
 */
export class Sessions {
  constructor(
    private readonly models: AccountModels,
    private readonly secret: string,
    private readonly issuer: string,
    private readonly limits: AccountLimits,
  ) {}

  async issue(user: UserDoc, familyId: string = randomUUID(), auth: SessionAuth = {}): Promise<TokenPair> {
    const refreshToken = newToken();
    const authTime = auth.authTime ?? new Date();
    await this.models.RefreshToken.create({
      userId: user._id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TTL_MS),
      authTime,
      acr: auth.acr,
    });
    const claims: AccessClaims & { aud: string; iss: string } = {
      sub: String(user._id),
      tv: user.tokenVersion ?? 0,
      sid: familyId,
      role: user.role ?? 'resident',
      auth_time: Math.floor(authTime.getTime() / 1000),
      ...(auth.acr ? { acr: auth.acr } : {}),
      aud: JWT_AUDIENCE,
      iss: this.issuer,
    };
    const accessToken = Jwt.token.generate(claims, { key: this.secret, algorithm: 'HS256' }, { ttlSec: ACCESS_TTL_SEC });
    return { accessToken, refreshToken, expiresIn: ACCESS_TTL_SEC };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const tokenHash = hashToken(refreshToken);
    const now = new Date();
    const expired = (reason?: string | null) => {
      const err = fail('invalid_token', 'The session has expired, please sign in again', { status: 401 });
      if (reason) Object.assign(err.output.payload, { reason });
      return err;
    };
    const known = await this.models.RefreshToken.findOne({ tokenHash });
    if (!known || known.revokedAt || known.expiresAt <= now) throw expired(known?.revokedAt ? known.revokedReason : undefined);
    // rotation: each refresh token is spent once (db/concurrency.ts); a second use is theft
    if (known.usedAt || !(await this.limits.refreshRotation.spend(tokenHash))) {
      await this.revokeFamily(known.familyId);
      throw expired();
    }
    await this.models.RefreshToken.updateOne({ _id: known._id }, { $set: { usedAt: now } });
    const user = await this.models.User.findById(known.userId);
    if (!user || user.blockedAt || user.status !== 'active' || (await this.limits.revokedFamilies.spent(known.familyId))) {
      await this.revokeFamily(known.familyId);
      throw expired(user?.blockedAt ? 'blocked' : undefined);
    }
    // a refresh is no new authentication: the family keeps the time and method of its sign-in
    const pair = await this.issue(user, known.familyId, { authTime: known.authTime ?? known.createdAt, acr: known.acr ?? undefined });
    // a reuse that raced this rotation may have revoked the family after our check: look again now
    // that the new token is written (the reuse's revocation sweeps it, or we see its marker here)
    if (await this.limits.revokedFamilies.spent(known.familyId)) {
      await this.revokeFamily(known.familyId);
      throw expired();
    }
    return pair;
  }

  /** Logout: the family of this refresh token ends (idempotent, says nothing about unknown tokens). */
  async logout(refreshToken: string): Promise<void> {
    const known = await this.models.RefreshToken.findOne({ tokenHash: hashToken(refreshToken) }).lean();
    if (known) await this.revokeFamily(known.familyId, 'signed_out');
  }

  async revokeFamily(familyId: string, reason?: SessionEndReason): Promise<void> {
    await this.limits.revokedFamilies.spend(familyId);
    await this.models.RefreshToken.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: new Date(), ...(reason ? { revokedReason: reason } : {}) } });
  }

  /**
   * Every session of the account (but `exceptFamily`); access tokens of a revoked family die at once
   * (the auth strategy checks the family), and callers bump tokenVersion where none may survive.
   */
  async revokeAll(userId: Types.ObjectId | string, exceptFamily?: string, reason?: SessionEndReason): Promise<void> {
    const families: string[] = await this.models.RefreshToken.distinct('familyId', {
      userId,
      revokedAt: null,
      ...(exceptFamily ? { familyId: { $ne: exceptFamily } } : {}),
    });
    for (const familyId of families) await this.limits.revokedFamilies.spend(familyId);
    await this.models.RefreshToken.updateMany(
      { userId, revokedAt: null, ...(exceptFamily ? { familyId: { $ne: exceptFamily } } : {}) },
      { $set: { revokedAt: new Date(), ...(reason ? { revokedReason: reason } : {}) } },
    );
  }

  async isFamilyRevoked(familyId: string): Promise<boolean> {
    const [live, revoked] = await Promise.all([
      this.models.RefreshToken.exists({ familyId, revokedAt: null, expiresAt: { $gt: new Date() } }),
      this.limits.revokedFamilies.spent(familyId),
    ]);
    return !live || revoked;
  }
}
