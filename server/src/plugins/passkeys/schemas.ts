import Joi from 'joi';
import { isoTime, nullable } from '../../lib/responses.js';
import { objectId } from '../../lib/validation.js';

/** Response bodies of the passkey routes (toPasskeyView, @simplewebauthn/server's options). */

export const Passkey = Joi.object({
  id: objectId().required(),
  name: Joi.string().required(),
  createdAt: isoTime().required(),
  lastUsedAt: nullable(isoTime()).required(),
  deviceType: Joi.string().valid('singleDevice', 'multiDevice').required().description('multiDevice: a synced passkey'),
  backedUp: Joi.boolean().required(),
}).label('Passkey');
export const CreationOptions = Joi.object({
  challenge: Joi.string().required(),
  rp: Joi.object().unknown(true).required(),
  user: Joi.object().unknown(true).required(),
})
  .unknown(true)
  .label('PublicKeyCredentialCreationOptionsJSON')
  .description('for navigator.credentials.create (PublicKeyCredential.parseCreationOptionsFromJSON, or @simplewebauthn/browser startRegistration)');
export const RequestOptions = Joi.object({ challenge: Joi.string().required(), rpId: Joi.string().required() })
  .unknown(true)
  .label('PublicKeyCredentialRequestOptionsJSON')
  .description('for navigator.credentials.get, also with mediation "conditional" (autofill)');

/** A resident's passkeys: their list, their export, and the admin's view of the account. */
export const PasskeyList = Joi.array().items(Passkey).label('PasskeyList');
