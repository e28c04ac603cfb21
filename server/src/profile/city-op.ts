import { readFileSync } from 'node:fs';
import Joi from 'joi';

/**
 * The profile's `oidcClients` and `webhooks` (API.md §8) and the secrets that go with them. Secrets
 * never live in the profile: a confidential client's from OIDC_CLIENT_<ID>_SECRET, a webhook's from
 * WEBHOOK_<ID>_SECRET (`whsec_` + base64), the provider's signing keys from the JWKS file named by
 * OIDC_JWKS_FILE (in development, generated into DATA_DIR when that is unset).
 */

export const OIDC_SCOPES = ['openid', 'email', 'profile', 'phone', 'verification', 'offline_access'] as const;
export const WEBHOOK_EVENTS = ['account.deleted', 'account.updated', 'report.created', 'report.status_changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface OidcClientEntry {
  clientId: string;
  name: { pl: string; en: string; de: string; uk: string };
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  public: boolean;
  scopes: string[];
  backchannelLogoutUri?: string;
  trusted: boolean;
}

export interface WebhookEntry {
  id: string;
  url: string;
  events: WebhookEvent[];
  client?: string;
}

const clientName = Joi.string().max(100).required();
// "trusted as written in the profile": any http(s) address, private ones included
const uri = Joi.string().uri({ scheme: ['https', 'http'] });

export const oidcClientsSchema = Joi.array()
  .items(
    Joi.object<OidcClientEntry>({
      clientId: Joi.string()
        .pattern(/^[A-Za-z0-9-]{1,64}$/)
        .required()
        .messages({ 'string.pattern.base': 'oidcClients[].clientId must be letters, digits and "-"' }),
      name: Joi.object({ pl: clientName, en: clientName, de: clientName, uk: clientName }).required(),
      redirectUris: Joi.array().items(uri.required()).min(1).required(),
      postLogoutRedirectUris: Joi.array().items(uri).default([]),
      public: Joi.boolean().default(false),
      scopes: Joi.array()
        .items(Joi.string().valid(...OIDC_SCOPES))
        .unique()
        .default([...OIDC_SCOPES]),
      backchannelLogoutUri: uri,
      trusted: Joi.boolean().default(false),
    }),
  )
  .unique('clientId')
  .default([]);

export const webhooksSchema = Joi.array()
  .items(
    Joi.object<WebhookEntry>({
      id: Joi.string()
        .pattern(/^[A-Za-z0-9-]{1,64}$/)
        .required()
        .messages({ 'string.pattern.base': 'webhooks[].id must be letters, digits and "-"' }),
      url: uri.required(),
      events: Joi.array()
        .items(Joi.string().valid(...WEBHOOK_EVENTS))
        .min(1)
        .unique()
        .required(),
      client: Joi.string(),
    }),
  )
  .unique('id')
  .default([]);

/** The environment variable holding a secret of `id`: upper-cased, `-` as `_`. */
export const oidcClientSecretVariable = (clientId: string) => `OIDC_CLIENT_${clientId.toUpperCase().replace(/-/g, '_')}_SECRET`;
export const webhookSecretVariable = (id: string) => `WEBHOOK_${id.toUpperCase().replace(/-/g, '_')}_SECRET`;

export interface CityOpSecrets {
  clientSecrets: Record<string, string>;
  /** The HMAC key of each webhook: the base64-decoded part after `whsec_`. */
  webhookKeys: Record<string, Buffer>;
  /** Private JWKS from OIDC_JWKS_FILE; unset in development means "generate into DATA_DIR". */
  jwks?: { keys: Array<Record<string, unknown>> };
  /** Seconds between webhook attempts (WEBHOOK_RETRY_SCHEDULE); default the Standard Webhooks schedule. */
  webhookRetrySchedule: number[];
}

/** 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: the Standard Webhooks schedule, 8 attempts over ~27.6 hours. */
export const DEFAULT_WEBHOOK_SCHEDULE = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];

/** Reads and checks the secrets of oidcClients and webhooks; every problem is one line naming its variable. */
export function loadCityOpSecrets(
  profile: { oidcClients: OidcClientEntry[]; webhooks: WebhookEntry[] },
  env: Record<string, string | undefined>,
  production: boolean,
  problems: string[],
): CityOpSecrets {
  const secrets: CityOpSecrets = { clientSecrets: {}, webhookKeys: {}, webhookRetrySchedule: DEFAULT_WEBHOOK_SCHEDULE };
  for (const client of profile.oidcClients) {
    if (client.public) continue;
    const variable = oidcClientSecretVariable(client.clientId);
    const value = env[variable];
    if (!value) problems.push(`${variable}: required by the confidential OIDC client "${client.clientId}"`);
    else if (value.length < 32) problems.push(`${variable}: at least 32 characters`);
    else secrets.clientSecrets[client.clientId] = value;
  }
  const clients = new Set(profile.oidcClients.map((c) => c.clientId));
  for (const hook of profile.webhooks) {
    if (hook.client && !clients.has(hook.client)) problems.push(`CIVICKIT_CONFIG: webhook "${hook.id}" names unknown oidcClients client "${hook.client}"`);
    const variable = webhookSecretVariable(hook.id);
    const value = env[variable];
    const key = /^whsec_[A-Za-z0-9+/]+={0,2}$/.test(value ?? '') ? Buffer.from(value!.slice(6), 'base64') : undefined;
    if (!value) problems.push(`${variable}: required by webhook "${hook.id}"`);
    else if (!key || key.length < 24) problems.push(`${variable}: must be "whsec_" followed by base64 of at least 24 random bytes`);
    else secrets.webhookKeys[hook.id] = key;
  }
  if (env.WEBHOOK_RETRY_SCHEDULE) {
    const parts = env.WEBHOOK_RETRY_SCHEDULE.split(',').map(Number);
    if (parts.some((n) => !Number.isFinite(n) || n <= 0)) problems.push('WEBHOOK_RETRY_SCHEDULE: comma-separated positive seconds, e.g. 5,300,1800');
    else secrets.webhookRetrySchedule = parts;
  }
  if (env.OIDC_JWKS_FILE) secrets.jwks = readJwks(env.OIDC_JWKS_FILE, problems);
  else if (production && profile.oidcClients.length) problems.push('OIDC_JWKS_FILE: required when NODE_ENV=production and the profile has oidcClients');
  return secrets;
}

function readJwks(file: string, problems: string[]): CityOpSecrets['jwks'] {
  try {
    const jwks = JSON.parse(readFileSync(file, 'utf8')) as { keys?: Array<Record<string, unknown>> };
    const keys = jwks.keys ?? [];
    if (!keys.length || keys.some((k) => typeof k.kid !== 'string' || typeof k.d !== 'string' || !['EC', 'RSA'].includes(String(k.kty)))) {
      problems.push('OIDC_JWKS_FILE: must be a JSON Web Key Set of private EC or RSA keys, each with a "kid"');
      return undefined;
    }
    return { keys };
  } catch (err) {
    problems.push(`OIDC_JWKS_FILE: cannot read ${file}: ${(err as Error).message}`);
    return undefined;
  }
}
