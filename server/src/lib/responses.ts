import Joi from 'joi';
import type { PluginSpecificConfiguration, RouteOptions } from '@hapi/hapi';
import { FIELD_CODES, STATUS, type ErrorCode } from './errors.js';

/**
 * Response contracts for the route tables: `responses({200: Profile}, [400, 401])` documents each
 * success status with its body schema (Joi) and each error status with the one error shape of the
 * contract (§2), in the OpenAPI 3.0 document that hapi-swagger serves at /openapi.json (lib/openapi.ts finishes it).
 *
 * Success bodies are also given to hapi as `response.status`, so hapi checks every answer against its
 * schema. How much that costs is decided once, in server.ts (`responseValidation`): every answer in
 * development (logged) and in tests (an off-schema answer is a 500, so tests and the fuzzer see it),
 * none in production (hapi skips the step entirely with `sample: 0`). Error bodies are documented but
 * not checked here: they are built by fail() and the onPreResponse mapping, after hapi's check.
 */

/** The one error shape (contract §2). 500 answers carry `internal_error` and nothing about the cause. */
export const ErrorBody = Joi.object({
  statusCode: Joi.number().integer().min(400).max(599).required(),
  error: Joi.string().required(),
  message: Joi.string().allow('').required(),
  code: Joi.string()
    .valid(...Object.keys(STATUS), 'internal_error')
    .required(),
  fields: Joi.object()
    .pattern(Joi.string(), Joi.string().valid(...FIELD_CODES))
    .description('validation_failed: field name -> field code'),
  retryAfter: Joi.number().integer().min(1).description('seconds; also sent as the Retry-After header'),
  reason: Joi.string()
    .valid('code_expired', 'too_many_tries', 'registration_expired', 'password_changed', 'email_changed', 'role_changed', 'blocked', 'signed_out')
    .description('invalid_token from the SMS flow: what ran out; from POST /auth/refresh: why the server ended the session'),
}).label('Error');

/** hapi's response validation policy per environment (server.ts applies it to every route). */
export function responseValidation(env: 'development' | 'production' | 'test') {
  // convert: false — a number sent as a string, or a date object where an ISO string is promised, is off-schema
  if (env === 'production') return { sample: 0, failAction: 'log' as const, options: { convert: false } };
  return { sample: 100, failAction: env === 'test' ? ('error' as const) : ('log' as const), options: { convert: false } };
}

// ---- building blocks shared by the domains' schemas ----------------------------------------------

/** An ISO 8601 time with a time zone, as every handler sends times (Date#toISOString). */
export const isoTime = () => Joi.string().isoDate().meta({ format: 'date-time' });
export const idString = () => Joi.string().hex().length(24);
/** `null` is a documented value (`nullable: true` in the document). */
export const nullable = <T extends Joi.Schema>(schema: T): T => schema.allow(null) as T;

/** `{items, page, limit, hasMore}` (lib/paging.ts). */
export const pageOf = (item: Joi.Schema, label: string) =>
  Joi.object({
    items: Joi.array().items(item).required(),
    page: Joi.number().integer().min(1).required(),
    limit: Joi.number().integer().min(1).required(),
    hasMore: Joi.boolean().required(),
  }).label(label);

/** What any route taking a JSON body may answer: invalid (400), too large (413), not JSON (415), database down (503). */
export const BODY_ERRORS = [400, 413, 415, 503];

// ---- the helper ---------------------------------------------------------------------------------

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted (no body)',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};
const RETRY_AFTER = { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds to wait before retrying' } };

/** "Bad Request: validation_failed, invalid_token" — the codes a status may carry. */
function errorDescription(status: number): string {
  const codes = (Object.entries(STATUS) as Array<[ErrorCode, number]>).filter(([, s]) => s === status).map(([c]) => c);
  if (status === 401) codes.push('invalid_token'); // an expired session
  return `${REASONS[status] ?? 'Error'}${codes.length ? `: ${codes.join(', ')}` : ''}`;
}

type Body = Joi.Schema | null;
/** A documented response: a body schema (null: no body) or a non-JSON body described by hand. */
type Success = Body | { description: string; schema?: Body | Record<string, unknown>; headers?: Record<string, unknown> };

export interface ResponseDocs {
  /** The media types of the route's answers; default JSON only. */
  produces?: string[];
  /** Other plugin settings of the route (e.g. `idempotency`), merged with hapi-swagger's. */
  plugins?: PluginSpecificConfiguration;
}

/**
 * `success`: status -> body schema (null: no body), or `{description, schema?, headers?}` for a body
 * described by hand (a photo, an XML document). A status >= 400 given here documents a route's own
 * error body (e.g. extra keys, or a standard's error format). `errors`: the statuses that answer with
 * the contract's ErrorBody.
 */
export function responses(success: Record<number, Success>, errors: number[], docs: ResponseDocs = {}): Pick<RouteOptions, 'response' | 'plugins'> {
  const status: Record<number, Joi.Schema> = {};
  const documented: Record<number, Record<string, unknown>> = {};
  for (const [code, entry] of Object.entries(success).map(([k, v]) => [Number(k), v] as const)) {
    const spec =
      entry === null || Joi.isSchema(entry) ? { description: code >= 400 ? errorDescription(code) : (REASONS[code] ?? 'OK'), schema: entry as Body } : entry;
    // hapi checks JSON bodies of successes only; errors are rendered after its check
    if (code < 400 && Joi.isSchema(spec.schema)) status[code] = spec.schema as Joi.Schema;
    documented[code] = {
      description: spec.description,
      ...(spec.schema ? { schema: spec.schema } : {}),
      ...('headers' in spec && spec.headers ? { headers: spec.headers } : {}),
    };
  }
  for (const code of errors) {
    documented[code] = { description: errorDescription(code), schema: ErrorBody, ...(code === 429 || code === 503 ? { headers: RETRY_AFTER } : {}) };
  }
  return {
    ...(Object.keys(status).length ? { response: { status } } : {}),
    plugins: { ...docs.plugins, 'hapi-swagger': { responses: documented, produces: docs.produces ?? ['application/json'] } },
  };
}
