import Jwt from '@hapi/jwt';
import type { Plugin } from '@hapi/hapi';
import type { Config } from '../../config.js';
import type { AccountsService } from './service.js';
import type { Credentials } from '../../lib/credentials.js';
import { accountRoutes } from './routes.js';
import { JWT_AUDIENCE, ACCESS_TTL_SEC, type AccessClaims } from './sessions.js';

export type { AccountHooks, AccountsService } from './service.js';
export type { DirectoryEntry, UserDirectory } from './directory.js';

/**
 * Accounts: the `session` auth strategy (access JWTs, HS256 only, iss/aud/exp checked, and the
 * account re-read on each request so blocking, password changes and logouts take effect at once)
 * and the /api/v1/auth and /api/v1/me routes.
 */
export const accountsPlugin: Plugin<{ service: AccountsService; config: Config }> = {
  name: 'civickit-accounts',
  async register(server, { service, config }) {
    await server.register(Jwt);
    server.auth.strategy('session', 'jwt', {
      keys: { key: config.jwtSecret, algorithms: ['HS256'] },
      verify: { aud: JWT_AUDIENCE, iss: config.publicUrl, sub: false, nbf: true, exp: true, maxAgeSec: ACCESS_TTL_SEC, timeSkewSec: 15 },
      validate: async (artifacts: { decoded: { payload: AccessClaims } }) => {
        const { sub, tv, sid } = artifacts.decoded.payload;
        if (typeof sub !== 'string' || !/^[a-f0-9]{24}$/.test(sub)) return { isValid: false };
        const user = await service.models.User.findById(sub, { role: 1, department: 1, tokenVersion: 1, blockedAt: 1, status: 1 }).lean();
        if (!user || user.blockedAt || user.status !== 'active' || (user.tokenVersion ?? 0) !== tv) return { isValid: false };
        if (await service.sessions.isFamilyRevoked(sid)) return { isValid: false };
        const credentials: Credentials = {
          id: sub,
          role: user.role as Credentials['role'],
          department: user.department ?? undefined,
          scope: [user.role ?? 'resident'],
        };
        return { isValid: true, credentials };
      },
    });
    server.route(accountRoutes(service, config));
  },
};
