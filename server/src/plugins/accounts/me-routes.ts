import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { assertRecentAuth, userId } from '../../lib/credentials.js';
import { checkPesel } from '../../lib/pesel.js';
import { responses } from '../../lib/responses.js';
import { email, locale, rule, text } from '../../lib/validation.js';
import { SIGNED_IN_FORM, FORM, auth, code, newPassword, phone, sessionId, tags, type RouteKit } from './route-kit.js';
import { AccountExport, Profile } from './schemas.js';
import type { AccountsService } from './service.js';

/** The signed-in resident's own account: /api/v1/me. */
export function meRoutes(service: AccountsService, kit: RouteKit): ServerRoute[] {
  return [...profileRoutes(service, kit), ...credentialRoutes(service, kit)];
}

/** The profile: read it, correct the PESEL and the data, confirm a changed phone. */
// eslint-disable-next-line max-lines-per-function -- a route table, one declarative object per route: long by nature, read route by route
function profileRoutes(service: AccountsService, kit: RouteKit): ServerRoute[] {
  const { district, peselRule, ip } = kit;
  return [
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
        notes: 'A changed phone needs a recent authentication (401 reauthentication_required); the other corrections do not.',
        handler: (request) => service.updateProfile(userId(request), request.payload as object, ip(request), () => assertRecentAuth(request)),
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
  ];
}

/** What proves and ends the account: email, password, the GDPR export and deletion. */
// eslint-disable-next-line max-lines-per-function -- a route table, one declarative object per route: long by nature, read route by route
function credentialRoutes(service: AccountsService, kit: RouteKit): ServerRoute[] {
  const { ip } = kit;
  return [
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
          assertRecentAuth(request);
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
          assertRecentAuth(request);
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
          assertRecentAuth(request);
          await service.deleteAccount(userId(request), (request.payload as { password?: string }).password);
          return h.response().code(204);
        },
      },
    },
  ];
}
