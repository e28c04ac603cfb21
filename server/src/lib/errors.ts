import Boom from '@hapi/boom';
import type { Request, ResponseToolkit, Server, Lifecycle } from '@hapi/hapi';
import type { ValidationError } from 'joi';
import { isDatabaseUnavailable } from '../db/connection.js';

export type ErrorCode =
  | 'validation_failed'
  | 'invalid_credentials'
  | 'account_not_active'
  | 'account_blocked'
  | 'too_many_attempts'
  | 'invalid_token'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'service_unavailable'
  // issue 13: sign-in policies of the profile (staffSignIn.requireSso, registration.requireVerifiedIdentity)
  | 'sso_required'
  | 'verified_identity_required'
  // issue 19: a sensitive change asks for a fresh authentication (API.md §3b)
  | 'reauthentication_required';

export const FIELD_CODES = ['required', 'invalid', 'too_short', 'too_long', 'mismatch', 'breached', 'must_accept', 'invalid_checksum', 'taken'] as const;
export type FieldCode = (typeof FIELD_CODES)[number];

export type Fields = Record<string, FieldCode>;

/** Every contract code with its HTTP status; 500 answers carry `internal_error` (never a detail). */
export const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_credentials: 401,
  account_not_active: 403,
  account_blocked: 403,
  too_many_attempts: 429,
  invalid_token: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  service_unavailable: 503,
  sso_required: 403,
  verified_identity_required: 403,
  reauthentication_required: 401,
};

/** A failure in the contract's shape; services throw these, the onPreResponse extension renders them. */
export function fail(code: ErrorCode, message: string, extra: { fields?: Fields; retryAfter?: number; status?: number } = {}): Boom.Boom {
  const err = new Boom.Boom(message, { statusCode: extra.status ?? STATUS[code] });
  (err.output.payload as Record<string, unknown>).code = code;
  if (extra.fields) (err.output.payload as Record<string, unknown>).fields = extra.fields;
  if (extra.retryAfter !== undefined) {
    const seconds = Math.max(1, Math.ceil(extra.retryAfter));
    (err.output.payload as Record<string, unknown>).retryAfter = seconds;
    err.output.headers['Retry-After'] = String(seconds);
  }
  return err;
}

export const invalid = (fields: Fields, message = 'Some fields are not valid') => fail('validation_failed', message, { fields });

/** Joi error types -> the contract's field codes. */
function fieldCode(type: string): FieldCode {
  if (type === 'any.required' || type === 'string.empty' || type === 'any.empty') return 'required';
  if (type.endsWith('.min') || type === 'array.min' || type === 'string.length') return 'too_short';
  if (type.endsWith('.max') || type === 'array.max') return 'too_long';
  return 'invalid';
}

export function fieldsFromJoi(error: ValidationError): Fields {
  const fields: Fields = {};
  for (const detail of error.details) {
    const key = detail.path.length ? detail.path.join('.') : (detail.context?.key ?? '_');
    if (fields[key]) continue;
    let code: FieldCode;
    if (detail.type.startsWith('field.'))
      code = detail.type.slice(6) as FieldCode; // our custom rules name the code
    else if (detail.type === 'object.unknown') code = 'invalid';
    else if (key === 'acceptTerms') code = 'must_accept';
    else if (detail.type === 'any.only' && /Confirm$/.test(key)) code = 'mismatch';
    else code = fieldCode(detail.type);
    fields[key] = code;
  }
  return fields;
}

/** Route validation failAction: Joi errors become 400 validation_failed with per-field codes. */
export const validationFailAction: Lifecycle.Method = (_request, _h, err) => {
  const error = err as unknown as ValidationError & { details?: unknown };
  if (error && Array.isArray((error as ValidationError).details)) {
    throw invalid(fieldsFromJoi(error as ValidationError), 'The request is not valid');
  }
  // hapi wraps Joi errors in Boom; the original details sit on err.details when failAction is a function
  throw invalid({}, 'The request is not valid');
};

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_attempts',
  503: 'service_unavailable',
};

/**
 * The one place every failure becomes the contract's error shape: Boom errors get a code, database
 * outages become 503 with Retry-After, anything unexpected a bare 500 (logged, never echoed).
 * `except`: path prefixes whose plugin renders errors in another format a standard prescribes.
 */
export function registerErrorMapping(server: Server, options: { except?: string[] } = {}): void {
  const except = options.except ?? [];
  server.ext('onPreResponse', (request: Request, h: ResponseToolkit) => {
    const response = request.response;
    if (!Boom.isBoom(response) || except.some((prefix) => request.path.startsWith(prefix))) return h.continue;
    let err: Boom.Boom = response;
    if (!err.isServer || err.output.statusCode === 503) {
      // client errors keep their message; only add a code when the thrower (hapi itself) did not
    } else if (isDatabaseUnavailable(err) || isDatabaseUnavailable((err as { data?: unknown }).data)) {
      err = fail('service_unavailable', 'The service is temporarily unavailable, please try again shortly', { retryAfter: 5 });
    } else {
      request.log(['error'], { err: { name: err.name, message: err.message, stack: err.stack } });
      err = new Boom.Boom('An internal error occurred', { statusCode: 500 });
    }
    const payload = err.output.payload as unknown as Record<string, unknown>;
    if (!payload.code) {
      const status = err.output.statusCode;
      payload.code = CODE_FOR_STATUS[status] ?? (status >= 500 ? 'service_unavailable' : 'validation_failed');
      if (status === 500) payload.code = 'internal_error';
      if (status === 400 && !payload.fields) payload.fields = {};
      if (status === 503 && !err.output.headers['Retry-After']) {
        err.output.headers['Retry-After'] = '5';
        payload.retryAfter = 5;
      }
      if (status === 401 && payload.message === 'Missing authentication') payload.message = 'Sign-in required';
    }
    // hapi puts a `attributes` object and validation internals on some 4xx; keep to the contract's keys
    delete payload.attributes;
    delete payload.validation;
    const out = h.response(payload).code(err.output.statusCode).type('application/json; charset=utf-8');
    setHeaders(out, err.output.headers as Record<string, string>);
    return out;
  });
}

export function setHeaders(response: { header: (k: string, v: string) => unknown }, headers: Record<string, string | string[] | number | undefined>): void {
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) response.header(k, String(v));
}
