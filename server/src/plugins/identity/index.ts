import { concurrencyFor } from '../../db/concurrency.js';
import type { Plugin } from '@hapi/hapi';
import type { Connection } from 'mongoose';
import type { Config } from '../../config.js';
import { fail } from '../../lib/errors.js';
import type { JobRegistry } from '../../housekeeping.js';
import type { AccountsService } from '../accounts/index.js';
import { identityModels } from './model.js';
import { buildProviders } from './registry.js';
import { identityRoutes } from './routes.js';
import { IdentityService } from './service.js';

export { LinkedIdentities } from './schemas.js';
export type { IdentityService } from './service.js';

export interface IdentityPluginOptions {
  conn: Connection;
  accounts: AccountsService;
  config: Config;
  housekeeping: JobRegistry;
}

/**
 * External identity (API.md §3b): the profile's providers (login.gov.pl, OpenID Connect), the
 * sign-in flows and hand-off, linked identities, and the profile's sign-in policies:
 * `staffSignIn.requireSso` (staff and admins may not use a password) and
 * `registration.requireVerifiedIdentity` (residents come in through a verified identity only).
 */
export const identityPlugin: Plugin<IdentityPluginOptions> = {
  name: 'civickit-identity',
  dependencies: ['civickit-accounts'],
  async register(server, { conn, accounts, config, housekeeping }) {
    const log = (message: string) => server.log(['identity'], message);
    const models = identityModels(conn);
    // "only once" decisions (flow state, sign-in codes, the drivers' replay checks): spend-once of the concurrency layer
    const once = concurrencyFor(conn).once({ name: 'identity', ttlMs: 24 * 3_600_000 });
    const spendOnce = (key: string) => once.spend(key);
    const providers = await buildProviders(config, spendOnce, log);
    const service = new IdentityService(models, accounts, config, providers, log, spendOnce);
    server.expose('service', service);

    accounts.hooks.onExport.push((userId) => service.exportFor(userId));
    accounts.hooks.onDelete.push((userId) => service.eraseFor(userId));
    accounts.hooks.signInMethods.push({ list: (userId) => service.methodNames(userId), removeAll: (userId) => service.removeAllFor(userId) });
    accounts.hooks.signInPolicies.push((user, method) => {
      const role = user.role ?? 'resident';
      // API.md §3b: staff and admins sign in only through a provider whose purpose is `staff`, whatever the route
      const staffDirectory = method.kind === 'provider' && method.purpose === 'staff';
      if (config.profile.staffSignIn.requireSso && role !== 'resident' && !staffDirectory) {
        throw fail('sso_required', 'Staff sign in through the city’s single sign-on, not with a password, a passkey or a residents’ provider');
      }
      if (config.profile.registration.requireVerifiedIdentity && role === 'resident' && !user.verifiedIdentity && method.kind === 'password') {
        throw fail('verified_identity_required', 'Sign in with login.gov.pl once to confirm your identity');
      }
    });
    if (config.profile.registration.requireVerifiedIdentity) {
      // residents come in through a verified identity; the register route stays (documented) but refuses
      server.ext('onPreAuth', (request, h) => {
        if (request.method === 'post' && request.path === '/api/v1/auth/register') {
          throw fail('verified_identity_required', 'This city registers residents through login.gov.pl: sign in with it instead');
        }
        return h.continue;
      });
    }

    server.route(identityRoutes(service, providers, config.trustProxy));

    housekeeping.register({ name: 'identity-flows', everyMs: 60_000, run: () => service.purgeExpired() });
  },
};
