import { createHmac } from 'node:crypto';
import type { Model } from 'mongoose';
import Provider from 'oidc-provider';
import type { Config } from '../../config.js';
import type { SpendOnce } from '../../db/concurrency.js';
import type { OidcClientEntry } from '../../profile/city-op.js';
import type { AccountsService } from '../accounts/index.js';
import { adapterFor, type ArtifactDoc } from './adapter.js';
import { claimsOf } from './claims.js';
import type { Consents } from './consents.js';
import { derivedSecret, signingKeys } from './keys.js';
import { errorPage, logoutPage, loggedOutPage } from './pages.js';
import type { GrantContext, OidcProvider } from './types.js';

/** The sign-in levels a client may ask for with acr_values, weakest first (API.md §8). */
export const ACR_VALUES = ['password', 'passkey', 'low', 'substantial', 'high'] as const;

export interface ProviderParts {
  config: Config;
  accounts: AccountsService;
  artifacts: Model<ArtifactDoc>;
  consumed: SpendOnce;
  consents: Consents;
}

/** oidc-provider's client metadata for a profile entry (every client pairwise, ES256-signed ID tokens). */
export function clientMetadata(entry: OidcClientEntry, secret: string | undefined, issuer: string): Record<string, unknown> {
  const hosts = new Set(entry.redirectUris.map((u) => new URL(u).host));
  return {
    client_id: entry.clientId,
    ...(entry.public ? { token_endpoint_auth_method: 'none' } : { client_secret: secret, token_endpoint_auth_method: 'client_secret_basic' }),
    client_name: entry.name.en,
    redirect_uris: entry.redirectUris,
    post_logout_redirect_uris: entry.postLogoutRedirectUris,
    grant_types: entry.scopes.includes('offline_access') ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    response_types: ['code'],
    scope: entry.scopes.join(' '),
    subject_type: 'pairwise',
    // several redirect hosts need a sector for pairwise subjects; ours is the client itself (pairwiseSub), never fetched
    ...(hosts.size > 1 ? { sector_identifier_uri: `${issuer}/sector/${entry.clientId}` } : {}),
    id_token_signed_response_alg: 'ES256',
    ...(entry.backchannelLogoutUri ? { backchannel_logout_uri: entry.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
  };
}

/**
 * A client's subject for an account: HMAC(DATA_KEY-derived key, clientId:accountId). Keyed by the
 * client, not by its host, so two applications on one host never share a `sub`; stable as long as
 * DATA_KEY is.
 */
export function pairwiseSub(key: string, clientId: string, accountId: string): string {
  return createHmac('sha256', key).update(`${clientId}:${accountId}`).digest('base64url');
}

/** Lifetimes in seconds: short codes and access tokens, refresh tokens as long as CivicKit's own sessions. */
const TTL = {
  AccessToken: 600,
  AuthorizationCode: 60,
  IdToken: 3600,
  Interaction: 3600,
  Grant: 365 * 86_400,
  Session: 14 * 86_400,
  RefreshToken: 30 * 86_400,
};

/** Claims by scope (API.md §8). */
const CLAIMS = {
  acr: null,
  auth_time: null,
  sid: null,
  // acr in every ID token (API.md §8), not only when a client asks with acr_values
  openid: ['sub', 'acr'],
  email: ['email', 'email_verified'],
  profile: ['given_name', 'family_name', 'locale'],
  phone: ['phone_number', 'phone_number_verified'],
  verification: ['pesel_verified', 'unique_person'],
};

export function createProvider({ config, accounts, artifacts, consumed, consents }: ProviderParts): OidcProvider {
  const issuer = `${config.publicUrl}/oidc`;
  const pairwiseKey = derivedSecret(config.dataKey, 'pairwise');
  const entries = new Map(config.profile.oidcClients.map((c) => [c.clientId, c]));
  const provider: OidcProvider = new Provider(issuer, {
    adapter: adapterFor(artifacts, consumed),
    clients: config.profile.oidcClients.map((c) => clientMetadata(c, config.cityOp.clientSecrets[c.clientId], issuer)),
    jwks: signingKeys(config.cityOp.jwks, config.dataDir),
    cookies: { keys: [derivedSecret(config.dataKey, 'cookies')] },
    findAccount: async (_ctx: unknown, sub: string) => {
      const user = /^[a-f0-9]{24}$/.test(sub) ? await accounts.findUser(sub) : null;
      if (!user || user.status !== 'active' || user.blockedAt) return undefined;
      return { accountId: sub, claims: () => claimsOf(user) };
    },
    // oidc-provider normalises what it is given in place: each provider its own copy
    claims: structuredClone(CLAIMS),
    scopes: ['openid', 'offline_access', 'email', 'profile', 'phone', 'verification'],
    acrValues: [...ACR_VALUES],
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: (_ctx: unknown, accountId: string, client: { clientId: string }) => pairwiseSub(pairwiseKey, client.clientId, accountId),
    sectorIdentifierUriValidate: () => false,
    // the contract puts the scopes' claims in the ID token as well as at userinfo
    conformIdTokenClaims: false,
    pkce: { required: (_ctx: unknown, client: { tokenEndpointAuthMethod: string }) => client.tokenEndpointAuthMethod === 'none' },
    responseTypes: ['code'],
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['authorization_code'], response_types: ['code'] },
    enabledJWA: { idTokenSigningAlgValues: ['ES256', 'RS256'] },
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }, code: { scopes: Set<string> }) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    rotateRefreshToken: true,
    loadExistingGrant: (ctx: GrantContext) => existingGrant(ctx, consents, entries),
    clientBasedCORS: (_ctx: unknown, origin: string, client: { redirectUris: string[] }) => client.redirectUris.some((u) => new URL(u).origin === origin),
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/oidc/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: logoutPage, postLogoutSuccessSource: loggedOutPage },
    },
    renderError: errorPage,
    // the provider's only outgoing calls go to addresses the profile lists (back-channel logout; no dynamic
    // registration, no fetched sector or request URIs), which API.md §8 trusts as written, private ones
    // included: without oidc-provider's special-use-IP guard, which would refuse a city intranet app
    fetch: (url: string, options: RequestInit & { dispatcher?: unknown }) => {
      delete options.dispatcher;
      return globalThis.fetch(url, options);
    },
    ttl: { ...TTL },
  });
  // behind a reverse proxy the browser's scheme and host come from X-Forwarded-*
  provider.proxy = config.trustProxy > 0;
  return provider;
}

/**
 * The grant a request may proceed with: this sign-in's, the session's, or the one the resident gave
 * the client before (consent remembered per client); a `trusted` client gets its requested scopes
 * without asking.
 */
async function existingGrant(ctx: GrantContext, consents: Consents, entries: Map<string, OidcClientEntry>) {
  const { provider, session, client } = ctx.oidc;
  const fromFlow = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
  if (fromFlow) {
    const grant = await provider.Grant.find(fromFlow);
    if (grant) return grant;
  }
  const accountId: string | undefined = session.accountId;
  if (!accountId) return undefined;
  const remembered = await consents.find(accountId, client.clientId);
  if (remembered) {
    const grant = await provider.Grant.find(remembered.grantId);
    if (grant) return grant;
  }
  if (!entries.get(client.clientId)?.trusted) return undefined;
  const grant = new provider.Grant({ accountId, clientId: client.clientId });
  const scopes = String(ctx.oidc.params.scope ?? 'openid')
    .split(' ')
    .filter((s: string) => client.scope?.split(' ').includes(s));
  grant.addOIDCScope(scopes.join(' '));
  const grantId = await grant.save();
  await consents.remember(accountId, client.clientId, grantId, scopes);
  return grant;
}
