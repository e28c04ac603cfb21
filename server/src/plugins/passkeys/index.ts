import Joi from 'joi';
import type { Plugin } from '@hapi/hapi';
import type { App } from '../../app.js';
import { passkeyModels } from './model.js';
import { passkeyRoutes } from './routes.js';
import { PasskeysService } from './service.js';

const SWEEP_MS = 60_000;

/**
 * Passkeys (WebAuthn): registration and management under /api/v1/me/passkeys, sign-in under
 * /api/v1/auth/passkey. Hooks into the accounts domain so that export and deletion (the resident's own,
 * and an admin's cascade) cover the passkeys; expired challenges are swept every minute.
 */
export const passkeysPlugin: Plugin<{ app: App }> = {
  name: 'civickit-passkeys',
  dependencies: ['civickit-accounts'],
  register(server, options) {
    // checked, not cloned: the plugin works on the app's own services
    Joi.assert(
      options,
      Joi.object({
        app: Joi.object({ config: Joi.object({ webauthn: Joi.object({ rpId: Joi.string().required() }).unknown(true).required() }).unknown(true) })
          .unknown(true)
          .required(),
      }),
    );
    const { app } = options;
    const service = new PasskeysService(passkeyModels(app.conn), app.accounts, app.config.webauthn, app.config.dataKey);
    app.accounts.hooks.onDelete.push((userId) => service.forget(userId));
    app.accounts.hooks.onExport.push((userId) => service.exportFor(userId));
    server.expose('service', service);
    server.route(passkeyRoutes(service, app.config.trustProxy));

    let timer: NodeJS.Timeout | undefined;
    const sweep = () =>
      service.purgeExpiredChallenges().catch((err: Error) => server.log(['passkeys', 'warn'], { msg: 'passkey challenge sweep failed', error: err.message }));
    server.ext('onPreStart', () => {
      timer = setInterval(sweep, SWEEP_MS);
      timer.unref();
    });
    server.ext('onPreStop', () => clearInterval(timer));
  },
};
