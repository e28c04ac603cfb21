import Joi from 'joi';
import type { ServerRoute, Request } from '@hapi/hapi';
import { responses, BODY_ERRORS } from '../../lib/responses.js';
import { objectId, token } from '../../lib/validation.js';
import { clientIp } from '../../lib/client-ip.js';
import { fail } from '../../lib/errors.js';
import { assertRecentAuth, userId, type Credentials } from '../../lib/credentials.js';
import { SignedIn } from '../accounts/index.js';
import type { IdentityService } from './service.js';
import type { ProviderHandle } from './registry.js';
import { LinkStart, LinkedIdentities, ProviderList, REDIRECT } from './schemas.js';
import { postBindingPage } from './post-binding.js';

const tags = (...t: string[]) => ['api', ...t];
const auth = { strategy: 'session' };
const providerId = Joi.object({
  id: Joi.string()
    .pattern(/^[a-z0-9][a-z0-9-]{0,31}$/)
    .required(),
});
/** The page's hand-off challenge: base64url SHA-256 of its verifier (API.md §3b "Hand-off binding"). */
const challenge = () =>
  Joi.string()
    .length(43)
    .pattern(/^[A-Za-z0-9_-]+$/);
/** The verifier: RFC 7636's code_verifier alphabet and length. */
const verifier = () =>
  Joi.string()
    .min(43)
    .max(128)
    .pattern(/^[A-Za-z0-9._~-]+$/);

/** What providers send back: a handful of short parameters (code, state, iss / SAMLart, RelayState, error). */
const returnParams = Joi.object()
  .pattern(/^[A-Za-z_]{1,40}$/, Joi.string().max(8192).allow(''))
  .max(20);

export function identityRoutes(service: IdentityService, providers: Map<string, ProviderHandle>, trustProxy = 0): ServerRoute[] {
  return [...signInRoutes(service, providers, trustProxy), ...linkedIdentityRoutes(service)];
}

