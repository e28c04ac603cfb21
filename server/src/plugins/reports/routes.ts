import { Readable } from 'node:stream';
import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import { clientIp } from '../../lib/client-ip.js';
import { fail } from '../../lib/errors.js';
import { multilineText } from '../../lib/multiline.js';
import { BODY_ERRORS, responses } from '../../lib/responses.js';
import {
  Category,
  Message,
  MyReportPage,
  NearbyReport,
  ReportCreated,
  ReportForReporter,
  ReportPage,
  ReportForStaff,
  ReportViewed,
  Support,
} from './schemas.js';
import { pagingQuery } from '../../lib/paging.js';
import { email, locale, objectId, rule, text } from '../../lib/validation.js';
import type { Credentials } from '../../lib/credentials.js';
import { COMMENT_REQUIRED, STATUSES, transitionNotes, type Status } from './workflow.js';
import { statusList, TRACKING_HEADER } from './params.js';
import type { ReportConversation } from './messages.js';
import { PHOTO_LIMITS } from './photos.js';
import { NEARBY, type Actor, type NewReport, type ReportsService } from './service.js';
import { trackingCode } from './tracking.js';

const tags = (...t: string[]) => ['api', ...t];
const optionalSession = { strategy: 'session', mode: 'optional' as const };

const actor = (request: Request): Actor | undefined => (request.auth.isAuthenticated ? (request.auth.credentials as unknown as Credentials) : undefined);

const location = Joi.object({
  lat: Joi.number().min(-90).max(90).required(),
  lng: Joi.number().min(-180).max(180).required(),
  address: text(300).allow(''),
});

/** In multipart forms `location` arrives as a JSON string. */
const locationJson = rule<string>(Joi.string().max(2000), (value) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'invalid';
  }
  const { error, value: checked } = location.validate(parsed);
  return error ? 'invalid' : { value: checked };
});

const photoPart = rule<unknown>(Joi.any(), (value) => (value instanceof Readable ? undefined : 'invalid'));

/** "minLng,minLat,maxLng,maxLat" -> four numbers, min below max. */
const bbox = rule<string>(Joi.string().max(200), (value) => {
  const n = value.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) return 'invalid';
  const [minLng, minLat, maxLng, maxLat] = n as [number, number, number, number];
  if (minLng > maxLng || minLat > maxLat || Math.abs(minLat) > 90 || Math.abs(maxLat) > 90 || Math.abs(minLng) > 180 || Math.abs(maxLng) > 180)
    return 'invalid';
  return { value: n };
});

/** Multipart parts are read with a per-photo limit, so one oversized photo is a 413 rather than a memory spike later. */
async function readPhotoParts(value: unknown): Promise<Buffer[]> {
  const parts = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const out: Buffer[] = [];
  for (const [i, part] of (parts as Readable[]).entries()) {
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of part) {
      bytes += (chunk as Buffer).length;
      if (bytes > PHOTO_LIMITS.maxBytes) throw fail('payload_too_large', `Photo ${i + 1} is larger than ${PHOTO_LIMITS.maxBytes / 1024 / 1024} MB`);
      chunks.push(chunk as Buffer);
    }
    out.push(Buffer.concat(chunks));
  }
  return out;
}

