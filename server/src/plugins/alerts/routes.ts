import Joi from 'joi';
import { createHash } from 'node:crypto';
import type { Request, ResponseToolkit, ServerRoute } from '@hapi/hapi';
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

/** The unsubscribe page's look: one small sheet allowed by its hash in the page's own CSP (no inline style attributes). */
const PAGE_STYLE =
  'body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#0b0c0c;background:#f3f2f1}main{max-width:36rem;margin:2rem auto;padding:1.5rem;background:#fff;border-top:6px solid #0b3f75}' +
  'h1{margin-top:0;font-size:1.5rem}button{font:inherit;font-weight:700;color:#fff;background:#0b5cab;border:0;border-radius:4px;padding:.6em 1.2em;cursor:pointer}' +
  'button:focus-visible{outline:3px solid #fd0;box-shadow:0 0 0 6px #0b0c0c}';
const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

/**
 * A page for people who open the unsubscribe link in a browser: a GET never unsubscribes (link scanners
 * follow GETs). `gone`: the link no longer names an alert (opened again after unsubscribing): a page
 * saying so, never the API's JSON error.
 */
function unsubscribePage(action: string, state: 'ask' | 'done' | 'gone'): string {
  const body =
    state === 'done'
      ? '<p>Wypisano. Nie będziemy już wysyłać tych powiadomień.</p><p lang="en">Unsubscribed. You will get no more of these alerts.</p><p lang="de">Abgemeldet. Sie erhalten diese Benachrichtigungen nicht mehr.</p><p lang="uk">Ви відписалися. Ці сповіщення більше не надходитимуть.</p>'
      : state === 'gone'
        ? '<p>Ten link nie jest już aktywny: powiadomienia z niego nie są wysyłane.</p><p lang="en">This link is no longer active: no alerts are sent for it.</p><p lang="de">Dieser Link ist nicht mehr aktiv: Dafür werden keine Benachrichtigungen gesendet.</p><p lang="uk">Це посилання вже не діє: сповіщення за ним не надсилаються.</p>'
        : `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Wypisz mnie · Unsubscribe · Abmelden · Відписатися</button></form>`;
  return `<!doctype html><html lang="pl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Powiadomienia · Alerts</title><style>${PAGE_STYLE}</style></head><body><main><h1>Powiadomienia · Alerts · Benachrichtigungen · Сповіщення</h1>${body}</main></body></html>`;
}

const page = (h: ResponseToolkit, html: string) =>
  h.response(html).type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).header('vary', 'accept');

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
          const token = (request.query as { token: string }).token;
          if (!String(request.headers.accept ?? '').includes('text/html')) return h.response(await service.byToken(token)).header('vary', 'accept');
          const known = await service.byToken(token).then(
            () => true,
            (err: unknown) => {
              if ((err as { output?: { payload?: { code?: string } } }).output?.payload?.code === 'invalid_token') return false;
              throw err;
            },
          );
          return page(h, unsubscribePage(request.url.pathname + request.url.search, known ? 'ask' : 'gone'));
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
          if (String(request.headers.accept ?? '').includes('text/html')) return page(h, unsubscribePage('', 'done'));
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
