import Joi from 'joi';
import { idString, isoTime } from '../../lib/responses.js';

/** Response bodies of the identity routes (API.md §3b). */

const label = Joi.object({ pl: Joi.string().required(), en: Joi.string().required(), de: Joi.string().required(), uk: Joi.string() }).label('ProviderLabel');

export const ProviderList = Joi.array()
  .items(
    Joi.object({
      id: Joi.string().required(),
      type: Joi.string().valid('logingovpl', 'oidc').required(),
      label: label.required(),
      purpose: Joi.string().valid('residents', 'staff', 'both').required(),
    }).label('IdentityProvider'),
  )
  .label('IdentityProviders');

export const LinkedIdentity = Joi.object({
  id: idString().required(),
  provider: Joi.string().required(),
  type: Joi.string().valid('logingovpl', 'oidc').description('absent when the provider has left the profile'),
  label: label.description('absent when the provider has left the profile'),
  loa: Joi.string().valid('low', 'substantial', 'high'),
  verifiedAt: isoTime().required(),
  lastUsedAt: isoTime().required(),
}).label('LinkedIdentity');

export const LinkedIdentities = Joi.array().items(LinkedIdentity).label('LinkedIdentities');

export const LinkStart = Joi.object({
  startUrl: Joi.string().uri().required().description('GET it in the browser: the provider’s sign-in, whose identity then links to this account'),
}).label('IdentityLinkStart');

export const REDIRECT = {
  description: 'Found: Location is the provider (start) or the page with civic_action=signin&code=… / civic_action=signin_error&reason=…',
  headers: { Location: { schema: { type: 'string' } } },
};
