/**
 * Where a browser may be sent back to after a step the server finished (an external sign-in, an
 * activation): a page the city runs, never anyone's (no open redirect). That is APP_URL's origin, one
 * of CORS_ORIGINS, or the city's own OpenID Provider pages (`PUBLIC_URL/oidc/auth`, which checks the
 * application's redirect URI itself, and `PUBLIC_URL/oidc/interaction/…`, its sign-in page).
 */
import type { Config } from '../config.js';
import type { Localized } from '../profile/language.js';
import { fail } from './errors.js';

type ReturnConfig = Pick<Config, 'appUrl' | 'publicUrl' | 'corsOrigins'> & { profile: Pick<Config['profile'], 'oidcClients'> };

const PROVIDER_PATHS = ['/oidc/auth', '/oidc/interaction/'];

function onProvider(config: ReturnConfig, url: URL): boolean {
  const base = new URL(config.publicUrl);
  if (url.origin !== base.origin) return false;
  const prefix = base.pathname.replace(/\/$/, '');
  return PROVIDER_PATHS.some((p) => (p.endsWith('/') ? url.pathname.startsWith(prefix + p) : url.pathname === prefix + p));
}

/** The checked address (absolute, normalised), or `validation_failed` on `returnTo`; none given: APP_URL. */
export function checkReturnTo(config: ReturnConfig, returnTo: string | undefined): string {
  if (!returnTo) return config.appUrl;
  let url: URL;
  try {
    url = new URL(returnTo);
  } catch {
    throw fail('validation_failed', 'returnTo must be an absolute URL', { fields: { returnTo: 'invalid' } });
  }
  const allowed = new Set([new URL(config.appUrl).origin, ...config.corsOrigins]);
  if ((!allowed.has(url.origin) && !onProvider(config, url)) || url.username || url.password) {
    throw fail('validation_failed', "returnTo must be on APP_URL's origin, one of CORS_ORIGINS or the city's OpenID Provider", {
      fields: { returnTo: 'invalid' },
    });
  }
  return url.href;
}

/** The application's name when `returnTo` is an authorization request of the city's OpenID Provider. */
export function returnToName(config: ReturnConfig, returnTo: string): Localized | undefined {
  const url = new URL(returnTo);
  if (!onProvider(config, url) || !url.pathname.endsWith('/oidc/auth')) return undefined;
  const clientId = url.searchParams.get('client_id');
  return config.profile.oidcClients.find((c) => c.clientId === clientId)?.name;
}
