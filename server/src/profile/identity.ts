import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Joi from 'joi';
import type { IdentityProviderEntry, LoginGovPlEntry, OidcEntry } from './identity-entries.js';

/**
 * The profile's `identityProviders` (API.md §3b) and the secrets that go with them. Secrets never
 * live in the profile (GET /profile partly publishes it): an OIDC client secret comes from
 * OIDC_<ID>_CLIENT_SECRET, the login.gov.pl service provider's key and certificate from the files
 * named by LOGINGOVPL_SP_KEY_FILE and LOGINGOVPL_SP_CERT_FILE.
 */

const localized = Joi.object({
  pl: Joi.string().max(100).required(),
  en: Joi.string().max(100).required(),
  de: Joi.string().max(100).required(),
  uk: Joi.string().max(100),
});
const httpsUrl = (production: boolean) => Joi.string().uri({ scheme: production ? ['https'] : ['https', 'http'] });

const base = {
  id: Joi.string()
    .pattern(/^[a-z0-9][a-z0-9-]{0,31}$/)
    .required()
    .messages({ 'string.pattern.base': 'identityProviders[].id must be 1–32 lower-case letters, digits or "-"' }),
  label: localized.required(),
  purpose: Joi.string().valid('residents', 'staff', 'both').default('residents'),
};

const oidcEntry = Joi.object<OidcEntry>({
  ...base,
  type: Joi.string().valid('oidc').required(),
  issuer: httpsUrl(false).required(),
  clientId: Joi.string().max(200).required(),
  scopes: Joi.array()
    .items(Joi.string().pattern(/^[\x21\x23-\x5B\x5D-\x7E]+$/))
    .default(['openid', 'email', 'profile']),
  roleClaim: Joi.string().max(100),
  roleMap: Joi.object().pattern(Joi.string(), Joi.string().valid('resident', 'staff', 'admin')),
  departmentClaim: Joi.string().max(100),
  departmentMap: Joi.object().pattern(Joi.string(), Joi.string()),
  peselClaim: Joi.string().max(100),
  trustEmail: Joi.boolean().default(false),
});

const logingovplEntry = Joi.object<LoginGovPlEntry>({
  ...base,
  type: Joi.string().valid('logingovpl').required(),
  ssoUrl: httpsUrl(false).required(),
  artifactResolutionUrl: httpsUrl(false).required(),
  idpCertificate: Joi.string()
    .pattern(/-----BEGIN CERTIFICATE-----/)
    .required()
    .messages({ 'string.pattern.base': 'identityProviders[].idpCertificate must be a PEM certificate' }),
  loa: Joi.string().valid('low', 'substantial', 'high').default('substantial'),
  entityId: Joi.string().max(500),
  idpEntityId: Joi.string().max(500),
  sloUrl: httpsUrl(false),
  providerName: Joi.string().max(200),
  authnRequestBinding: Joi.string().valid('redirect', 'post').default('redirect'),
});

export const identityProvidersSchema = Joi.array()
  .items(
    Joi.alternatives().conditional('.type', {
      switch: [
        { is: 'oidc', then: oidcEntry },
        { is: 'logingovpl', then: logingovplEntry },
      ],
      otherwise: Joi.object({ type: Joi.string().valid('oidc', 'logingovpl').required() }).unknown(),
    }),
  )
  .unique('id')
  .default([]);

/** What start-up found in the environment for the providers. */
export interface IdentitySecrets {
  /** OIDC client secrets by provider id. */
  clientSecrets: Record<string, string>;
  spKeyPem?: string;
  spCertPem?: string;
  /** Optional separate pair for decrypting assertions (LOGINGOVPL_SP_ENC_KEY_FILE / LOGINGOVPL_SP_ENC_CERT_FILE). */
  spEncKeyPem?: string;
  spEncCertPem?: string;
  /** Providers left out because their secrets are missing (development only; production refuses to start). */
  disabled: Array<{ id: string; variable: string }>;
}

export const clientSecretVariable = (id: string) => `OIDC_${id.toUpperCase().replace(/-/g, '_')}_CLIENT_SECRET`;

const KEY_PEM = /-----BEGIN (EC |)PRIVATE KEY-----/;
const CERT_PEM = /-----BEGIN CERTIFICATE-----/;