/** Signing in through a provider: the list, the start, the provider's return (GET or POST), SAML metadata and the hand-off. */
// eslint-disable-next-line max-lines-per-function -- a route table, one declarative object per route: long by nature, read route by route
function signInRoutes(service: IdentityService, providers: Map<string, ProviderHandle>, trustProxy: number): ServerRoute[] {
  const finish = async (request: Request, h: { redirect(url: string): unknown }) => {
    const { id } = request.params as { id: string };
    const payload = request.payload && typeof request.payload === 'object' ? (request.payload as Record<string, string>) : undefined;
    return h.redirect(await service.finish(id, request.query as Record<string, string>, payload));
  };
  return [
    {
      method: 'GET',
      path: '/api/v1/auth/providers',
      options: {
        tags: tags('auth'),
        description: 'The sign-in providers of the profile (login.gov.pl, the city’s staff directory)',
        cache: { expiresIn: 300_000, privacy: 'public' },
        ...responses({ 200: ProviderList }, [503]),
        handler: () => service.list(),
      },
    },
    {
      method: 'GET',
      path: '/api/v1/auth/providers/{id}/start',
      options: {
        tags: tags('auth'),
        description: 'Start signing in with a provider: 302 to the provider',
        notes:
          'returnTo (default APP_URL) must be on APP_URL’s origin or one of CORS_ORIGINS; the provider’s answer comes back to it as civic_action=signin&code=… or civic_action=signin_error&reason=….',
        // an address as browsers send it (printable ASCII, percent-encoded): a request line within every server's limits
        validate: {
          params: providerId,
          query: Joi.object({
            returnTo: Joi.string()
              .max(1000)
              .pattern(/^[\x21-\x7E]+$/),
            challenge: challenge().required(),
            link: token(),
          }),
        },
        ...responses(
          {
            302: REDIRECT,
            200: { description: 'login.gov.pl with authnRequestBinding "post": a page that posts the signed AuthnRequest to the Węzeł (text/html)' },
          },
          [400, 404, 503],
          { produces: ['application/json', 'text/html'] },
        ),
        handler: async (request, h) => {
          const query = request.query as { returnTo?: string; challenge: string; link?: string };
          const started = await service.start((request.params as { id: string }).id, query.returnTo, {
            challenge: query.challenge,
            linkTicket: query.link,
            clientIp: clientIp(request, trustProxy),
          });
          if (!started.form) return h.redirect(started.redirectUrl);
          const page = postBindingPage(started.form);
          return h.response(page.html).type('text/html; charset=utf-8').header('content-security-policy', page.csp);
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/auth/providers/{id}/callback',
      options: {
        tags: tags('auth'),
        description: 'OpenID Connect redirect URI: 302 to the page with civic_action=signin&code=… or signin_error&reason=…',
        validate: { params: providerId, query: returnParams },
        ...responses({ 302: REDIRECT }, [400]),
        handler: finish,
      },
    },
    ...(['GET', 'POST'] as const).map((method): ServerRoute => ({
      method,
      path: '/api/v1/auth/providers/{id}/acs',
      options: {
        tags: tags('auth'),
        description: `SAML assertion consumer service (login.gov.pl, artifact binding, ${method}): 302 to the page with civic_action=signin&code=… or signin_error&reason=…`,
        validate: { params: providerId, query: returnParams, ...(method === 'POST' ? { payload: returnParams.allow(null) } : {}) },
        ...(method === 'POST' ? { payload: { allow: ['application/x-www-form-urlencoded'], maxBytes: 64 * 1024 } } : {}),
        ...responses({ 302: REDIRECT }, [400, 413, 415]),
        handler: finish,
      },
    })),
    {
      method: 'GET',
      path: '/api/v1/auth/providers/{id}/metadata.xml',
      options: {
        tags: tags('auth'),
        description: 'SAML service-provider metadata (login.gov.pl)',
        validate: { params: providerId },
        ...responses({ 200: { description: 'SAML 2.0 metadata (application/samlmetadata+xml)' } }, [400, 404], {
          produces: ['application/samlmetadata+xml', 'application/json'],
        }),
        handler: (request, h) => {
          const handle = providers.get((request.params as { id: string }).id);
          const xml = handle?.driver.metadata?.();
          if (!xml) throw fail('not_found', 'No SAML metadata for this provider');
          return h.response(xml).type('application/samlmetadata+xml');
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/providers/exchange',
      options: {
        tags: tags('auth'),
        description: 'Exchange the one-time sign-in code from the return URL for a session (single use, ≤ 60 s, with the page’s verifier)',
        notes:
          'The verifier is the one whose SHA-256 the page gave as `challenge` at start; a wrong or missing verifier burns the code (400 invalid_token). With purpose "reauthenticate" and the session’s bearer token, the code must prove the signed-in account, whose session gets a fresh authentication time.',
        auth: { strategy: 'session', mode: 'try' },
        validate: {
          payload: Joi.object({ code: token().required(), verifier: verifier(), purpose: Joi.string().valid('signin', 'reauthenticate') }),
        },
        ...responses({ 200: SignedIn }, [...BODY_ERRORS, 401, 403]),
        handler: (request) => {
          const body = request.payload as { code: string; verifier?: string; purpose?: 'signin' | 'reauthenticate' };
          const credentials = request.auth.isAuthenticated ? (request.auth.credentials as unknown as Credentials) : undefined;
          return service.exchange(body, credentials && { userId: credentials.id, sessionId: sessionOf(request) });
        },
      },
    },
  ];
}

/** The refresh family (one sign-in) of the request's access token. */
const sessionOf = (request: Request) => (request.auth.artifacts as { decoded?: { payload?: { sid?: string } } }).decoded?.payload?.sid;

/** The resident's linked identities. */
function linkedIdentityRoutes(service: IdentityService): ServerRoute[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/me/identities/link',
      options: {
        tags: tags('me'),
        description: 'Link a provider to the signed-in account: returns the start address to send the browser to',
        notes:
          'Needs a recent authentication (401 reauthentication_required). The provider’s sign-in then links to this account, unless its identity or PESEL already belongs to another verified account (civic_action=signin_error&reason=already_linked).',
        auth,
        validate: {
          payload: Joi.object({
            provider: providerId.extract('id'),
            challenge: challenge().required(),
            returnTo: Joi.string()
              .max(1000)
              .pattern(/^[\x21-\x7E]+$/),
          }),
        },
        ...responses({ 200: LinkStart }, [...BODY_ERRORS, 401, 404]),
        handler: (request) => {
          assertRecentAuth(request);
          const body = request.payload as { provider: string; challenge: string; returnTo?: string };
          return service.linkStart(userId(request), body.provider, body.challenge, body.returnTo);
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/me/identities',
      options: {
        tags: tags('me'),
        description: 'Identities linked to the account (provider, loa, verifiedAt)',
        auth,
        ...responses({ 200: LinkedIdentities }, [401, 503]),
        handler: (request) => service.identities(userId(request)),
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/me/identities/{id}',
      options: {
        tags: tags('me'),
        description: 'Unlink an identity (refused with 409 when it is the only way to sign in)',
        auth,
        validate: { params: Joi.object({ id: objectId().required() }) },
        ...responses({ 204: null }, [400, 401, 404, 409, 503]),
        handler: async (request, h) => {
          assertRecentAuth(request);
          await service.unlink(userId(request), (request.params as { id: string }).id);
          return h.response().code(204);
        },
      },
    },
  ];
}
