import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import { MAX_PAGE } from '../../lib/paging.js';
import { objectId, text } from '../../lib/validation.js';
import type { Category } from '../../profile/schema.js';
import { commaList, dateRange, parseServiceRequest } from './input.js';
import type { ApiKeys } from './keys.js';
import { RATE_LIMIT_RANGE } from './keys.js';
import { Open311Refusal } from './errors.js';
import { FORMATS, refusalResponse, render, type DocumentKind } from './render.js';
import { BODY_ERRORS, responses } from '../../lib/responses.js';
import {
  ApiKey,
  CreatedRequests,
  Discovery,
  IssuedApiKey,
  Open311Errors,
  RequestUpdates,
  ServiceDefinition,
  ServiceRequests,
  Services,
  Tokens,
} from './schemas.js';
import { MAX_RESULTS, type Open311Service, type Open311Status } from './service.js';

/** Every path under this prefix answers in the spec's formats, errors included. */
export const PREFIX = '/open311/';
export const BASE = '/open311/v2';
const tags = ['api', 'open311'];

/**
 * A query's parameters with every problem in it (empty parameters count as absent, per the spec), then
 * the date window: all problems are answered at once, in the spec's error format.
 */
function readQuery<T extends { start_date?: string; end_date?: string }>(request: Request, schema: Joi.ObjectSchema, more: (q: T) => string[] = () => []) {
  // a parameter "declared multiple times" arrives as an array: the same as its comma-delimited form
  const present = Object.fromEntries(
    Object.entries(request.query)
      .map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])
      .filter(([, v]) => v !== ''),
  );
  const { value, error } = schema
    .prefs({ abortEarly: false, errors: { wrap: { label: false } } })
    .unknown(true)
    .validate(present);
  const q = value as T;
  const errors = [...(error?.details.map((d) => d.message) ?? []), ...more(q)];
  const dates = dateRange(q.start_date, q.end_date);
  if ('errors' in dates) errors.push(...dates.errors);
  if (errors.length) throw new Open311Refusal('invalid', errors);
  return { q, dates: dates as { start: Date; end: Date } };
}

const paging = {
  page: Joi.number().integer().min(1).max(MAX_PAGE).default(1),
  page_size: Joi.number().integer().min(1).max(MAX_RESULTS).default(MAX_RESULTS),
};
const range = { start_date: Joi.string().max(40), end_date: Joi.string().max(40) };

const ERROR_REASONS: Record<number, string> = {
  400: "Bad Request: any other problem, in the spec's errors format",
  403: 'Forbidden: missing or wrong api_key',
  404: 'Not Found: unknown resource',
  429: "Too Many Requests: the api_key's per-minute limit (Retry-After)",
};

/**
 * One route per resource and format, `{path}.json` and `{path}.xml` (any other suffix is an unknown
 * resource: 404), so the OpenAPI document can give each its media type and, for JSON, its schema.
 * Errors in both formats come from the plugin's onPreResponse (render.ts), never the contract's shape.
 */
function specRoute(
  method: 'GET' | 'POST',
  path: string,
  description: string,
  handler: (request: Request) => unknown,
  docs: { kind: DocumentKind; json: Joi.Schema; errors: number[]; params?: Record<string, Joi.Schema> },
  extra: object = {},
): ServerRoute[] {
  return FORMATS.map((format) => {
    const errors = Object.fromEntries(
      docs.errors.map((code) => [
        code,
        { description: ERROR_REASONS[code]!, schema: format === 'json' ? Open311Errors : XML, ...(code === 429 ? { headers: RETRY_AFTER } : {}) },
      ]),
    );
    const ok = format === 'json' ? docs.json : { description: 'The same document in XML (root elements as in GeoReport v2)', schema: XML };
    return {
      method,
      path: `${BASE}/${path}.${format}`,
      options: {
        tags,
        description: `${description} (${format.toUpperCase()})`,
        // public, read-only data: any web page may read it
        ...(method === 'GET' ? { cors: { origin: ['*'], credentials: false } } : {}),
        ...extra,
        ...(docs.params ? { validate: { params: Joi.object(docs.params) } } : {}),
        ...responses({ 200: ok, ...errors }, [], { produces: [format === 'json' ? 'application/json' : 'text/xml'] }),
        handler: async (request, h) => render(h, format, docs.kind, await refusedAsOpen311(() => handler(request))),
      },
    };
  });
}

/** The domain's refusals become the spec's errors (render.ts); onPreResponse writes them in the path's format. */
async function refusedAsOpen311<T>(fn: () => T): Promise<Awaited<T>> {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof Open311Refusal ? refusalResponse(err) : err;
  }
}

const RETRY_AFTER = { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } };
/** An XML document; its elements are the JSON document's keys (render.ts, xml.ts). */
const XML = { type: 'string', description: 'GeoReport v2 XML' };

