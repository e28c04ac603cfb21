import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Config } from '../../config.js';
import { clientIp } from '../../lib/client-ip.js';
import { checkPasswordLength } from '../../lib/passwords.js';
import { checkPesel } from '../../lib/pesel.js';
import { BODY_ERRORS } from '../../lib/responses.js';
import { rule } from '../../lib/validation.js';
import { normalizePhone } from './verification.js';

/** What the accounts' route tables (routes.ts, me-routes.ts) share. */

/** The refresh family (one sign-in) the request's access token belongs to. */
export const sessionId = (request: Request) => (request.auth.artifacts as { decoded?: { payload?: { sid?: string } } }).decoded?.payload?.sid;

/** A new password: 12–128 characters here (cheap); the service judges guessability off the event loop (password-policy.ts). */
export const newPassword = () => rule<string>(Joi.string().max(1024).required(), (value) => checkPasswordLength(value));
export const phone = () =>
  rule<string>(Joi.string().trim().max(32), (value) => {
    const e164 = normalizePhone(value);
    return e164 ? { value: e164 } : 'invalid';
  });
export const code = () =>
  Joi.string()
    .trim()
    .pattern(/^\d{6}$/)
    .required();

export const auth = { strategy: 'session' };
export const tags = (...t: string[]) => ['api', ...t];
export const FORM = BODY_ERRORS;
export const SIGNED_IN_FORM = [...BODY_ERRORS, 401];

/** The profile's field rules (district, PESEL) and the client's address, as the routes validate and limit them. */
export function routeKit(config: Config) {
  const { profile } = config;
  const districtIds = profile.districts.map((d) => d.id);
  const district = () => (profile.registration.fields.district === 'hidden' ? Joi.forbidden() : Joi.string().valid(...districtIds, ''));
  const peselRule = profile.registration.fields.pesel;
  const pesel = () => {
    if (peselRule === 'hidden') return Joi.forbidden();
    const base = rule<string>(Joi.string().trim().max(20), (value) => checkPesel(value));
    return peselRule === 'required' ? base.required() : base.allow('');
  };
  const ip = (request: Request) => clientIp(request, config.trustProxy);
  return { profile, district, peselRule, pesel, ip };
}
export type RouteKit = ReturnType<typeof routeKit>;
