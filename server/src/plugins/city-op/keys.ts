import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Jwks {
  keys: Array<Record<string, unknown>>;
}

/**
 * The provider's signing keys. Production reads them from OIDC_JWKS_FILE (config.cityOp.jwks);
 * development generates one ES256 key into DATA_DIR once, so ID tokens verify across restarts.
 * oidc-provider publishes every key of the set and signs with the first one of each algorithm:
 * rotation is "append the new key (published, not yet signing), wait for relying parties' JWKS
 * caches, move it first (signing), remove the old one once its tokens have expired"
 * (docs/connect-applications.md).
 */
export function signingKeys(configured: Jwks | undefined, dataDir: string): Jwks {
  if (configured) return configured;
  const file = path.join(dataDir, 'oidc-jwks.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Jwks;
  mkdirSync(dataDir, { recursive: true });
  const jwks = { keys: [generateSigningKey()] };
  writeFileSync(file, JSON.stringify(jwks, null, 2), { mode: 0o600 });
  return jwks;
}

/** A new ES256 private JWK with a kid (also the CLI-less way to make a production key: see the docs). */
export function generateSigningKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
  const kid = createHash('sha256').update(String(jwk.x)).update(String(jwk.y)).digest('base64url').slice(0, 16);
  return { ...jwk, kid, alg: 'ES256', use: 'sig' };
}

/**
 * The server secrets the provider derives from DATA_KEY: cookie signing keys and the pairwise
 * subject key. Derived rather than stored, so every node of a city computes the same values.
 */
export function derivedSecret(dataKey: string, purpose: string): string {
  return createHash('sha256').update(`civickit-city-op:${purpose}:`).update(dataKey).digest('base64url');
}

export const randomSecret = () => randomBytes(32).toString('base64url');
