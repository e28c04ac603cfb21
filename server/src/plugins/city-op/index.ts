import type { Plugin } from '@hapi/hapi';
import type { Connection } from 'mongoose';
import type { Config } from '../../config.js';
import { concurrencyFor } from '../../db/concurrency.js';
import type { JobRegistry } from '../../housekeeping.js';
import type { AccountsService } from '../accounts/index.js';
import { artifactModel, purgeExpired } from './adapter.js';
import { consentModel, Consents } from './consents.js';
import { createProvider } from './provider.js';
import { cityOpRoutes } from './routes.js';
import { CityOpService } from './service.js';

// The city's OpenID Provider (API.md §8): its face for the wiring and for other domains (webhooks
// name accounts by their pairwise sub at a client, and only to clients the account used).
export type { CityOpService, SignInProof } from './service.js';
export { pairwiseSub } from './provider.js';
export { generateSigningKey } from './keys.js';

export type { CityOpFace } from './types.js';

/**
 * Builds the provider on a connection: oidc-provider with our adapter, the consents, the account
 * deletion hook (every grant and token ends) and the purge of expired artifacts on the schedule.
 */
export function createCityOp(conn: Connection, config: Config, accounts: AccountsService, housekeeping: JobRegistry): CityOpService {
  const artifacts = artifactModel(conn);
  // redeeming a code and rotating a refresh token: once, on every node (the adapter's consume)
  const consumed = concurrencyFor(conn).once({ name: 'oidc-consume', ttlMs: 31 * 86_400_000 });
  const consents = new Consents(consentModel(conn));
  const provider = createProvider({ config, accounts, artifacts, consumed, consents });
  const service = new CityOpService(provider, config, artifacts, consumed, consents);
  accounts.hooks.onDelete.push((userId) => service.eraseFor(userId));
  housekeeping.register({ name: 'oidc-artifacts-purge', everyMs: 10 * 60_000, run: () => purgeExpired(artifacts) });
  return service;
}

/** The provider under /oidc, its sign-in and consent pages, and the resident's connected applications. */
export const cityOpPlugin: Plugin<{ service: CityOpService; config: Config }> = {
  name: 'civickit-city-op',
  dependencies: ['civickit-accounts'],
  register(server, { service, config }) {
    server.route(cityOpRoutes(service, config.publicUrl));
  },
};
