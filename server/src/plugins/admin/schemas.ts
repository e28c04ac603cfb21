import Joi from 'joi';
import { idString, isoTime } from '../../lib/responses.js';
import { FIELD_CODES } from '../../lib/errors.js';
import { OUTBOX_STATUSES } from '../../outbox/model.js';
import { Profile } from '../accounts/index.js';
import { SubmittedByAccount } from '../reports/index.js';
import { PasskeyList } from '../passkeys/index.js';
import { LinkedIdentities } from '../identity/index.js';

/** Response bodies of the admin routes (service.ts). */

const listOf = (item: Joi.Schema, label: string) =>
  Joi.object({
    items: Joi.array().items(item).required(),
    total: Joi.number().integer().min(0).required(),
    page: Joi.number().integer().min(1).required(),
    limit: Joi.number().integer().min(1).required(),
  }).label(label);

export const AdminUser = Profile.keys({
  source: Joi.string().valid('register', 'cli', 'import', 'admin', 'identity'),
  blockedAt: isoTime(),
  blockedReason: Joi.string(),
  emailVerified: Joi.boolean().required(),
  peselMasked: Joi.string().description('the first six digits (birth date); the full number is searchable, never shown'),
  updatedAt: isoTime(),
}).label('AdminUser');

export const AdminUserPage = listOf(AdminUser, 'AdminUserPage');

export const AdminUserDetail = AdminUser.keys({
  activeSessions: Joi.number().integer().min(0).required(),
  ...SubmittedByAccount,
  passkeys: PasskeyList,
  identities: LinkedIdentities.description('identities linked to the account (login.gov.pl, the city’s SSO)'),
  alerts: Joi.array().items(Joi.object().unknown(true)).description('the account’s report alerts (plugins/alerts)'),
}).label('AdminUserDetail');

export const ImportResult = Joi.object({
  created: Joi.number().integer().min(0).required(),
  skipped: Joi.array()
    .items(Joi.object({ line: Joi.number().integer().required(), email: Joi.string().allow('').required() }).label('ImportSkipped'))
    .required(),
  errors: Joi.array()
    .items(
      Joi.object({
        line: Joi.number().integer().required(),
        fields: Joi.object()
          .pattern(Joi.string(), Joi.string().valid(...FIELD_CODES))
          .required(),
      }).label('ImportRowError'),
    )
    .required(),
}).label('ImportResult');

export const OutboxPage = listOf(
  Joi.object({
    id: idString().required(),
    channel: Joi.string().valid('email', 'sms').required(),
    to: Joi.string().required(),
    kind: Joi.string().required(),
    status: Joi.string()
      .valid(...OUTBOX_STATUSES)
      .required(),
    attempts: Joi.number().integer().min(0),
    lastError: Joi.string(),
    nextAttemptAt: isoTime(),
    updatedAt: isoTime(),
  }).label('OutboxMessage'),
  'OutboxPage',
).keys({
  counts: Joi.object(Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, Joi.number().integer().min(0).required()])))
    .label('OutboxCounts')
    .required(),
});

export const AuditPage = listOf(
  Joi.object({
    id: idString().required(),
    at: isoTime().required(),
    actorId: Joi.string(),
    actorEmail: Joi.string(),
    action: Joi.string().required(),
    targetId: Joi.string(),
    targetEmail: Joi.string(),
    reason: Joi.string(),
    details: Joi.object().unknown(true),
    outcome: Joi.string().valid('started', 'done', 'failed').required(),
  }).label('AuditEntry'),
  'AuditPage',
);
