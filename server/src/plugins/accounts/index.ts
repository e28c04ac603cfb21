import Jwt from '@hapi/jwt';
import type { Plugin } from '@hapi/hapi';
import type { Config } from '../../config.js';
import type { Connection, Types } from 'mongoose';
import type { JobRegistry } from '../../housekeeping.js';
import type { Credentials } from '../../lib/credentials.js';
import type { PasswordHasher } from '../../lib/passwords.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { AccountAdministration } from './administration.js';
import type { UserDirectory } from './directory.js';
import type { AccountLimits } from './limits.js';
import { accountModels, type UserDoc } from './model.js';
import { accountRoutes } from './routes.js';
import { AccountsService as Accounts, type AccountHooks, type DeleteMode } from './service.js';
import { JWT_AUDIENCE, ACCESS_TTL_SEC, type AccessClaims } from './sessions.js';
import type { ThrottleKeys } from './throttle.js';
import type { VerifiedAccounts } from './verified.js';

// The accounts domain's face: what other domains may call and the data types they need. Nothing
// outside plugins/accounts imports another file of it (.dependency-cruiser.cjs, domain-through-its-face).
export { ROLES, normalizeEmail, toProfile, type Role, type UserDoc, type UserFields } from './model.js';
export { normalizePhone } from './verification.js';
export { Profile, SignedIn } from './schemas.js';
export type { AccountHooks, DeleteMode, SignInMethod, SignInMethodSource } from './service.js';
export type { AccountAdministration, ActiveAccountInput, ImportOutcome } from './administration.js';
export type { AccountEvidence, NewVerifiedAccount, VerifiedAccounts, VerifiedMark } from './verified.js';
export type { DirectoryEntry, ReporterContact, UserDirectory } from './directory.js';

/** What other domains may ask of the accounts domain (the App holds the whole service). */
export interface AccountsService {
  /** Other domains plug into deletion, export and password sign-in here. */
  readonly hooks: AccountHooks;
  /** The account side of external identities (plugins/identity). */
  readonly verified: VerifiedAccounts;
  /** Operators' operations (plugins/admin, the CLI). */
  readonly administration: AccountAdministration;
  /** Read-only look-ups of accounts for notifications (a report author's email and locale, a department's staff). */
  readonly directory: UserDirectory;
  /** The per-client sign-in failure budget, shared by every sign-in method. */
  readonly limits: Pick<AccountLimits, 'loginClient'>;
  throttleKeys(email: string, clientIp: string): ThrottleKeys;
  /** The signed-in account; 401 when it is gone. */
  getUser(id: string): Promise<UserDoc>;
  findUser(id: Types.ObjectId | string): Promise<UserDoc | null>;
  /** The login response for an account whose owner proved themselves another way (a passkey). */
  signInVerified(user: UserDoc): ReturnType<Accounts['signInVerified']>;
  /** Emails the account's owner of a change to how the account is reached (template of mail/security-templates.ts). */
  announce(userId: string, template: string, vars?: Record<string, string | Partial<Record<string, string>>>): Promise<void>;
  /** Sessions first, then every domain's onDelete hook, then the account. */
  erase(user: UserDoc, mode: DeleteMode): Promise<void>;
}

/** The whole accounts service, internals included: only the app's wiring (app.ts) and the tests hold it. */
export type AccountsDomain = Accounts;

/** Builds the accounts domain on a connection (shared by the server and the CLI) and puts its upkeep on the schedule. */
export function createAccounts(conn: Connection, config: Config, hasher: PasswordHasher, outbox: Outbox, housekeeping: JobRegistry): AccountsDomain {
  const accounts = new Accounts(accountModels(conn), config, hasher, outbox);
  // finishes activation emails a crash interrupted: at start, then every minute
  housekeeping.register({ name: 'accounts-pending-mail', everyMs: 60_000, firstAfterMs: 0, run: () => accounts.sweepPendingMail() });
  // the email map of engines without field indexes (emails.ts): built at start, kept whole every five minutes
  housekeeping.register({ name: 'accounts-email-map', everyMs: 300_000, firstAfterMs: 0, run: () => accounts.emails.sweep() });
  return accounts;
}

/**
 * Accounts: the `session` auth strategy (access JWTs, HS256 only, iss/aud/exp checked, and the
 * account re-read on each request so blocking, password changes and logouts take effect at once)
 * and the /api/v1/auth and /api/v1/me routes.
 */
export const accountsPlugin: Plugin<{ service: Accounts; config: Config }> = {
  name: 'civickit-accounts',
  async register(server, { service, config }) {
    await server.register(Jwt);
    server.auth.strategy('session', 'jwt', {
      keys: { key: config.jwtSecret, algorithms: ['HS256'] },
      verify: { aud: JWT_AUDIENCE, iss: config.publicUrl, sub: false, nbf: true, exp: true, maxAgeSec: ACCESS_TTL_SEC, timeSkewSec: 15 },
      validate: async (artifacts: { decoded: { payload: AccessClaims } }) => {
        const { sub, tv, sid, auth_time: authTime, acr, iat } = artifacts.decoded.payload as AccessClaims & { iat?: number };
        if (typeof sub !== 'string' || !/^[a-f0-9]{24}$/.test(sub)) return { isValid: false };
        const user = await service.models.User.findById(sub, { role: 1, department: 1, tokenVersion: 1, blockedAt: 1, status: 1 }).lean();
        if (!user || user.blockedAt || user.status !== 'active' || (user.tokenVersion ?? 0) !== tv) return { isValid: false };
        if (await service.sessions.isFamilyRevoked(sid)) return { isValid: false };
        const credentials: Credentials = {
          id: sub,
          role: user.role as Credentials['role'],
          department: user.department ?? undefined,
          scope: [user.role ?? 'resident'],
          // tokens from before auth_time was carried count from their issue: never more recent than they are
          authTime: (typeof authTime === 'number' ? authTime : (iat ?? 0)) * 1000,
          acr: typeof acr === 'string' ? acr : undefined,
          recentAuthMs: config.profile.limits.recentAuthSeconds * 1000,
        };
        return { isValid: true, credentials };
      },
    });
    server.route(accountRoutes(service, config));
  },
};
