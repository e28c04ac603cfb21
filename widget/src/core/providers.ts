import type { ApiClient } from './api.js';
import type { components } from './api-types.js';
import type * as Handoff from './handoff.js';

/** A sign-in provider of the profile (GET /auth/providers): login.gov.pl, a city's staff directory. */
export type IdentityProvider = components['schemas']['IdentityProvider'];

const cache = new Map<string, Promise<IdentityProvider[]>>();
/** The hand-off helpers load with the provider list, not on the first screen (issue 20). */
let handoff: typeof Handoff | undefined;

/** The providers, once per API per page; an API without them (older server) offers none. */
export function loadProviders(api: ApiClient): Promise<IdentityProvider[]> {
  let p = cache.get(api.base);
  if (!p) {
    // the hand-off challenge is ready before any provider button can be pressed
    p = Promise.all([api.request<IdentityProvider[]>('GET', '/auth/providers'), import('./handoff.js').then((h) => (handoff = h).prepareHandoff(api.base))])
      .then(([list]) => list)
      .catch(() => {
        cache.delete(api.base);
        return [];
      });
    cache.set(api.base, p);
  }
  return p;
}

/**
 * Where the browser goes to sign in with a provider. It comes back to this page (without any
 * civic_action left in its address) with `civic_action=signin&code=…`, which any element completes.
 */
export function providerStartUrl(api: ApiClient, id: string): string {
  const back = new URL(location.href);
  for (const k of ['civic_action', 'token', 'id', 'code', 'reason']) back.searchParams.delete(k);
  back.hash = '';
  // loadProviders has run (no button without it), so the hand-off module is here
  const challenge = handoff?.handoffChallenge(api.base) ?? '';
  return `${api.base}/auth/providers/${encodeURIComponent(id)}/start?returnTo=${encodeURIComponent(back.href)}&challenge=${challenge}`;
}
