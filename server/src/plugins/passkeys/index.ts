import Joi from 'joi';
import type { Plugin } from '@hapi/hapi';
import type { Connection } from 'mongoose';
import type { JobRegistry } from '../../housekeeping.js';
import type { RelyingParty } from '../../lib/relying-party.js';
import type { AccountsService } from '../accounts/index.js';
import { passkeyModels } from './model.js';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { invalid } from '../../lib/errors.js';
import { assertion, passkeyRoutes } from './routes.js';
import { PasskeysService } from './service.js';

export { PasskeyList } from './schemas.js';
export type { PasskeysService } from './service.js';

const SWEEP_MS = 60_000;

export interface PasskeysPluginOptions {
  conn: Connection;
  accounts: AccountsService;
  webauthn: RelyingParty;
  dataKey: string;
  trustProxy: number;
  housekeeping: JobRegistry;
}

/**
 * Passkeys (WebAuthn): registration and management under /api/v1/me/passkeys, sign-in under
 * /api/v1/auth/passkey. Hooks into the accounts domain so that export and deletion (the resident's own,
 * and an admin's cascade) cover the passkeys; expired challenges are swept every minute.
 */
export const passkeysPlugin: Plugin<PasskeysPluginOptions> = {
  name: 'civickit-passkeys',
  dependencies: ['civickit-accounts'],
  register(server, options) {
    // checked, not cloned: the plugin works on the app's own services
    Joi.assert(options, Joi.object({ webauthn: Joi.object({ rpId: Joi.string().required() }).unknown(true).required() }).unknown(true));
    const { conn, accounts, webauthn, dataKey, trustProxy, housekeeping } = options;
    const service = new PasskeysService(passkeyModels(conn), accounts, webauthn, dataKey);
    accounts.hooks.onDelete.push((userId) => service.forget(userId));
    accounts.hooks.onExport.push((userId) => service.exportFor(userId));
    accounts.hooks.signInMethods.push({ list: (userId) => service.names(userId), removeAll: (userId) => service.removeAll(userId) });
    // POST /auth/reauthenticate with a passkey: the same assertion shape as POST /auth/passkey
    accounts.hooks.passkeyProof = (response) => {
      const { error, value } = assertion.validate(response);
      if (error) throw invalid({ response: 'invalid' }, 'The passkey answer is not valid');
      return service.prove(value as AuthenticationResponseJSON);
    };
    server.expose('service', service);
    server.route(passkeyRoutes(service, trustProxy));
    housekeeping.register({ name: 'passkey-challenges', everyMs: SWEEP_MS, run: () => service.purgeExpiredChallenges() });
  },
};
