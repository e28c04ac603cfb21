import Boom from '@hapi/boom';
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { isDatabaseUnavailable } from '../../db/connection.js';
import { setHeaders } from '../../lib/errors.js';
import type { Open311Error, Open311Refusal, RefusalKind } from './errors.js';
import { xmlDocument, type Items } from './xml.js';

export const FORMATS = ['xml', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * The GeoReport v2 documents: each one's XML root element and the element names of its arrays' items.
 * JSON is the same value without the root; the service returns the value, this table names the rest.
 */
const DOCUMENTS = {
  discovery: { root: 'discovery', items: { endpoints: 'endpoint', formats: 'format' } },
  services: { root: 'services', items: { services: 'service' } },
  service_definition: { root: 'service_definition', items: { attributes: 'attribute', values: 'value' } },
  service_requests: { root: 'service_requests', items: { service_requests: 'request' } },
  service_request_updates: { root: 'service_request_updates', items: { service_request_updates: 'request_update' } },
  errors: { root: 'errors', items: { errors: 'error' } },
} satisfies Record<string, { root: string; items: Items }>;
export type DocumentKind = keyof typeof DOCUMENTS;

const STATUS: Record<RefusalKind, number> = { invalid: 400, forbidden: 403, not_found: 404, rate_limited: 429 };

/**
 * A refusal in the spec's error format: an HTTP status (404 for unknown resources, 403 for a missing or
 * wrong api_key, 429 for a key over its rate limit, 400 for everything else) and one or more errors.
 */
export function refusalResponse(refusal: Open311Refusal): Boom.Boom {
  const status = STATUS[refusal.kind];
  const list = refusal.problems.map((e) => (typeof e === 'string' ? { code: status, description: e } : e));
  const err = new Boom.Boom(refusal.message, { statusCode: status, data: { open311: list } });
  if (refusal.retryAfter !== undefined) err.output.headers['Retry-After'] = String(Math.max(1, Math.ceil(refusal.retryAfter)));
  return err;
}

export function formatOf(path: string): Format {
  return path.endsWith('.json') ? 'json' : 'xml'; // XML is the format the spec requires; it is also the fallback
}

export function render(h: ResponseToolkit, format: Format, kind: DocumentKind, value: unknown): ResponseObject {
  // JSON as a value, not text: hapi serialises it and (outside production) checks it against the route's schema
  if (format === 'json') return h.response(value as object).type('application/json; charset=utf-8');
  const { root, items } = DOCUMENTS[kind];
  return h.response(xmlDocument(root, value, items)).type('text/xml; charset=utf-8');
}

/** Any failure on an Open311 path -> the spec's status codes and `errors` document. */
function toOpen311(request: Request, err: Boom.Boom): { status: number; errors: Open311Error[]; headers: Record<string, string> } {
  const headers = { ...(err.output.headers as Record<string, string>) };
  const own = (err.data as { open311?: Open311Error[] } | null)?.open311;
  if (own) return { status: err.output.statusCode, errors: own, headers };
  const status = err.output.statusCode;
  if (status === 404) return { status, errors: [{ code: 404, description: `Not found: ${request.path}` }], headers };
  if (status === 415) return { status: 400, errors: [{ code: 400, description: 'POST requests must be sent as application/x-www-form-urlencoded' }], headers };
  if (status === 413) return { status: 400, errors: [{ code: 400, description: 'The request is too large' }], headers };
  if (status < 500) return { status: 400, errors: [{ code: 400, description: err.message || 'The request is not valid' }], headers };
  // the spec has no 5xx: a failure on our side is its "general service error" (400)
  if (isDatabaseUnavailable(err) || isDatabaseUnavailable((err as { data?: unknown }).data)) {
    return {
      status: 400,
      errors: [{ code: 400, description: 'General service error: the service is temporarily unavailable, please try again shortly' }],
      headers: { ...headers, 'Retry-After': '5' },
    };
  }
  request.log(['error'], { err: { name: err.name, message: err.message, stack: err.stack } });
  return { status: 400, errors: [{ code: 400, description: 'General service error: an internal error occurred' }], headers };
}

/** onPreResponse for /open311/ paths: errors in the spec's format, in the format the path asked for. */
export function renderError(request: Request, h: ResponseToolkit, err: Boom.Boom): ResponseObject {
  const { status, errors, headers } = toOpen311(request, err);
  const out = render(h, formatOf(request.path), 'errors', errors).code(status);
  setHeaders(out, headers);
  return out;
}
