import Hapi, { type Server } from '@hapi/hapi';
import Inert from '@hapi/inert';
import Vision from '@hapi/vision';
import HapiSwagger from 'hapi-swagger';
import HapiPino from 'hapi-pino';
import { shortLines } from './lib/dev-log.js';
import type { Config } from './config.js';
import { createApp, prepareDatabase, type App } from './app.js';
import { registerErrorMapping, validationFailAction } from './lib/errors.js';
import { registerDocumentFinish } from './lib/openapi.js';
import { responseValidation } from './lib/responses.js';
import { smtpTransport } from './mail/transport.js';
import { startMailCatcher } from './mail/catcher.js';
import type { Transport } from './outbox/outbox.js';
import { catcherSmsTransport, smsapiTransport, webhookSmsTransport } from './sms/transport.js';
import { accountsPlugin } from './plugins/accounts/index.js';
import { healthPlugin } from './plugins/health/index.js';
import { devtoolsPlugin } from './plugins/devtools/index.js';
import { sitePlugin } from './plugins/site/index.js';
import { profilePlugin } from './plugins/profile/index.js';
import { reportsPlugin } from './plugins/reports/index.js';
import { announcementsPlugin } from './plugins/announcements/index.js';
import { open311Plugin } from './plugins/open311/index.js';
import { adminPlugin } from './plugins/admin/index.js';
import { identityPlugin } from './plugins/identity/index.js';
import { idempotencyPlugin } from './plugins/idempotency/index.js';
import { passkeysPlugin } from './plugins/passkeys/index.js';
import { alertsPlugin } from './plugins/alerts/index.js';
import { backofficePlugin } from './plugins/backoffice/index.js';
import { cityOpPlugin } from './plugins/city-op/index.js';
import { webhooksPlugin } from './plugins/webhooks/index.js';

export { createApp, prepareDatabase, type App } from './app.js';

const OPENAPI_PATH = '/openapi.json';

/**
 * createServer(config) -> a hapi server, not started. Starting it connects the database, creates
 * indexes and starts the outbox worker and housekeeping; stopping it drains them. Tests drive it with
 * inject() or a port.
 */
export async function createServer(config: Config): Promise<Server> {
  const server = Hapi.server(hapiOptions(config));
  await registerLogging(server, config);
  const app = createApp(config, (tags, data) => server.log(tags, data as object));
  server.app.civic = app;
  // Open311 paths answer in the GeoReport spec's error format (plugins/open311)
  registerErrorMapping(server, { except: ['/open311/'] });
  registerSecurityHeaders(server);
  await registerOpenApi(server);
  await registerDomains(server, app);
  registerBackground(server, app);
  return server;
}

/** Listening, CORS, validation, payload limits, security headers and response checking for every route. */
function hapiOptions(config: Config): Hapi.ServerOptions {
  const production = config.env === 'production';
  return {
    port: config.port,
    host: config.host,
    debug: false,
    router: { stripTrailingSlash: true },
    routes: {
      cors: {
        origin: config.corsOrigins,
        credentials: false,
        additionalHeaders: ['Idempotency-Key'],
        additionalExposedHeaders: ['Retry-After', 'Idempotent-Replayed'],
        maxAge: 600,
      },
      validate: { failAction: validationFailAction, options: { abortEarly: false } },
      payload: { maxBytes: 64 * 1024, allow: ['application/json'] },
      security: {
        hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
        xframe: 'deny',
        noSniff: true,
        referrer: 'no-referrer',
        xss: false,
        noOpen: true,
      },
      // success bodies checked against their documented schemas: all in development and tests, none in production (lib/responses.ts)
      response: responseValidation(config.env),
    },
  };
}