// eslint-disable-next-line max-lines-per-function -- a route table, one declarative object per route; its length is the API's, not logic to split
export function open311Routes(service: Open311Service, categories: Category[]): ServerRoute[] {
  const read = [400];
  return [
    ...specRoute('GET', 'discovery', 'Open311 service discovery', () => service.discovery(), { kind: 'discovery', json: Discovery, errors: read }),
    ...specRoute('GET', 'services', 'GeoReport v2: the service list (report categories)', () => service.services(), {
      kind: 'services',
      json: Services,
      errors: read,
    }),
    ...specRoute(
      'GET',
      'services/{service_code}',
      'GeoReport v2: a service definition (the category’s questions as attributes)',
      (request) => service.definition(request.params.service_code as string),
      { kind: 'service_definition', json: ServiceDefinition, errors: [400, 404], params: { service_code: Joi.string().required() } },
    ),
    ...specRoute(
      'POST',
      'requests',
      'GeoReport v2: create a service request (application/x-www-form-urlencoded, api_key required)',
      async (request) => {
        const form = (request.payload ?? {}) as Record<string, unknown>;
        const given = form.api_key ?? request.query.api_key;
        const key = await service.keys.verify(given);
        if (!key)
          throw new Open311Refusal('forbidden', [
            given ? "Invalid api_key received -- can't proceed with create_request." : 'api_key is required to create a service request',
          ]);
        const parsed = parseServiceRequest(form, categories);
        if (parsed.errors) throw new Open311Refusal(parsed.errors.some((e) => e.code === 404) ? 'not_found' : 'invalid', parsed.errors);
        return service.create(key, parsed.value);
      },
      { kind: 'service_requests', json: CreatedRequests, errors: [400, 403, 404, 429] },
      { payload: { allow: ['application/x-www-form-urlencoded'], maxBytes: 256 * 1024 } },
    ),
    ...specRoute(
      'GET',
      'requests',
      'GeoReport v2: service requests (default: the last 90 days, at most 1000; page and page_size extension)',
      (request) => {
        type Query = { service_code?: string; status?: string; start_date?: string; end_date?: string; page: number; page_size: number };
        const schema = Joi.object({ service_code: Joi.string().max(2000), status: Joi.string().max(100), ...range, ...paging });
        const ids = commaList([request.query.service_request_id ?? []].flat().join(','));
        if (ids?.length) return service.list({ ids, start: new Date(0), end: new Date(), page: 1, pageSize: MAX_RESULTS }); // it overrides every other argument
        const { q, dates } = readQuery<Query>(request, schema, (query) =>
          commaList(query.status)?.some((s) => s !== 'open' && s !== 'closed') ? ['status must be open, closed or both (comma delimited)'] : [],
        );
        return service.list({
          serviceCodes: commaList(q.service_code),
          statuses: commaList(q.status) as Open311Status[] | undefined,
          ...dates,
          page: q.page,
          pageSize: q.page_size,
        });
      },
      { kind: 'service_requests', json: ServiceRequests, errors: read },
    ),
    ...specRoute(
      'GET',
      'requests/{service_request_id}',
      'GeoReport v2: one service request',
      (request) => service.one(request.params.service_request_id as string),
      {
        kind: 'service_requests',
        json: ServiceRequests,
        errors: [400, 404],
        params: { service_request_id: Joi.string().required() },
      },
    ),
    ...specRoute(
      'GET',
      'tokens/{token}',
      'GeoReport v2: the service_request_id for a token (every service is realtime, so a request id is its own token)',
      (request) => service.token(request.params.token as string),
      { kind: 'service_requests', json: Tokens, errors: [400, 404], params: { token: Joi.string().required() } },
    ),
    ...specRoute(
      'GET',
      'servicerequestupdates',
      'FixMyStreet extension: status changes with their staff comments between start_date and end_date',
      (request) => {
        const { q, dates } = readQuery<{ start_date?: string; end_date?: string; page: number; page_size: number }>(
          request,
          Joi.object({ ...range, ...paging }),
        );
        return service.updates({ ...dates, page: q.page, pageSize: q.page_size });
      },
      { kind: 'service_request_updates', json: RequestUpdates, errors: read },
    ),
  ];
}

/** Runs an admin action with an audit log entry around it (the admin domain's `audited`). */
export type Audit = <T>(
  actor: { id?: string },
  action: string,
  target: { id?: string } | undefined,
  reason: undefined,
  details: Record<string, unknown>,
  fn: () => Promise<T>,
) => Promise<T>;
const unaudited: Audit = (_actor, _action, _target, _reason, _details, fn) => fn();

/** Admin API for keys (JSON, the contract's error shape); the admin console builds on it. Issuing and revoking are audited. */
export function apiKeyRoutes(keys: ApiKeys, audit: Audit = unaudited): ServerRoute[] {
  const auth = { strategy: 'session', scope: ['admin'] };
  const actor = (request: Request) => ({ id: (request.auth.credentials as { id?: string }).id });
  const adminTags = ['api', 'admin'];
  return [
    {
      method: 'GET',
      path: '/api/v1/admin/api-keys',
      options: {
        tags: adminTags,
        description: 'Open311 / integrator API keys, newest first (never the keys themselves)',
        auth,
        ...responses({ 200: Joi.array().items(ApiKey).label('ApiKeys') }, [401, 403, 503]),
        handler: () => keys.list(),
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/api-keys',
      options: {
        tags: adminTags,
        description: 'Issue an API key; the key is in this response only',
        auth,
        validate: {
          payload: Joi.object({ name: text(100).min(1).required(), rateLimit: Joi.number().integer().min(RATE_LIMIT_RANGE.min).max(RATE_LIMIT_RANGE.max) }),
        },
        ...responses({ 201: IssuedApiKey }, [...BODY_ERRORS, 401, 403]),
        handler: async (request, h) => {
          const { name, rateLimit } = request.payload as { name: string; rateLimit?: number };
          const issued = await audit(actor(request), 'api_key.create', undefined, undefined, { name, rateLimit }, () => keys.issue(name, rateLimit));
          return h.response(issued).code(201);
        },
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/admin/api-keys/{id}',
      options: {
        tags: adminTags,
        description: 'Revoke an API key (final; it stays listed as revoked)',
        auth,
        validate: { params: Joi.object({ id: objectId().required() }) },
        ...responses({ 204: null }, [...BODY_ERRORS, 401, 403, 404]),
        handler: async (request, h) => {
          const { id } = request.params as { id: string };
          await audit(actor(request), 'api_key.revoke', { id }, undefined, {}, () => keys.revoke(id));
          return h.response().code(204);
        },
      },
    },
  ];
}
