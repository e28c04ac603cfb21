import Joi, { type ValidationError } from 'joi';
import { fieldsFromJoi, invalid } from '../../lib/errors.js';
import type { ServerRoute, Request } from '@hapi/hapi';
import { userId } from '../../lib/credentials.js';
import type { Config } from '../../config.js';
import { checkPasswordLength } from '../../lib/passwords.js';
import { email, locale, rule, text, token } from '../../lib/validation.js';
import { BODY_ERRORS, responses } from '../../lib/responses.js';
import { AccountExport, AccountStatus, EmailConfirmed, NotActive, Profile, Registered, SignedIn, TokenPair } from './schemas.js';
import { checkPesel } from '../../lib/pesel.js';
import { clientIp } from '../../lib/client-ip.js';
import { normalizePhone, type AccountsService } from './service.js';

/** The refresh family (one sign-in) the request's access token belongs to. */
const sessionId = (request: Request) => (request.auth.artifacts as { decoded?: { payload?: { sid?: string } } }).decoded?.payload?.sid;

/** A new password: 12–128 characters here (cheap); the service judges guessability off the event loop (checkPasswordAsync). */
const newPassword = () => rule<string>(Joi.string().max(1024).required(), (value) => checkPasswordLength(value));
const phone = () =>
  rule<string>(Joi.string().trim().max(32), (value) => {
    const e164 = normalizePhone(value);
    return e164 ? { value: e164 } : 'invalid';
  });

const auth = { strategy: 'session' };
const tags = (...t: string[]) => ['api', ...t];
const FORM = BODY_ERRORS;
const SIGNED_IN_FORM = [...BODY_ERRORS, 401];

export function accountRoutes(service: AccountsService, config: Config): ServerRoute[] {
  const { profile } = config;
  const districtIds = profile.districts.map((d) => d.id);
  const district = () => (profile.registration.fields.district === 'hidden' ? Joi.forbidden() : Joi.string().valid(...districtIds, ''));
  const peselRule = profile.registration.fields.pesel;
  const pesel = () => {
    if (peselRule === 'hidden') return Joi.forbidden();
    const base = rule<string>(Joi.string().trim().max(20), (value) => checkPesel(value));
    return peselRule === 'required' ? base.required() : base.allow('');
  };
  const code = () =>
    Joi.string()
      .trim()
      .pattern(/^\d{6}$/)
      .required();
  const ip = (request: Request) => clientIp(request, config.trustProxy);

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
      method: 'GET',
      path: '/api/v1/me',
      options: {
        tags: tags('me'),
        description: 'The signed-in resident’s account',
        auth,
        ...responses({ 200: Profile }, [401, 503]),
        handler: async (request) => service.profileOf(await service.getUser(userId(request))),
      },
    },
    {
      method: 'PUT',
      path: '/api/v1/me/pesel',
      options: {
        tags: tags('me'),
        description: 'Correct the PESEL (password required); not for a PESEL a verified identity proved',
        notes: 'The Kraków FAQ: every piece of account data can be corrected after signing in. The new PESEL must be valid and not held by another account.',
        auth,
        validate: {
          payload: Joi.object({
            pesel: peselRule === 'hidden' ? Joi.forbidden() : rule<string>(Joi.string().trim().max(20), (value) => checkPesel(value)).required(),
            password: Joi.string().max(1024),
          }),
        },
        ...responses({ 200: Profile }, [...FORM, 401, 403, 404, 429]),
        handler: async (request) => {
          const body = request.payload as { pesel: string; password?: string };
          return service.correctPesel(userId(request), body.password, body.pesel, ip(request));
        },
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/me',
      options: {
        tags: tags('me'),
        description: 'Correct account data ("Aktualizacja danych")',
        auth,
        validate: {
          payload: Joi.object({
            firstName: text(100).min(1),
            lastName: text(100).min(1),
            phone: phone(),
            locale: locale(),
            district: district(),
          }).min(1),
        },
        ...responses({ 200: Profile }, [...SIGNED_IN_FORM, 429]),
        handler: (request) => service.updateProfile(userId(request), request.payload as object, ip(request)),
      },
    },
    {
      method: 'POST',
      path: '/api/v1/me/phone/verify',
      options: {
        tags: tags('me'),
        description: 'Confirm a changed phone number with its SMS code',
        auth,
        validate: { payload: Joi.object({ code: code() }) },
        ...responses({ 200: Profile }, SIGNED_IN_FORM),
        handler: (request) => service.verifyPhoneChange(userId(request), (request.payload as { code: string }).code),
      },
    },
    {
      method: 'POST',
      path: '/api/v1/me/phone/resend',
      options: {
        tags: tags('me'),
        description: 'Send the SMS code for a changed phone number again',
        auth,
        ...responses({ 202: null }, [...SIGNED_IN_FORM, 429]),
        handler: async (request, h) => {
          await service.resendPhoneChange(userId(request), ip(request));
          return h.response().code(202);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/me/email',
      options: {
        tags: tags('me'),
        description: 'Change the email address: a confirmation link goes to the new address (password required)',
        auth,
        notes: 'The password may be left out only by an account created by a verified identity, which has none.',
        validate: { payload: Joi.object({ email: email().required(), password: Joi.string().max(1024) }) },
        ...responses({ 202: null }, SIGNED_IN_FORM),
        handler: async (request, h) => {
          const body = request.payload as { email: string; password?: string };
          await service.requestEmailChange(userId(request), body.password, body.email, ip(request), sessionId(request));
          return h.response().code(202);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/me/password',
      options: {
        tags: tags('me'),
        description: 'Change the password (signs out every session)',
        auth,
        validate: {
          payload: Joi.object({
            currentPassword: Joi.string().max(1024).required(),
            password: newPassword(),
            passwordConfirm: Joi.any().valid(Joi.ref('password')).required(),
          }),
        },
        ...responses({ 204: null }, SIGNED_IN_FORM),
        handler: async (request, h) => {
          const body = request.payload as { currentPassword: string; password: string };
          await service.changePassword(userId(request), body.currentPassword, body.password);
          return h.response().code(204);
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/me/export',
      options: {
        tags: tags('me'),
        description: 'Everything held about the resident, as JSON (GDPR art. 15 and 20)',
        auth,
        ...responses({ 200: AccountExport }, [401, 503]),
        handler: async (request, h) =>
          h.response(await service.exportData(userId(request))).header('content-disposition', 'attachment; filename="civickit-export.json"'),
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/me',
      options: {
        tags: tags('me'),
        description: 'Delete the account (password required)',
        notes: 'The password may be left out only by an account created by a verified identity, which has none.',
        auth,
        validate: { payload: Joi.object({ password: Joi.string().max(1024) }) },
        ...responses({ 204: null }, SIGNED_IN_FORM),
        handler: async (request, h) => {
          await service.deleteAccount(userId(request), (request.payload as { password?: string }).password);
          return h.response().code(204);
        },
      },
    },
  ];
}