/** Request logs: method, route pattern, status and timing; no addresses, emails or tokens. */
async function registerLogging(server: Server, config: Config): Promise<void> {
  await server.register({
    plugin: HapiPino,
    options: {
      level: config.logLevel,
      // development: one short line per request; elsewhere JSON lines for log collectors
      ...(config.env === 'development' ? { stream: shortLines() } : {}),
      logPayload: false,
      logQueryParams: false,
      logRequestStart: false,
      ignorePaths: ['/health/live', '/health/ready'],
      // the route's pattern, never the actual path (it can carry a tracking code or an id)
      customRequestCompleteMessage: (request: { method: string; route: { path: string }; response?: { statusCode?: number } }, ms: number) =>
        `${request.method.toUpperCase()} ${request.route.path} ${request.response?.statusCode ?? ''} (${ms}ms)`,
      customRequestErrorMessage: (request: { method: string; route: { path: string } }, err: Error) =>
        `${request.method.toUpperCase()} ${request.route.path} failed: ${err.message}`,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'], remove: true },
      // no addresses, emails or tokens in logs: only method, route path and timing
      serializers: {
        // tracking codes are bearer secrets: never in logs
        req: (req: { method: string; url: string; id: string }) => ({
          id: req.id,
          method: req.method,
          path: String(req.url)
            .split('?')[0]!
            .replace(/\/track\/[^/]+/, '/track/{code}'),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    } as object,
  });
}

/** Authenticated and account responses are never stored by caches; API responses never framed or scripted. */
function registerSecurityHeaders(server: Server): void {
  server.ext('onPreResponse', (request, h) => {
    const response = request.response as { header?: (k: string, v: string) => unknown; headers?: Record<string, unknown> };
    if (!response?.header) return h.continue;
    if (request.path.startsWith('/api/') || request.path.startsWith('/open311/')) {
      // public routes that declare a cache lifetime keep it (hapi writes that header after this hook)
      const declared = (request.route.settings.cache as { expiresIn?: number } | undefined)?.expiresIn;
      const cacheable = (declared || response.headers?.['cache-control']) && !request.auth.credentials;
      if (!cacheable) response.header('cache-control', 'no-store');
      // a route that serves a page sets its own, stricter-than-nothing policy (identity/post-binding.ts)
      if (!response.headers?.['content-security-policy']) response.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
    return h.continue;
  });
}

/** The OpenAPI 3.0 document at /openapi.json and its page at /docs/api, built from the routes' Joi schemas. */
async function registerOpenApi(server: Server): Promise<void> {
  await server.register([Inert, Vision]);
  await server.register({
    plugin: HapiSwagger,
    options: {
      info: {
        title: 'CivicKit API',
        version: '1.0.0',
        description:
          'Resident accounts and problem reports. Errors: {statusCode, error, message, code, fields?, retryAfter?}; Open311 paths answer in the GeoReport v2 error format.',
      },
      // OpenAPI 3.0 rather than Swagger 2.0: media types per response, so 202/204 are documented without a body
      OAS: 'v3.0',
      jsonPath: OPENAPI_PATH,
      documentationPath: '/docs/api',
      grouping: 'tags',
      securityDefinitions: { bearer: { type: 'apiKey', name: 'Authorization', in: 'header', description: 'Bearer <accessToken>' } },
      // the docs page must not call out to swagger.io
      validatorUrl: null as unknown as string,
    },
  });
  registerDocumentFinish(server, OPENAPI_PATH);
}

/** Every domain's plugin, each given only what it uses. */
async function registerDomains(server: Server, app: App): Promise<void> {
  const { config, conn, housekeeping } = app;
  const audit = app.admin.audited.bind(app.admin);
  await server.register([
    { plugin: idempotencyPlugin, options: { conn, dataKey: config.dataKey, housekeeping, trustProxy: config.trustProxy } },
    { plugin: healthPlugin, options: { conn } },
    { plugin: profilePlugin, options: { config } },
    { plugin: accountsPlugin, options: { service: app.accounts, config } },
    {
      plugin: passkeysPlugin,
      options: { conn, accounts: app.accounts, webauthn: config.webauthn, dataKey: config.dataKey, trustProxy: config.trustProxy, housekeeping },
    },
    { plugin: identityPlugin, options: { conn, accounts: app.accounts, config, housekeeping } },
    { plugin: reportsPlugin, options: { service: app.reports, housekeeping } },
    { plugin: announcementsPlugin, options: { service: app.announcements } },
    { plugin: open311Plugin, options: { service: app.open311, config, audit } },
    { plugin: adminPlugin, options: { service: app.admin } },
    { plugin: alertsPlugin, options: { service: app.alerts, config, housekeeping } },
    { plugin: backofficePlugin, options: { backoffice: app.backoffice, housekeeping } },
    { plugin: cityOpPlugin, options: { service: app.cityOp, config } },
    { plugin: webhooksPlugin, options: { service: app.webhooks, reports: app.reports, accounts: app.accounts, cityOp: app.cityOp } },
    { plugin: sitePlugin, options: { config } },
  ]);
  if (config.devMailbox) await server.register({ plugin: devtoolsPlugin, options: { conn, devMailbox: config.devMailbox } });
}

/**
 * What runs beside the requests: on start the database is prepared, then the outbox (with its
 * transports) and housekeeping start; on stop they stop before the connection closes.
 */
function registerBackground(server: Server, app: App): void {
  let closeTransports: (() => Promise<void>) | undefined;
  server.ext('onPreStart', async () => {
    await prepareDatabase(app);
    const outbound = await startTransports(app);
    closeTransports = outbound.close;
    app.outbox.start(outbound.transports);
    app.housekeeping.start();
  });
  server.ext('onPostStop', async () => {
    await app.housekeeping.stop();
    await app.outbox.stop();
    await closeTransports?.();
    await app.conn.close();
  });
}

/** Email through SMTP (or the dev catcher), SMS through a gateway (or the dev catcher, never in production). */
async function startTransports(app: App): Promise<{ transports: Partial<Record<'email' | 'sms', Transport>>; close: () => Promise<void> }> {
  const { config } = app;
  const transports: Partial<Record<'email' | 'sms', Transport>> = {};
  let closeCatcher: (() => Promise<void>) | undefined;
  let closeSmtp: (() => void) | undefined;
  let smtpUrl = config.smtpUrl;
  if (!smtpUrl && config.devMailbox) {
    const catcher = await startMailCatcher(app.conn);
    smtpUrl = catcher.url;
    closeCatcher = catcher.close;
  }
  if (smtpUrl) {
    const smtp = smtpTransport(smtpUrl, config.mailFrom, new URL(config.publicUrl).hostname);
    transports.email = smtp;
    closeSmtp = smtp.close;
  }
  // never the catcher in production: without a gateway, SMS simply have no transport and wait (config refuses this when the profile verifies phones)
  if (config.smsWebhookUrl) transports.sms = webhookSmsTransport(config.smsWebhookUrl);
  else if (config.smsapi) transports.sms = smsapiTransport(config.smsapi);
  else if (config.devMailbox) transports.sms = catcherSmsTransport(app.conn);
  return {
    transports,
    close: async () => {
      closeSmtp?.();
      await closeCatcher?.();
    },
  };
}