// eslint-disable-next-line max-lines-per-function -- a route table, one declarative object per route; its length is the API's, not logic to split
export function reportRoutes(service: ReportsService, conversation: ReportConversation): ServerRoute[] {
  const categoryIds = service.categories().map((c) => c.id);
  const departmentIds = [...new Set(service.categories().map((c) => c.department))];
  const id = { id: objectId().required() };
  const trackingHeaders = Joi.object({ [TRACKING_HEADER]: Joi.string().max(40) }).unknown(true);
  const viewer = (request: Request) => ({ actor: actor(request), trackingCode: request.headers[TRACKING_HEADER] as string | undefined });

  return [
    {
      method: 'GET',
      path: '/api/v1/categories',
      options: {
        tags: tags('reports'),
        description: 'Report categories from the municipality profile, each routed to a department',
        // set by hand: hapi's route `cache` option writes its header after the API's no-store default is applied
        ...responses({ 200: Joi.array().items(Category).label('Categories') }, []),
        handler: (_request, h) => h.response(service.categories()).header('cache-control', 'public, max-age=300'),
      },
    },
    {
      method: 'POST',
      path: '/api/v1/reports',
      options: {
        tags: tags('reports'),
        description: 'Send a report (signed in, or anonymously where the profile allows it); honours Idempotency-Key',
        notes: `JSON, or multipart/form-data with up to ${PHOTO_LIMITS.maxPhotos} \`photos\` parts (JPEG, PNG, WebP, HEIC/AVIF; ${PHOTO_LIMITS.maxBytes / 1024 / 1024} MB and ${PHOTO_LIMITS.maxInputPixels / 1e6} MP each) and \`location\` as a JSON string. contactEmail and locale are used for anonymous reports only.`,
        auth: optionalSession,
        payload: {
          allow: ['application/json', 'multipart/form-data'],
          multipart: { output: 'stream' },
          maxBytes: PHOTO_LIMITS.maxPhotos * PHOTO_LIMITS.maxBytes + 1024 * 1024,
          maxParts: 20,
          timeout: 120_000,
        },
        validate: {
          payload: Joi.object({
            categoryId: Joi.string()
              .valid(...categoryIds)
              .required(),
            description: multilineText(5000).min(5).required(),
            location: Joi.alternatives().conditional(Joi.string(), { then: locationJson, otherwise: location }).required(),
            title: text(120).allow(''),
            contactEmail: email().allow(''),
            locale: locale(),
            photos: Joi.alternatives().conditional(Joi.array(), { then: Joi.array().items(photoPart).max(PHOTO_LIMITS.maxPhotos), otherwise: photoPart }),
          }),
        },
        ...responses(
          { 201: { description: 'Created', schema: ReportCreated, headers: { Location: { schema: { type: 'string' }, description: 'the report' } } } },
          [...BODY_ERRORS, 401, 409],
          { plugins: { idempotency: true } },
        ),
        handler: async (request, h) => {
          const { photos, ...input } = request.payload as NewReport & { photos?: unknown };
          const result = await service.create(input, actor(request), await readPhotoParts(photos), { clientIp: clientIp(request, service.trustProxy) });
          return h.response(result).code(201).header('location', `/api/v1/reports/${result.id}`);
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/reports',
      options: {
        tags: tags('reports'),
        description: 'Public list of reports, newest first (no personal data)',
        notes: 'status may list several statuses separated by commas; bbox is minLng,minLat,maxLng,maxLat.',
        validate: {
          query: Joi.object({
            status: statusList,
            categoryId: Joi.string().valid(...categoryIds),
            department: Joi.string().valid(...departmentIds),
            district: Joi.string().valid(...service.config.profile.districts.map((d) => d.id)),
            bbox,
            ...pagingQuery(20, 100),
          }),
        },
        ...responses({ 200: ReportPage }, [400, 503]),
        handler: (request) => {
          const { page, limit, ...filters } = request.query as {
            page: number;
            limit: number;
            status?: Status[];
            categoryId?: string;
            department?: string;
            district?: string;
            bbox?: [number, number, number, number];
          };
          return service.list(filters, { page, limit });
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/reports/nearby',
      options: {
        tags: tags('reports'),
        description: 'Open reports of a category close to a point: offered to the reporter before sending a possible duplicate',
        validate: {
          query: Joi.object({
            categoryId: Joi.string()
              .valid(...categoryIds)
              .required(),
            lat: Joi.number().min(-90).max(90).required(),
            lng: Joi.number().min(-180).max(180).required(),
            radius: Joi.number().integer().min(10).max(NEARBY.maxRadius).default(NEARBY.defaultRadius),
          }),
        },
        ...responses({ 200: Joi.array().items(NearbyReport).label('NearbyReports') }, [400, 503]),
        handler: (request) => {
          const q = request.query as { categoryId: string; lat: number; lng: number; radius: number };
          return service.nearby(q.categoryId, { lat: q.lat, lng: q.lng }, q.radius);
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/reports/{id}',
      options: {
        tags: tags('reports'),
        description: 'Public view of a report: status history with staff comments, supportCount, photos',
        notes: 'With a valid session the answer also has `viewer: {reporter, staff, supported}`.',
        auth: { strategy: 'session', mode: 'try' },
        validate: { params: Joi.object(id) },
        ...responses({ 200: ReportViewed }, [400, 404, 503]),
        handler: (request) => service.view((request.params as { id: string }).id, actor(request)),
      },
    },
    {
      method: 'GET',
      path: '/api/v1/reports/track/{trackingCode}',
      options: {
        tags: tags('reports'),
        description: 'What the reporter may see, for the holder of the tracking code: status history and the conversation',
        validate: { params: Joi.object({ trackingCode: trackingCode().required() }) },
        ...responses({ 200: ReportForReporter }, [400, 404, 503]),
        handler: (request) => service.track((request.params as { trackingCode: string }).trackingCode),
      },
    },
    {
      method: 'GET',
      path: '/api/v1/reports/{id}/photos/{n}',
      options: {
        tags: tags('reports'),
        description: 'A photo of a report (n from 0): re-encoded JPEG without metadata',
        validate: {
          params: Joi.object({
            ...id,
            n: Joi.number()
              .integer()
              .min(0)
              .max(PHOTO_LIMITS.maxPhotos - 1)
              .required(),
          }),
        },
        ...responses(
          { 200: { description: 'The photo (JPEG)', schema: { type: 'string', format: 'binary' } }, 304: { description: 'Not Modified (If-None-Match)' } },
          [400, 404, 503],
          { produces: ['image/jpeg', 'application/json'] },
        ),
        handler: async (request, h) => {
          const { id: reportId, n } = request.params as { id: string; n: number };
          const photo = await service.photo(reportId, n);
          // the bytes never change, but moderation may withdraw the photo: caches keep it, yet ask
          // each time (the ETag makes that a 304), so a hidden photo is gone at once (API.md §4b)
          return h
            .response(photo.data)
            .type(photo.contentType)
            .etag(photo.etag)
            .header('cache-control', 'public, no-cache')
            .header('x-content-type-options', 'nosniff')
            .header('cross-origin-resource-policy', 'cross-origin');
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/me/reports',
      options: {
        tags: tags('me', 'reports'),
        description: 'The signed-in resident’s own reports, newest first',
        auth: { strategy: 'session' },
        validate: { query: Joi.object(pagingQuery(20, 100)) },
        ...responses({ 200: MyReportPage }, [400, 401, 503]),
        handler: (request) => service.mine(actor(request)!.id, request.query as { page: number; limit: number }),
      },
    },
    {
      method: 'GET',
      path: '/api/v1/reports/{id}/messages',
      options: {
        tags: tags('reports'),
        description: 'The conversation between the reporter and the responsible department',
        notes: 'The reporter (signed in, or anonymous with the X-Tracking-Code header), staff of the category’s department, admins.',
        auth: optionalSession,
        cors: { additionalHeaders: [TRACKING_HEADER] },
        validate: { params: Joi.object(id), headers: trackingHeaders },
        ...responses({ 200: Joi.array().items(Message).label('Messages') }, [400, 401, 403, 404, 503]),
        handler: (request) => conversation.list((request.params as { id: string }).id, viewer(request)),
      },
    },
    {
      method: 'POST',
      path: '/api/v1/reports/{id}/messages',
      options: {
        tags: tags('reports'),
        description: 'Write in the conversation of a report',
        notes: 'Same access as reading. The other side is emailed.',
        auth: optionalSession,
        cors: { additionalHeaders: [TRACKING_HEADER] },
        validate: { params: Joi.object(id), headers: trackingHeaders, payload: Joi.object({ body: multilineText(2000).min(1).required() }) },
        ...responses({ 201: Message }, [...BODY_ERRORS, 401, 403, 404, 409]),
        handler: async (request, h) => {
          const message = await conversation.post((request.params as { id: string }).id, viewer(request), (request.payload as { body: string }).body);
          return h.response(message).code(201);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/reports/{id}/status',
      options: {
        tags: tags('reports', 'staff'),
        description: 'Change the status of a report (staff of the category’s department, admins); the comment is public and emailed to the reporter',
        notes: transitionNotes(),
        auth: { strategy: 'session', scope: ['staff', 'admin'] },
        validate: {
          params: Joi.object(id),
          payload: Joi.object({
            status: Joi.string()
              .valid(...STATUSES)
              .required(),
            comment: Joi.when('status', { is: COMMENT_REQUIRED, then: multilineText(2000).required(), otherwise: multilineText(2000).allow('') }),
            duplicateOf: Joi.when('status', { is: 'duplicate', then: objectId(), otherwise: Joi.forbidden() }),
          }),
        },
        ...responses({ 200: ReportForStaff }, [...BODY_ERRORS, 401, 403, 404, 409]),
        handler: (request) =>
          service.changeStatus(
            (request.params as { id: string }).id,
            actor(request)!,
            request.payload as { status: Status; comment?: string; duplicateOf?: string },
          ),
      },
    },
    {
      method: 'POST',
      path: '/api/v1/reports/{id}/support',
      options: {
        tags: tags('reports'),
        description: '"Me too": support an open report (one per resident)',
        auth: { strategy: 'session', scope: ['resident'] },
        validate: { params: Joi.object(id) },
        ...responses({ 201: Support }, [...BODY_ERRORS, 401, 403, 404, 409]),
        handler: async (request, h) => h.response(await service.support((request.params as { id: string }).id, actor(request)!)).code(201),
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/reports/{id}/support',
      options: {
        tags: tags('reports'),
        description: 'Withdraw one’s support',
        auth: { strategy: 'session', scope: ['resident'] },
        validate: { params: Joi.object(id) },
        ...responses({ 200: Support }, [...BODY_ERRORS, 401, 403, 404]),
        handler: (request) => service.unsupport((request.params as { id: string }).id, actor(request)!),
      },
    },
  ];
}
