import Joi from 'joi';
import type { Request, ResponseToolkit, ServerRoute } from '@hapi/hapi';
import { BODY_ERRORS, isoTime, responses } from '../../lib/responses.js';
import { userId, type Credentials } from '../../lib/credentials.js';
import { ASSETS } from './assets.js';
import { consentPage, errorPage, loginPage, PAGE_CSP } from './pages.js';
import type { CityOpService, SignInProof } from './service.js';
import { pageLanguage } from './texts.js';

const auth = { strategy: 'session' };
const tags = (...t: string[]) => ['api', ...t];
const FORM = { allow: ['application/x-www-form-urlencoded'] };
const uidParam = {
  params: Joi.object({
    uid: Joi.string()
      .pattern(/^[A-Za-z0-9_-]{1,64}$/)
      .required(),
  }),
};

const Application = Joi.object({
  clientId: Joi.string().required(),
  name: Joi.object({ pl: Joi.string(), en: Joi.string(), de: Joi.string(), uk: Joi.string() }).required(),
  scopes: Joi.array().items(Joi.string()).required(),
  connectedAt: isoTime().required(),
  lastUsedAt: isoTime().required(),
}).label('ConnectedApplication');

/** How the widget's session signed in, as the ID token's acr says it (API.md §8): a login.gov.pl level, else passkey or password. */
function proofOf(request: Request): SignInProof {
  const { acr, authTime } = request.auth.credentials as unknown as Credentials;
  const known = ['low', 'substantial', 'high', 'passkey'] as const;
  return {
    accountId: userId(request),
    acr: known.find((k) => k === acr) ?? 'password',
    authTime: Math.floor((authTime ?? Date.now()) / 1000),
  };
}

/** An interaction the browser no longer holds (expired, another browser): the provider's error page, in the resident's language. */
async function pageFor(request: Request, h: ResponseToolkit, run: () => Promise<string>) {
  try {
    return h.redirect(await run()).code(303);
  } catch (err) {
    if ((err as { isBoom?: boolean }).isBoom) throw err;
    const name = (err as { name?: string }).name ?? '';
    if (!['SessionNotFound', 'InvalidRequest', 'AccessDenied'].includes(name)) throw err;
    return errorResponse(request, h, name);
  }
}

/**
 * The application's authorization request again: where an activation begun on this page leads back
 * (a new interaction with the same state, nonce and PKCE challenge, which the application still holds).
 */
function authorizationUrl(publicUrl: string, params: Record<string, unknown>): string {
  const url = new URL(`${publicUrl}/oidc/auth`);
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string' && v) url.searchParams.set(k, v);
  return url.href;
}

function errorResponse(request: Request, h: ResponseToolkit, error: string) {
  const ctx = { type: '', body: '', set: () => {}, get: (n: string) => String(request.headers[n] ?? '') };
  void errorPage(ctx, { error: error.replace(/[A-Z]/g, (c, i: number) => (i ? '_' : '') + c.toLowerCase()) });
  return h.response(ctx.body).type('text/html').header('content-security-policy', PAGE_CSP).code(400);
}

const PROVIDER_ROUTE = {
  description: 'The OpenID Provider (oidc-provider): discovery, JWKS, authorization, token, userinfo, logout',
  // oidc-provider answers CORS per client itself (clientBasedCORS)
  cors: false,
} as const;

/** Hands the raw request to oidc-provider with the mount path stripped (it reads originalUrl to build its URLs). */
const mount = (service: CityOpService) => (request: Request, h: ResponseToolkit) => {
  const req = request.raw.req as typeof request.raw.req & { originalUrl?: string };
  req.originalUrl = req.url;
  req.url = req.url!.slice('/oidc'.length) || '/';
  service.callback(req, request.raw.res);
  return h.abandon;
};

export function cityOpRoutes(service: CityOpService, publicUrl: string): ServerRoute[] {
  return [...pageRoutes(service, publicUrl), ...apiRoutes(service)];
}

