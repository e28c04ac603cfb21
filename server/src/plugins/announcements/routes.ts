import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { multilineText } from '../../lib/multiline.js';
import { pagingQuery } from '../../lib/paging.js';
import { BODY_ERRORS, idString, isoTime, pageOf, responses } from '../../lib/responses.js';
import { objectId, text } from '../../lib/validation.js';
import { userId } from '../../lib/credentials.js';
import type { AnnouncementChange, AnnouncementsService, NewAnnouncement } from './service.js';

const tags = ['api', 'announcements'];

/** The service's view of an announcement. */
const Announcement = Joi.object({
  id: idString().required(),
  title: Joi.string().required(),
  body: Joi.string().required(),
  translations: Joi.object({
    en: Joi.object({ title: Joi.string().required(), body: Joi.string().required() }).label('AnnouncementText'),
    de: Joi.object({ title: Joi.string().required(), body: Joi.string().required() }).label('AnnouncementText'),
    uk: Joi.object({ title: Joi.string().required(), body: Joi.string().required() }).label('AnnouncementText'),
  })
    .required()
    .description('the same notice in English, German and Ukrainian, where written (title and body in Polish)'),
  publishedAt: isoTime().required(),
  expiresAt: isoTime(),
  updatedAt: isoTime(),
}).label('Announcement');
const admin = { strategy: 'session', scope: ['admin'] };
const localText = () => Joi.object({ title: text(200).min(1).required(), body: multilineText(10_000).min(1).required() });
const translations = () => Joi.object({ en: localText(), de: localText(), uk: localText() });

// eslint-disable-next-line max-lines-per-function -- a route table, one declarative object per route: long by nature, read route by route
export function announcementRoutes(service: AnnouncementsService): ServerRoute[] {
  const isAdmin = (scope: unknown) => Array.isArray(scope) && scope.includes('admin');
  return [
    {
      method: 'GET',
      path: '/api/v1/announcements',
      options: {
        tags,
        description: 'Announcements ("Komunikaty"), newest first',
        notes: 'Admins may add all=true to include scheduled and expired ones.',
        auth: { strategy: 'session', mode: 'try' },
        validate: { query: Joi.object({ all: Joi.boolean().default(false), ...pagingQuery(10, 50) }) },
        ...responses({ 200: pageOf(Announcement, 'AnnouncementPage') }, [400, 503]),
        handler: (request) => {
          const { all, page, limit } = request.query as { all: boolean; page: number; limit: number };
          return service.list({ page, limit }, all && isAdmin(request.auth.credentials?.scope));
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/announcements/{id}',
      options: {
        tags,
        description: 'One announcement',
        auth: { strategy: 'session', mode: 'try' },
        validate: { params: Joi.object({ id: objectId().required() }) },
        ...responses({ 200: Announcement }, [400, 404, 503]),
        handler: (request) => service.get((request.params as { id: string }).id, isAdmin(request.auth.credentials?.scope)),
      },
    },
    {
      method: 'POST',
      path: '/api/v1/announcements',
      options: {
        tags,
        description: 'Publish an announcement (admin)',
        auth: admin,
        validate: {
          payload: Joi.object({
            title: text(200).min(1).required(),
            body: multilineText(10_000).min(1).required(),
            translations: translations(),
            publishedAt: Joi.date().iso(),
            expiresAt: Joi.date().iso(),
          }),
        },
        ...responses({ 201: Announcement }, [...BODY_ERRORS, 401, 403]),
        handler: async (request, h) => h.response(await service.create(request.payload as NewAnnouncement, userId(request))).code(201),
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/announcements/{id}',
      options: {
        tags,
        description: 'Edit an announcement, its translations or its publishing window; `unpublish: true` ends it now (admin)',
        auth: admin,
        validate: {
          params: Joi.object({ id: objectId().required() }),
          payload: Joi.object({
            title: text(200).min(1),
            body: multilineText(10_000).min(1),
            translations: translations(),
            publishedAt: Joi.date().iso(),
            expiresAt: Joi.date().iso().allow(null),
            unpublish: Joi.boolean().valid(true),
          }).min(1),
        },
        ...responses({ 200: Announcement }, [...BODY_ERRORS, 401, 403, 404]),
        handler: (request) => service.update((request.params as { id: string }).id, request.payload as AnnouncementChange),
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/announcements/{id}',
      options: {
        tags,
        description: 'Withdraw an announcement (admin)',
        auth: admin,
        validate: { params: Joi.object({ id: objectId().required() }) },
        ...responses({ 204: null }, [...BODY_ERRORS, 401, 403, 404]),
        handler: async (request, h) => {
          await service.remove((request.params as { id: string }).id);
          return h.response().code(204);
        },
      },
    },
  ];
}