function readPem(variable: string, file: string | undefined, marker: RegExp, problems: string[]): string | undefined {
  if (!file) return undefined;
  try {
    const text = readFileSync(file, 'utf8');
    if (!marker.test(text)) {
      problems.push(`${variable}: ${file} is not a PEM file of the expected kind`);
      return undefined;
    }
    return text;
  } catch (err) {
    problems.push(`${variable}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    return undefined;
  }
}

/**
 * Reads the providers' secrets. A missing secret is a start-up problem in production; in development
 * and tests the provider is left out of /auth/providers (and said so in the log) so that the example
 * profiles run without a city's keys.
 */
export function loadIdentitySecrets(
  entries: IdentityProviderEntry[],
  env: Record<string, string | undefined>,
  production: boolean,
  problems: string[],
): IdentitySecrets {
  const secrets: IdentitySecrets = { clientSecrets: {}, disabled: [] };
  const missing = (id: string, variable: string) => {
    if (production) return problems.push(`${variable}: required by identity provider "${id}"`);
    const off = secrets.disabled.find((d) => d.id === id);
    if (off) off.variable += `, ${variable}`;
    else secrets.disabled.push({ id, variable });
  };
  for (const entry of entries) {
    if (entry.type === 'oidc') {
      const variable = clientSecretVariable(entry.id);
      const value = env[variable];
      if (value) secrets.clientSecrets[entry.id] = value;
      else missing(entry.id, variable);
    }
  }
  if (entries.some((e) => e.type === 'logingovpl')) {
    secrets.spKeyPem = readPem('LOGINGOVPL_SP_KEY_FILE', env.LOGINGOVPL_SP_KEY_FILE, KEY_PEM, problems);
    secrets.spCertPem = readPem('LOGINGOVPL_SP_CERT_FILE', env.LOGINGOVPL_SP_CERT_FILE, CERT_PEM, problems);
    // optional: a separate pair for decrypting assertions (both or neither); otherwise the signing pair decrypts
    if (Boolean(env.LOGINGOVPL_SP_ENC_KEY_FILE) !== Boolean(env.LOGINGOVPL_SP_ENC_CERT_FILE)) {
      problems.push('LOGINGOVPL_SP_ENC_KEY_FILE: set both LOGINGOVPL_SP_ENC_KEY_FILE and LOGINGOVPL_SP_ENC_CERT_FILE, or neither');
    }
    secrets.spEncKeyPem = readPem('LOGINGOVPL_SP_ENC_KEY_FILE', env.LOGINGOVPL_SP_ENC_KEY_FILE, KEY_PEM, problems);
    secrets.spEncCertPem = readPem('LOGINGOVPL_SP_ENC_CERT_FILE', env.LOGINGOVPL_SP_ENC_CERT_FILE, CERT_PEM, problems);
    for (const [variable, value] of [
      ['LOGINGOVPL_SP_KEY_FILE', secrets.spKeyPem],
      ['LOGINGOVPL_SP_CERT_FILE', secrets.spCertPem],
    ] as const) {
      if (!value && !env[variable]) for (const e of entries.filter((x) => x.type === 'logingovpl')) missing(e.id, variable);
    }
  }
  const disabled = new Set(secrets.disabled.map((d) => d.id));
  for (const entry of entries) {
    if (disabled.has(entry.id)) continue;
    // an enabled provider needs what it verifies with; the examples ship a placeholder to replace
    if (entry.type === 'logingovpl' && !isCertificate(entry.idpCertificate)) {
      problems.push(
        `CIVICKIT_CONFIG: identityProviders "${entry.id}": idpCertificate is not a valid X.509 certificate (put the Węzeł's signing certificate from its metadata here)`,
      );
    }
    if (entry.type === 'oidc' && production && !entry.issuer.startsWith('https://')) {
      problems.push(`CIVICKIT_CONFIG: identityProviders "${entry.id}": issuer must be https when NODE_ENV=production`);
    }
  }
  return secrets;
}

/** One or more PEM certificates (the Węzeł's current and next, during a rotation), each a valid X.509 certificate. */
function isCertificate(pem: string): boolean {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  try {
    for (const block of blocks) new X509Certificate(block);
    return blocks.length > 0;
  } catch {
    return false;
  }
}
