import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import { fail } from '../../lib/errors.js';
import { multilineText } from '../../lib/multiline.js';
import { pagingQuery } from '../../lib/paging.js';
import { BODY_ERRORS, responses } from '../../lib/responses.js';
import { locale, objectId, text } from '../../lib/validation.js';
import type { Credentials } from '../../lib/credentials.js';
import { QUEUE_SORTS, statusList, TRACKING_HEADER, type Actor } from '../reports/index.js';
import type { Moderation } from './moderation.js';
import type { QueueFilters, StaffQueue } from './queue.js';
import type { Reopening } from './reopen.js';
import { QueuePage, StaffReport, Stats, StatusCounts } from './schemas.js';
import type { Statistics } from './stats.js';

const tags = (...t: string[]) => ['api', ...t];
const staffAuth = { strategy: 'session', scope: ['staff', 'admin'] };
const residentAuth = { strategy: 'session', scope: ['resident'] };
const actor = (request: Request) => request.auth.credentials as unknown as Credentials as Actor;
const params = { params: Joi.object({ id: objectId().required() }) };
const idOf = (request: Request) => (request.params as { id: string }).id;

export interface BackofficeParts {
  queue: StaffQueue;
  reopening: Reopening;
  moderation: Moderation;
  stats: Statistics;
  categoryIds: string[];
  districtIds: string[];
}

