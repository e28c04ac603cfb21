import Boom from '@hapi/boom';
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { isDatabaseUnavailable } from '../../db/connection.js';
import { setHeaders } from '../../lib/errors.js';
import { xmlDocument, type Items } from './xml.js';

export const FORMATS = ['xml', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** A GeoReport v2 document: its XML root element, the value (JSON is the same value without the root) and array item names. */
export interface Document {
  root: string;
  value: unknown;
  items?: Items;
}

export interface Open311Error {
  code: number;
  description: string;
}

/**
 * A failure in the spec's error format: an HTTP status (404 for unknown resources, 403 for a missing or
 * wrong api_key, 429 for a key over its rate limit, 400 for everything else) and one or more errors.
 */
export function open311Fail(status: number, errors: Array<string | Open311Error>, retryAfter?: number): Boom.Boom {
  const list = errors.map((e) => (typeof e === 'string' ? { code: status, description: e } : e));
  const err = new Boom.Boom(list.map((e) => e.description).join('; '), { statusCode: status, data: { open311: list } });
  if (retryAfter !== undefined) err.output.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfter)));
  return err;
}

export function formatOf(path: string): Format {
  return path.endsWith('.json') ? 'json' : 'xml'; // XML is the format the spec requires; it is also the fallback
}

export function render(h: ResponseToolkit, format: Format, doc: Document): ResponseObject {
  // JSON as a value, not text: hapi serialises it and (outside production) checks it against the route's schema
  if (format === 'json') return h.response(doc.value as object).type('application/json; charset=utf-8');
  return h.response(xmlDocument(doc.root, doc.value, doc.items)).type('text/xml; charset=utf-8');
}

const errorsDocument = (errors: Open311Error[]): Document => ({ root: 'errors', value: errors, items: { errors: 'error' } });

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
  const out = render(h, formatOf(request.path), errorsDocument(errors)).code(status);
  setHeaders(out, headers);
  return out;
}
