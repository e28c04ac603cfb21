import type { Config } from '../../config.js';
import { createLoginGovPlDriver } from './logingovpl/index.js';
import { createOidcDriver } from './oidc.js';
import type { DriverContext, DriverFactory, IdentityProviderDriver, IdentityProviderEntry } from './provider.js';

/** Driver factories by profile entry type. login.gov.pl's lives in ./logingovpl/ (its own plugin folder). */
const FACTORIES: { [T in IdentityProviderEntry['type']]?: DriverFactory<Extract<IdentityProviderEntry, { type: T }>> } = {
  oidc: createOidcDriver,
  logingovpl: createLoginGovPlDriver,
};

export interface ProviderHandle {
  entry: IdentityProviderEntry;
  driver: IdentityProviderDriver;
}

/** Where a provider sends the browser back: OIDC to …/callback, SAML (artifact binding) to …/acs. */
export const providerPath = (id: string, leaf: 'callback' | 'acs' | 'metadata.xml' | 'start') => `/api/v1/auth/providers/${encodeURIComponent(id)}/${leaf}`;

/**
 * The profile's providers with their drivers, built once at start. Entries whose secrets are missing
 * (development only: config refuses that in production) are left out and named in the log.
 */
export async function buildProviders(
  config: Config,
  spendOnce: DriverContext['spendOnce'],
  log: (message: string) => void,
): Promise<Map<string, ProviderHandle>> {
  const providers = new Map<string, ProviderHandle>();
  const disabled = new Map(config.identity.disabled.map((d) => [d.id, d.variable]));
  for (const entry of config.profile.identityProviders) {
    if (disabled.has(entry.id)) {
      log(`identity provider "${entry.id}" is off: ${disabled.get(entry.id)} is not set`);
      continue;
    }
    const factory = FACTORIES[entry.type] as DriverFactory<IdentityProviderEntry> | undefined;
    if (!factory) {
      log(`identity provider "${entry.id}" is off: no driver for type "${entry.type}" in this build`);
      continue;
    }
    const ctx: DriverContext = {
      returnUrl: config.publicUrl + providerPath(entry.id, entry.type === 'oidc' ? 'callback' : 'acs'),
      metadataUrl: config.publicUrl + providerPath(entry.id, 'metadata.xml'),
      clientSecret: config.identity.clientSecrets[entry.id],
      spKeyPem: config.identity.spKeyPem,
      spCertPem: config.identity.spCertPem,
      spEncKeyPem: config.identity.spEncKeyPem,
      spEncCertPem: config.identity.spEncCertPem,
      clockSkewSeconds: 180,
      spendOnce,
    };
    providers.set(entry.id, { entry, driver: await factory(entry, ctx) });
  }
  return providers;
}
