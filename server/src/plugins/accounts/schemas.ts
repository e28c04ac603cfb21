import Joi from 'joi';
import { ErrorBody, idString, isoTime } from '../../lib/responses.js';
import { ACCOUNT_STATUSES, ROLES } from './model.js';

/** Response bodies of the accounts routes, as the service builds them (toProfile, login, registration). */

export const Profile = Joi.object({
  id: idString().required(),
  email: Joi.string().allow('').required().description('empty for an account created by a verified identity until an address is confirmed'),
  firstName: Joi.string().allow('').required(),
  lastName: Joi.string().allow('').required(),
  phone: Joi.string().allow('').required(),
  phoneVerified: Joi.boolean().required(),
  pendingPhone: Joi.string().description('a changed phone number waiting for its SMS code'),
  phoneCodeRetryAfter: Joi.number()
    .integer()
    .min(1)
    .description('PATCH /me: the code for the new phone was refused by the cooldown; ask again (POST /me/phone/resend) after this many seconds'),
  hasPesel: Joi.boolean().required(),
  peselMasked: Joi.string().description('GET /me: the PESEL with all but its last four digits hidden, for the resident to check it'),
  hasPassword: Joi.boolean().description('false for an account created by a verified identity until a password is set (password reset)'),
  identity: Joi.object({
    provider: Joi.string().required(),
    loa: Joi.string().valid('low', 'substantial', 'high'),
    verifiedAt: isoTime().required(),
  })
    .label('VerifiedIdentity')
    .description('the verified identity (login.gov.pl) behind the PESEL and names; the PESEL is then read-only'),
  locale: Joi.string().valid('pl', 'en', 'de', 'uk').required(),
  role: Joi.string()
    .valid(...ROLES)
    .required(),
  department: Joi.string(),
  district: Joi.string(),
  status: Joi.string()
    .valid(...ACCOUNT_STATUSES)
    .required(),
  blocked: Joi.boolean().required(),
  createdAt: isoTime(),
}).label('Profile');

export const TokenPair = Joi.object({
  accessToken: Joi.string().required(),
  refreshToken: Joi.string().required(),
  expiresIn: Joi.number().integer().min(1).required().description('seconds'),
}).label('TokenPair');

export const SignedIn = TokenPair.keys({ user: Profile.required() }).label('SignedIn');

export const Registered = Joi.object({
  status: Joi.string().valid('pending_activation').required(),
  registrationToken: Joi.string().description('profiles that verify phones: for verify-phone and resend-phone-code'),
}).label('Registered');

export const AccountStatus = Joi.object({
  status: Joi.string()
    .valid(...ACCOUNT_STATUSES)
    .required(),
  registrationToken: Joi.string().description('when status is pending_phone'),
  returnTo: Joi.string().description('where the registration began (given at registration): the page offers the way back'),
  returnToName: Joi.object({ pl: Joi.string(), en: Joi.string(), de: Joi.string(), uk: Joi.string() })
    .label('ReturnToName')
    .description('the application’s name, when returnTo is its sign-in at the city’s OpenID Provider'),
}).label('AccountStatus');

export const ResetAccount = Joi.object({ email: Joi.string().required().description('the address the reset link was sent to') }).label('ResetLinkAccount');

export const MethodsRemoved = Joi.object({ removed: Joi.number().integer().min(0).required() }).label('SignInMethodsRemoved');

export const EmailConfirmed = Joi.object({ status: Joi.string().valid('confirmed').required(), email: Joi.string().required() }).label('EmailConfirmed');

/** A not-yet-active account signing in with the right password learns what is missing. */
export const NotActive = ErrorBody.keys({
  status: Joi.string().valid('pending_phone').description('the SMS code is still missing'),
  registrationToken: Joi.string(),
}).label('NotActiveError');

/**
 * GDPR export: the account and its sessions, plus what other domains hold about the resident (their
 * export hooks add e.g. `reports`, `supports`, `messages`; see those domains' schemas).
 */
export const AccountExport = Joi.object({
  exportedAt: isoTime().required(),
  account: Profile.keys({ pesel: Joi.string(), emailVerifiedAt: isoTime(), phoneVerifiedAt: isoTime(), updatedAt: isoTime() })
    .label('ExportedAccount')
    .required(),
  sessions: Joi.array()
    .items(Joi.object({ createdAt: isoTime(), expiresAt: isoTime().required() }).label('ExportedSession'))
    .required(),
})
  .pattern(/^[a-z][A-Za-z]*$/, Joi.array())
  .label('AccountExport');
