import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { BODY_ERRORS, responses } from '../../lib/responses.js';
import { text } from '../../lib/validation.js';
import { clientIp } from '../../lib/client-ip.js';
import { assertRecentAuth, userId } from '../../lib/credentials.js';
import { SignedIn } from '../accounts/index.js';
import { CreationOptions, Passkey, PasskeyList, RequestOptions } from './schemas.js';
import type { PasskeysService } from './service.js';

const auth = { strategy: 'session' };
const tags = (...t: string[]) => ['api', ...t];
const SIGNED_IN = [401, 503];

// ---- request bodies: the browser's PublicKeyCredential as JSON (toJSON(), @simplewebauthn/browser) ----
const b64url = (max: number) =>
  Joi.string()
    .max(max)
    .pattern(/^[A-Za-z0-9_-]*$/);
const credential = (response: Joi.ObjectSchema) =>
  Joi.object({
    id: b64url(1366).min(1).required(),
    rawId: b64url(1366).min(1).required(),
    type: Joi.string().valid('public-key').required(),
    response: response.required(),
    clientExtensionResults: Joi.object().unknown(true).default({}),
    authenticatorAttachment: Joi.string().valid('platform', 'cross-platform'),
  });
const attestation = credential(
  Joi.object({
    clientDataJSON: b64url(4096).required(),
    attestationObject: b64url(16384).required(),
    transports: Joi.array().items(Joi.string().max(32)).max(10),
    authenticatorData: b64url(16384),
    publicKey: b64url(4096),
    publicKeyAlgorithm: Joi.number().integer(),
  }),
);
export const assertion = credential(
  Joi.object({
    clientDataJSON: b64url(4096).required(),
    authenticatorData: b64url(4096).required(),
    signature: b64url(2048).required(),
    userHandle: b64url(256),
  }),
);
const passkeyName = () => text(64).min(1);

export function passkeyRoutes(service: PasskeysService, trustProxy: number): ServerRoute[] {
  return [...managementRoutes(service), ...signInRoutes(service, trustProxy)];
}

/** The signed-in resident's passkeys: register, list, rename, remove. */
// eslint-disable-next-line max-lines-per-function -- a route table, one declarative object per route: long by nature, read route by route
function managementRoutes(service: PasskeysService): ServerRoute[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/me/passkeys/options',
      options: {
        tags: tags('me', 'passkeys'),
        description: 'WebAuthn registration options for a new passkey (challenge valid 5 minutes, once)',
        auth,
        notes: 'Needs a recent authentication (401 reauthentication_required): a stolen session alone cannot add a way in.',
        ...responses({ 200: CreationOptions }, [...SIGNED_IN, 409]),
        handler: (request) => {
          assertRecentAuth(request);
          return service.registrationOptions(userId(request));
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/me/passkeys',
      options: {
        tags: tags('me', 'passkeys'),
        description: 'Verify the new passkey (user verification required) and keep it under a name',
        auth,
        validate: { payload: Joi.object({ response: attestation.required(), name: passkeyName() }) },
        ...responses({ 201: Passkey }, [...BODY_ERRORS, 401, 409]),
        handler: async (request, h) => {
          assertRecentAuth(request);
          const body = request.payload as { response: RegistrationResponseJSON; name?: string };
          return h.response(await service.register(userId(request), body.response, body.name)).code(201);
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/me/passkeys',
      options: {
        tags: tags('me', 'passkeys'),
        description: 'The signed-in resident’s passkeys',
        auth,
        ...responses({ 200: PasskeyList }, SIGNED_IN),
        handler: (request) => service.list(userId(request)),
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/me/passkeys/{id}',
      options: {
        tags: tags('me', 'passkeys'),
        description: 'Rename a passkey',
        auth,
        validate: { params: Joi.object({ id: Joi.string().max(64).required() }), payload: Joi.object({ name: passkeyName().required() }) },
        ...responses({ 200: Passkey }, [...BODY_ERRORS, 401, 404]),
        handler: (request) => service.rename(userId(request), request.params.id as string, (request.payload as { name: string }).name),
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/me/passkeys/{id}',
      options: {
        tags: tags('me', 'passkeys'),
        description: 'Remove a passkey (it can no longer sign in)',
        auth,
        validate: { params: Joi.object({ id: Joi.string().max(64).required() }) },
        ...responses({ 204: null }, [...SIGNED_IN, 400, 404]),
        handler: async (request, h) => {
          await service.remove(userId(request), request.params.id as string);
          return h.response().code(204);
        },
      },
    },
  ];
}

/** Signing in with a passkey. */
function signInRoutes(service: PasskeysService, trustProxy: number): ServerRoute[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/auth/passkey/options',
      options: {
        tags: tags('auth', 'passkeys'),
        description: 'WebAuthn options to sign in with a passkey (discoverable credentials; usable for conditional UI)',
        ...responses({ 200: RequestOptions }, [503]),
        handler: (request) => service.authenticationOptions(clientIp(request, trustProxy)),
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/passkey',
      options: {
        tags: tags('auth', 'passkeys'),
        description: 'Sign in with a passkey: the same answer as POST /auth/login',
        notes:
          'An expired, used or unknown challenge: 400 invalid_token. An unknown, removed or unverifiable passkey: 401 invalid_credentials. Blocked or unfinished accounts: 403, as for /auth/login. Refused answers share the per-client sign-in throttle with /auth/login (429).',
        validate: { payload: Joi.object({ response: assertion.required() }) },
        ...responses({ 200: SignedIn }, [...BODY_ERRORS, 401, 403, 429]),
        handler: (request) => service.authenticate((request.payload as { response: AuthenticationResponseJSON }).response, clientIp(request, trustProxy)),
      },
    },
  ];
}
