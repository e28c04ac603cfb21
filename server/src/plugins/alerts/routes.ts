import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import { clientIp } from '../../lib/client-ip.js';
import { BODY_ERRORS, isoTime, responses } from '../../lib/responses.js';
import { email, locale, objectId, token } from '../../lib/validation.js';
import type { Credentials } from '../../lib/credentials.js';
import type { Actor } from '../reports/index.js';
import type { AlertsService, NewAlert } from './service.js';

const tags = (...t: string[]) => ['api', ...t];
const actor = (request: Request) => (request.auth.isAuthenticated ? (request.auth.credentials as unknown as Credentials as Actor) : undefined);

const AreaBody = Joi.alternatives()
  .try(
    Joi.object({ lat: Joi.number().required(), lng: Joi.number().required(), radiusM: Joi.number().integer().required() }).label('CircleArea'),
    Joi.object({ district: Joi.string().required() }).label('DistrictArea'),
    Joi.object({ city: Joi.boolean().valid(true).required() }).label('CityArea'),
  )
  .label('AlertArea');

const Alert = Joi.object({
  id: Joi.string().required(),
  status: Joi.string().valid('active', 'pending').required(),
  area: AreaBody.required(),
  categories: Joi.array().items(Joi.string()).required(),
  locale: Joi.string().required(),
  createdAt: isoTime().required(),
}).label('Alert');

const Unsubscribed = Joi.object({ status: Joi.string().valid('unsubscribed').required() }).label('Unsubscribed');

/** These answers are JSON for the widget or an HTML page for a browser: both pass the response check (the document shows the JSON). */
const orPage = (json: Joi.Schema) => ({ response: { status: { 200: Joi.alternatives().try(json, Joi.string()) } } });

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page for people who open the unsubscribe link in a browser: a GET never unsubscribes (link scanners follow GETs). */
function unsubscribePage(action: string, done: boolean): string {
  const body = done
    ? '<p>Wypisano. Unsubscribed. Abgemeldet.</p>'
    : `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Wypisz mnie · Unsubscribe · Abmelden</button></form>`;
  return `<!doctype html><html lang="pl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Powiadomienia · Alerts</title></head><body><main><h1>Powiadomienia · Alerts · Benachrichtigungen</h1>${body}</main></body></html>`;
}

// eslint-disable-next-line max-lines-per-function -- a route table, one declarative object per route; its length is the API's, not logic to split
export function alertRoutes(service: AlertsService, opts: { categoryIds: string[]; districtIds: string[]; trustProxy: number }): ServerRoute[] {
  const area = Joi.alternatives()
    .try(
      Joi.object({
        lat: Joi.number().min(-90).max(90).required(),
        lng: Joi.number().min(-180).max(180).required(),
        radiusM: Joi.number().integer().min(50).max(10_000).required(),
      }),
      Joi.object({
        district: Joi.string()
          .valid(...opts.districtIds)
          .required(),
      }),
      Joi.object({ city: Joi.boolean().valid(true).required() }),
    )
    .required();
  const tokenQuery = { query: Joi.object({ token: token().required() }) };
  return [
    {
      method: 'POST',
      path: '/api/v1/alerts',
      options: {
        tags: tags('alerts'),
        description: 'Follow new reports and status changes in an area (circle, district or the whole city), optionally for some categories',
        notes:
          'A signed-in resident with a verified email (and no other `email`) gets 201 {id, status:"active"}; anyone else 202 and a confirmation email. Limited per address and per client (429).',
        auth: { strategy: 'session', mode: 'try' },
        validate: {
          payload: Joi.object({
            email: email(),
            area,
            categories: Joi.array()
              .items(Joi.string().valid(...opts.categoryIds))
              .unique()
              .max(50),
            locale: locale(),
          }),
        },
        ...responses(
          {
            201: Joi.object({ id: Joi.string().required(), status: Joi.string().valid('active').required() }).label('AlertActive'),
            202: Joi.object({ status: Joi.string().valid('pending_confirmation').required() }).label('AlertPending'),
          },
          [...BODY_ERRORS, 409, 429],
        ),
        handler: async (request, h) => {
          const result = await service.subscribe(request.payload as NewAlert, actor(request), clientIp(request, opts.trustProxy));
          return h.response(result).code(result.status === 'active' ? 201 : 202);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/alerts/confirm',
      options: {
        tags: tags('alerts'),
        description: 'Confirm an alert with the emailed token',
        validate: { payload: Joi.object({ token: token().required() }) },
        ...responses(
          { 200: Joi.object({ id: Joi.string().required(), status: Joi.string().valid('active').required() }).label('AlertConfirmed') },
          BODY_ERRORS,
        ),
        handler: (request) => service.confirm((request.payload as { token: string }).token),
      },
    },
    {
      method: 'GET',
      path: '/api/v1/alerts/unsubscribe',
      options: {
        tags: tags('alerts'),
        description: 'The alert an unsubscribe link names (JSON for the widget’s manage view; an HTML page with an unsubscribe button for browsers)',
        validate: tokenQuery,
        ...responses({ 200: Alert }, [400, 503], { produces: ['application/json', 'text/html'] }),
        ...orPage(Alert),
        handler: async (request, h) => {
          const alert = await service.byToken((request.query as { token: string }).token);
          if (!String(request.headers.accept ?? '').includes('text/html')) return alert;
          return h.response(unsubscribePage(request.url.pathname + request.url.search, false)).type('text/html; charset=utf-8');
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/alerts/unsubscribe',
      options: {
        tags: tags('alerts'),
        description: 'RFC 8058 one-click unsubscribe: body List-Unsubscribe=One-Click; no sign-in',
        payload: { allow: ['application/x-www-form-urlencoded', 'application/json', 'multipart/form-data'], multipart: { output: 'data' }, maxBytes: 4096 },
        validate: { ...tokenQuery, payload: Joi.any() },
        ...responses({ 200: Unsubscribed }, [400, 503], { produces: ['application/json', 'text/html'] }),
        ...orPage(Unsubscribed),
        handler: async (request, h) => {
          await service.unsubscribe((request.query as { token: string }).token);
          if (String(request.headers.accept ?? '').includes('text/html')) return h.response(unsubscribePage('', true)).type('text/html; charset=utf-8');
          return { status: 'unsubscribed' };
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/me/alerts',
      options: {
        tags: tags('me', 'alerts'),
        description: 'The signed-in resident’s alerts',
        auth: { strategy: 'session' },
        ...responses({ 200: Joi.array().items(Alert).label('Alerts') }, [401, 503]),
        handler: (request) => service.mine(actor(request)!.id),
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/me/alerts/{id}',
      options: {
        tags: tags('me', 'alerts'),
        description: 'Remove one of one’s alerts',
        auth: { strategy: 'session' },
        validate: { params: Joi.object({ id: objectId().required() }) },
        ...responses({ 204: null }, [400, 401, 404, 503]),
        handler: async (request, h) => {
          await service.removeMine(actor(request)!.id, (request.params as { id: string }).id);
          return h.response().code(204);
        },
      },
    },
  ];
}