// eslint-disable-next-line max-lines-per-function -- a route table, one declarative object per route
function pageRoutes(service: CityOpService, publicUrl: string): ServerRoute[] {
  const raw = (request: Request) => ({ req: request.raw.req, res: request.raw.res });
  return [
    {
      method: 'GET',
      path: '/oidc/interaction/{uid}',
      options: {
        description: 'The OpenID Provider’s sign-in or consent page for one authorization request',
        validate: uidParam,
        handler: async (request, h) => {
          let details: { uid: string; params: Record<string, string | undefined>; prompt: { name: string; details?: Record<string, unknown> } };
          try {
            details = await service.provider.interactionDetails(request.raw.req, request.raw.res);
          } catch (err) {
            return errorResponse(request, h, (err as Error).name);
          }
          const lang = pageLanguage(details.params.ui_locales, String(request.headers['accept-language'] ?? ''));
          const entry = service.clientEntry(String(details.params.client_id));
          const view = {
            lang,
            uid: details.uid,
            clientName: entry?.name[lang] ?? String(details.params.client_id),
            publicUrl,
            prompt: details.prompt.name as 'login' | 'consent',
            scopes: (details.prompt.details?.missingOIDCScope as string[] | undefined) ?? [],
            stronger: /\b(substantial|high)\b/.test(String(details.params.acr_values ?? '')),
            returnTo: authorizationUrl(publicUrl, details.params),
          };
          // consent asked again (prompt=consent, as OpenID Connect wants for offline_access) for nothing new: remembered, no page
          const missing = details.prompt.details ?? {};
          if (view.prompt === 'consent' && !view.scopes.length && !(missing.missingOIDCClaims as string[] | undefined)?.length) {
            return pageFor(request, h, () => service.finishConsent(raw(request), 'allow'));
          }
          const html = view.prompt === 'consent' ? consentPage(view) : loginPage(view);
          return h.response(html).type('text/html').header('content-security-policy', PAGE_CSP).header('cache-control', 'no-store');
        },
      },
    },
    {
      method: 'POST',
      path: '/oidc/interaction/{uid}/login',
      options: {
        description: 'Finishes the sign-in step with a hand-off code from POST /api/v1/oidc/handoff',
        payload: FORM,
        validate: { ...uidParam, payload: Joi.object({ code: Joi.string().max(100).required() }) },
        handler: (request, h) => pageFor(request, h, () => service.finishLogin(raw(request), (request.payload as { code: string }).code)),
      },
    },
    {
      method: 'POST',
      path: '/oidc/interaction/{uid}/consent',
      options: {
        description: 'The resident’s answer on the consent page',
        payload: FORM,
        validate: { ...uidParam, payload: Joi.object({ decision: Joi.string().valid('allow', 'deny').required() }) },
        handler: (request, h) => pageFor(request, h, () => service.finishConsent(raw(request), (request.payload as { decision: 'allow' | 'deny' }).decision)),
      },
    },
    {
      method: 'GET',
      path: '/oidc/interaction-assets/{file}',
      options: {
        description: 'The provider pages’ script and style',
        handler: (request, h) => {
          const asset = ASSETS[request.params.file as string];
          if (!asset) return h.response('Not found').type('text/plain').code(404);
          return h.response(asset.body).type(asset.type).header('cache-control', 'public, max-age=300');
        },
      },
    },
    // oidc-provider is a Koa app: it gets the raw request under its issuer path (/oidc) and answers it
    // itself; named methods, because a '*' route loses to the demo site's GET /{file*}
    { method: ['GET', 'OPTIONS'], path: '/oidc/{path*}', options: { ...PROVIDER_ROUTE, handler: mount(service) } },
    {
      method: 'POST',
      path: '/oidc/{path*}',
      options: {
        ...PROVIDER_ROUTE,
        payload: { output: 'stream', parse: false, allow: ['application/x-www-form-urlencoded', 'application/json', 'application/jwt', 'text/plain'] },
        handler: mount(service),
      },
    },
  ];
}

function apiRoutes(service: CityOpService): ServerRoute[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/oidc/handoff',
      options: {
        tags: tags('oidc'),
        description: 'A one-time code (60 s) binding this signed-in session to one OpenID Provider sign-in page (used by its script)',
        auth,
        validate: {
          payload: Joi.object({
            uid: Joi.string()
              .pattern(/^[A-Za-z0-9_-]{1,64}$/)
              .required(),
          }),
        },
        ...responses({ 200: Joi.object({ code: Joi.string().required() }).label('OidcHandoff') }, [...BODY_ERRORS, 401]),
        handler: async (request) => ({ code: await service.startHandoff((request.payload as { uid: string }).uid, proofOf(request)) }),
      },
    },
    {
      method: 'GET',
      path: '/api/v1/me/applications',
      options: {
        tags: tags('me', 'oidc'),
        description: 'The city applications the resident signed in to through CivicKit, with what each was allowed',
        auth,
        ...responses({ 200: Joi.array().items(Application).label('ConnectedApplications') }, [401, 503]),
        handler: (request) => service.applications(userId(request)),
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/me/applications/{clientId}',
      options: {
        tags: tags('me', 'oidc'),
        description: 'Disconnect an application: its grant, codes and tokens end; the next sign-in asks again',
        auth,
        validate: {
          params: Joi.object({
            clientId: Joi.string()
              .pattern(/^[A-Za-z0-9-]{1,64}$/)
              .required(),
          }),
        },
        ...responses({ 204: null }, [400, 401, 404, 503]),
        handler: async (request, h) => {
          await service.revoke(userId(request), request.params.clientId as string);
          return h.response().code(204);
        },
      },
    },
  ];
}