// eslint-disable-next-line max-lines-per-function -- a route table, one declarative object per route; its length is the API's, not logic to split
export function backofficeRoutes({ queue, reopening, moderation, stats, categoryIds, districtIds }: BackofficeParts): ServerRoute[] {
  const filters = {
    // no control characters (a NUL in a search crashed the embedded engine; fuzzing found it)
    q: text(200).allow(''),
    status: statusList,
    categoryId: Joi.string().valid(...categoryIds),
    district: Joi.string().valid(...districtIds),
    olderThanDays: Joi.number().integer().min(1).max(3650),
    sort: Joi.string()
      .valid(...QUEUE_SORTS)
      .default('newest'),
  };
  return [
    {
      method: 'GET',
      path: '/api/v1/staff/reports',
      options: {
        tags: tags('staff'),
        description: 'The staff queue: the department’s reports (admins: all), searchable and filtered, with the time in the current status',
        notes: 'q: text in title, description or address, or a tracking code. sort: newest (default), age (oldest first), supports (most supported first).',
        auth: staffAuth,
        validate: { query: Joi.object({ ...filters, ...pagingQuery(20, 100) }) },
        ...responses({ 200: QueuePage }, [400, 401, 403, 503]),
        handler: (request) => {
          const { page, limit, ...f } = request.query as unknown as QueueFilters & { page: number; limit: number };
          return queue.list(actor(request), f, { page, limit });
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/staff/reports.csv',
      options: {
        tags: tags('staff'),
        description:
          'The filtered queue as CSV for a spreadsheet: UTF-8 with BOM, headers and names in the staff member’s language, cells a spreadsheet would run as formulas neutralised',
        notes:
          'lang: the headers’ language (default: the account’s language). sep: `;` (default for pl, de, uk), `,` (default for en) or `tab`. Times are in the profile’s timeZone.',
        auth: staffAuth,
        validate: { query: Joi.object({ ...filters, lang: locale(), sep: Joi.string().valid(';', ',', 'tab') }) },
        // a file (format binary): the document lists text/csv for it and JSON for the errors (lib/openapi.ts)
        ...responses({ 200: { description: 'CSV (UTF-8 with BOM)', schema: { type: 'string', format: 'binary' } } }, [400, 401, 403, 503], {
          produces: ['text/csv', 'application/json'],
        }),
        handler: async (request, h) => {
          const { lang, sep, ...f } = request.query as unknown as QueueFilters & { lang?: string; sep?: ';' | ',' | 'tab' };
          return h
            .response(await queue.csv(actor(request), f, { lang, sep }))
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="reports-${new Date().toISOString().slice(0, 10)}.csv"`);
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/staff/reports/counts',
      options: {
        tags: tags('staff'),
        description: 'Reports per status in the department (admins: all)',
        auth: staffAuth,
        ...responses({ 200: StatusCounts }, [401, 403, 503]),
        handler: (request) => queue.counts(actor(request)),
      },
    },
    {
      method: 'GET',
      path: '/api/v1/staff/reports/{id}',
      options: {
        tags: tags('staff'),
        description: 'A report as staff see it: hidden or redacted content and residents’ flags included',
        auth: staffAuth,
        validate: params,
        ...responses({ 200: StaffReport }, [400, 401, 403, 404, 503]),
        handler: (request) => queue.one(actor(request), idOf(request)),
      },
    },
    {
      method: 'GET',
      path: '/api/v1/staff/reports/{id}/hidden-photos/{n}',
      options: {
        tags: tags('staff'),
        description:
          'A photo moderation took off the public report (n from 0, in the order they were hidden): staff of the department and admins only, never cached',
        auth: staffAuth,
        validate: { params: Joi.object({ id: objectId().required(), n: Joi.number().integer().min(0).max(49).required() }) },
        ...responses({ 200: { description: 'The photo (JPEG)', schema: { type: 'string', format: 'binary' } } }, [400, 401, 403, 404, 503], {
          produces: ['image/jpeg', 'application/json'],
        }),
        handler: async (request, h) => {
          const { id, n } = request.params as { id: string; n: number };
          const photo = await queue.hiddenPhoto(actor(request), id, n);
          // authenticated: the server marks it no-store (server.ts)
          return h.response(photo.data).type(photo.contentType).header('x-content-type-options', 'nosniff');
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/staff/reports/{id}/photos/{n}',
      options: {
        tags: tags('staff'),
        description: 'Photo n of a report (from 0), hidden or not: staff of the department and admins only, never cached',
        auth: staffAuth,
        validate: { params: Joi.object({ id: objectId().required(), n: Joi.number().integer().min(0).max(4).required() }) },
        ...responses({ 200: { description: 'The photo (JPEG)', schema: { type: 'string', format: 'binary' } } }, [400, 401, 403, 404, 503], {
          produces: ['image/jpeg', 'application/json'],
        }),
        handler: async (request, h) => {
          const { id, n } = request.params as { id: string; n: number };
          const photo = await queue.photo(actor(request), id, n);
          // authenticated, so no-store (server.ts); private too, for a proxy that ignores no-store
          return h.response(photo.data).type(photo.contentType).header('x-content-type-options', 'nosniff');
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/reports/{id}/moderation',
      options: {
        tags: tags('reports', 'staff'),
        description:
          'Redact the public text, take photos off the public report (or show hidden ones again), or hide it; audited, the reporter is emailed the reason',
        auth: staffAuth,
        validate: {
          ...params,
          payload: Joi.object({
            reason: multilineText(1000).min(3).required(),
            publicDescription: multilineText(5000).min(1),
            hidePhotos: Joi.array().items(Joi.number().integer().min(0).max(4)).max(5),
            showPhotos: Joi.array().items(Joi.number().integer().min(0).max(4)).max(5).description('hidden photos to show the public again'),
            hidden: Joi.boolean(),
          }),
        },
        ...responses({ 200: StaffReport }, [...BODY_ERRORS, 401, 403, 404]),
        handler: async (request) => {
          await moderation.moderate(idOf(request), actor(request), request.payload as Parameters<Moderation['moderate']>[2]);
          return queue.one(actor(request), idOf(request));
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/reports/{id}/flag',
      options: {
        tags: tags('reports'),
        description: 'Tell the city a public report shows something it should not (e.g. personal data); staff see it in the queue',
        auth: residentAuth,
        validate: { ...params, payload: Joi.object({ reason: multilineText(1000).min(3).required() }) },
        ...responses({ 202: null }, [...BODY_ERRORS, 401, 403, 404]),
        handler: async (request, h) => {
          await moderation.flag(idOf(request), actor(request), (request.payload as { reason: string }).reason);
          return h.response().code(202);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/reports/{id}/reopen',
      options: {
        tags: tags('reports'),
        description: '"Not fixed": the reporter or a supporter sends a resolved report back to accepted, within the profile’s reopenWindowDays',
        notes: 'Signed in (the reporter or a supporter), or an anonymous reporter with the X-Tracking-Code header.',
        auth: { strategy: 'session', mode: 'optional' },
        cors: { additionalHeaders: [TRACKING_HEADER] },
        validate: {
          ...params,
          headers: Joi.object({ [TRACKING_HEADER]: Joi.string().max(40) }).unknown(true),
          payload: Joi.object({ reason: multilineText(2000).min(3).required() }),
        },
        ...responses({ 200: Joi.object({ status: Joi.string().valid('accepted').required() }).label('Reopened') }, [...BODY_ERRORS, 401, 403, 404, 409]),
        handler: (request) =>
          reopening.reopen(
            idOf(request),
            { actor: request.auth.isAuthenticated ? actor(request) : undefined, trackingCode: request.headers[TRACKING_HEADER] as string | undefined },
            (request.payload as { reason: string }).reason,
          ),
      },
    },
    {
      method: 'GET',
      path: '/api/v1/stats',
      options: {
        tags: tags('reports'),
        description: 'Public statistics (where the profile’s publicStats allows): reports per category and month, median hours to accept and to resolve',
        ...responses({ 200: Stats }, [404, 503]),
        handler: async (_request, h) => {
          if (!stats.published) throw fail('not_found', 'This city does not publish statistics');
          return h.response(await stats.get()).header('cache-control', 'public, max-age=600');
        },
      },
    },
  ];
}
