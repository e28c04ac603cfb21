import Joi, { type ValidationError } from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import type { Config } from '../../config.js';
import { fieldsFromJoi, invalid } from '../../lib/errors.js';
import { responses } from '../../lib/responses.js';
import { email, locale, text, token } from '../../lib/validation.js';
import { meRoutes } from './me-routes.js';
import { userId } from '../../lib/credentials.js';
import { FORM, auth, code, newPassword, phone, routeKit, sessionId, tags, type RouteKit } from './route-kit.js';
import { AccountStatus, EmailConfirmed, MethodsRemoved, NotActive, Registered, ResetAccount, SignedIn, TokenPair } from './schemas.js';
import type { AccountsService } from './service.js';

/** The accounts' routes: /api/v1/auth (registration, sign-in, reset) and /api/v1/me. */
export function accountRoutes(service: AccountsService, config: Config): ServerRoute[] {
  const kit = routeKit(config);
  return [...registrationRoutes(service, kit), ...signInRoutes(service, kit), ...meRoutes(service, kit)];
}

/** Registration: the form, the email link, the SMS code and their resends. */
// eslint-disable-next-line max-lines-per-function -- a route table, one declarative object per route: long by nature, read route by route
function registrationRoutes(service: AccountsService, kit: RouteKit): ServerRoute[] {
  const { profile, district, pesel, ip } = kit;
  return [
    {
      method: 'POST',
      path: '/api/v1/auth/register',
      options: {
        tags: tags('auth'),
        description: 'Register a resident account (an activation link is emailed); honours Idempotency-Key',
        notes: 'Answers the same whether or not the address is registered; the owner of a registered address gets an email instead.',
        validate: {
          // the shape's errors and the server's own (phone, password, PESEL) come back in one answer
          failAction: async (request, _h, err) => {
            const known = Array.isArray((err as { details?: unknown }).details) ? fieldsFromJoi(err as unknown as ValidationError) : {};
            const payload = (request.payload ?? {}) as Record<string, unknown>;
            throw invalid({ ...(await service.registration.fieldProblems(payload, ip(request), known)), ...known }, 'The request is not valid');
          },
          payload: Joi.object({
            email: email().required(),
            password: newPassword(),
            passwordConfirm: Joi.any().valid(Joi.ref('password')).required(),
            firstName: text(100).min(1).required(),
            lastName: text(100).min(1).required(),
            phone: phone().required(),
            acceptTerms: Joi.boolean().valid(true).required(),
            locale: locale(),
            district: profile.registration.fields.district === 'required' ? district().invalid('').required() : district(),
            pesel: pesel(),
            returnTo: Joi.string()
              .max(2000)
              .description("Where the activation leads back to: APP_URL's origin, CORS_ORIGINS or the city's OpenID Provider (an application's sign-in)"),
          }),
        },
        ...responses({ 201: Registered }, [...FORM, 409, 429], { plugins: { idempotency: true } }),
        handler: async (request, h) => {
          const body = request.payload as Parameters<AccountsService['register']>[0];
          return h.response(await service.register({ ...body, pesel: body.pesel || undefined }, ip(request))).code(201);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/activate',
      options: {
        tags: tags('auth'),
        description: 'Activate an account with the token from the activation link',
        validate: { payload: Joi.object({ token: token().required() }) },
        ...responses({ 200: AccountStatus }, FORM),
        handler: (request) => service.activate((request.payload as { token: string }).token),
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/verify-phone',
      options: {
        tags: tags('auth'),
        description: 'Confirm the mobile phone with the SMS code (profiles that verify phones)',
        validate: { payload: Joi.object({ registrationToken: token().required(), code: code() }) },
        ...responses({ 200: AccountStatus }, [...FORM, 404]),
        handler: (request) => {
          const body = request.payload as { registrationToken: string; code: string };
          return service.registration.verifyPhone(body.registrationToken, body.code);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/resend-phone-code',
      options: {
        tags: tags('auth'),
        description: 'Send a new SMS code (cooldown 60 s; limits per number and per client)',
        validate: { payload: Joi.object({ registrationToken: token().required() }) },
        ...responses({ 202: null }, [...FORM, 404, 429]),
        handler: async (request, h) => {
          await service.registration.resendPhoneCode((request.payload as { registrationToken: string }).registrationToken, ip(request));
          return h.response().code(202);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/confirm-email',
      options: {
        tags: tags('auth'),
        description: 'Confirm a new email address with the token from the link sent to it',
        validate: { payload: Joi.object({ token: token().required() }) },
        ...responses({ 200: EmailConfirmed }, FORM),
        handler: (request) => service.confirmEmailChange((request.payload as { token: string }).token),
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/resend-activation',
      options: {
        tags: tags('auth'),
        description: 'Send the activation email again (always 202)',
        validate: { payload: Joi.object({ email: email().required() }) },
        ...responses({ 202: null }, FORM),
        handler: async (request, h) => {
          await service.resendActivation((request.payload as { email: string }).email, ip(request));
          return h.response().code(202);
        },
      },
    },
  ];
}

/** Sign-in, token rotation, sign-out and the password reset. */
// eslint-disable-next-line max-lines-per-function -- a route table, one declarative object per route: long by nature, read route by route
function signInRoutes(service: AccountsService, kit: RouteKit): ServerRoute[] {
  const { ip } = kit;
  return [
    {
      method: 'POST',
      path: '/api/v1/auth/login',
      options: {
        tags: tags('auth'),
        description: 'Sign in with email and password',
        validate: { payload: Joi.object({ email: Joi.string().trim().max(254).required(), password: Joi.string().max(1024).required() }) },
        ...responses({ 200: SignedIn, 403: NotActive }, [...FORM, 401, 429]),
        handler: (request) => {
          const { email: address, password } = request.payload as { email: string; password: string };
          return service.login(address, password, ip(request));
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/refresh',
      options: {
        tags: tags('auth'),
        description: 'Exchange a refresh token for a new token pair (rotation)',
        validate: { payload: Joi.object({ refreshToken: token().required() }) },
        ...responses({ 200: TokenPair }, [...FORM, 401]),
        handler: (request) => service.sessions.refresh((request.payload as { refreshToken: string }).refreshToken),
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/logout',
      options: {
        tags: tags('auth'),
        description: 'End the session of this refresh token',
        validate: { payload: Joi.object({ refreshToken: token().required() }) },
        ...responses({ 204: null }, FORM),
        handler: async (request, h) => {
          await service.sessions.logout((request.payload as { refreshToken: string }).refreshToken);
          return h.response().code(204);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/password-reset/request',
      options: {
        tags: tags('auth'),
        description: 'Email a password reset link (always 202)',
        validate: { payload: Joi.object({ email: email().required() }) },
        ...responses({ 202: null }, FORM),
        handler: async (request, h) => {
          await service.requestPasswordReset((request.payload as { email: string }).email, ip(request));
          return h.response().code(202);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/password-reset/account',
      options: {
        tags: tags('auth'),
        description: "The address of a live reset link's account, for the new-password form's hidden username field",
        notes:
          "Password managers save a new password for the username in the same form; the reset link carries no address (it would sit in the page's history and logs). An unknown, used or expired token answers 400 invalid_token and nothing more; each such answer costs the client one of 20 per hour (429 after).",
        validate: { payload: Joi.object({ token: token().required() }) },
        ...responses({ 200: ResetAccount }, [...FORM, 429]),
        handler: (request) => service.resetLinkAccount((request.payload as { token: string }).token, ip(request)),
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/password-reset/confirm',
      options: {
        tags: tags('auth'),
        description: 'Set a new password with the token from the reset link',
        validate: {
          payload: Joi.object({
            token: token().required(),
            password: Joi.string().max(1024).required(),
            passwordConfirm: Joi.any().valid(Joi.ref('password')).required(),
          }),
        },
        ...responses({ 200: AccountStatus }, FORM),
        handler: (request) => {
          const body = request.payload as { token: string; password: string };
          return service.confirmPasswordReset(body.token, body.password);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/remove-sign-in-methods',
      options: {
        tags: tags('auth'),
        description: 'Remove every passkey and linked identity of the account, with the token from the reset confirmation email',
        notes: 'After a password reset the owner removes, in one step, any sign-in method an intruder may have added. Every session ends too.',
        validate: { payload: Joi.object({ token: token().required() }) },
        ...responses({ 200: MethodsRemoved }, FORM),
        handler: (request) => service.removeSignInMethods((request.payload as { token: string }).token),
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/reauthenticate',
      options: {
        tags: tags('auth'),
        description: 'Prove the signed-in account again (password or passkey): a fresh login response whose session counts as recently authenticated',
        notes:
          'API.md §3b "Recent authentication": adding a passkey, changing the email, password or phone, linking or unlinking an identity and deleting the account need an authentication less than 10 minutes old, else 401 reauthentication_required. Give `password`, or `response` (a passkey assertion for options from POST /auth/passkey/options). A provider sign-in re-authenticates through POST /auth/providers/exchange with purpose "reauthenticate".',
        auth,
        validate: {
          payload: Joi.object({ password: Joi.string().max(1024), response: Joi.object().unknown(true) }).xor('password', 'response'),
        },
        ...responses({ 200: SignedIn }, [...FORM, 401, 403, 429]),
        handler: (request) => {
          const body = request.payload as { password?: string; response?: unknown };
          return service.reauthenticate(userId(request), sessionId(request), body, ip(request));
        },
      },
    },
  ];
}
