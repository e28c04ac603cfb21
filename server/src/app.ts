import type { Connection } from 'mongoose';
import type { Config } from './config.js';
import { createConnection } from './db/connection.js';
import { concurrencyFor, type Concurrency } from './db/concurrency.js';
import { PasswordHasher } from './lib/passwords.js';
import { Outbox } from './outbox/outbox.js';
import { Housekeeping } from './housekeeping.js';
import { createAccounts, type AccountsDomain } from './plugins/accounts/index.js';
import { createReports } from './plugins/reports/index.js';
import type { ReportsService } from './plugins/reports/index.js';
import { createAnnouncements, type AnnouncementsService } from './plugins/announcements/index.js';
import { createOpen311 } from './plugins/open311/index.js';
import type { Open311Service } from './plugins/open311/index.js';
import { AdminService } from './plugins/admin/index.js';
import { createAlerts } from './plugins/alerts/index.js';
import type { AlertsService } from './plugins/alerts/index.js';
import { createBackoffice, type Backoffice } from './plugins/backoffice/index.js';
import { createCityOp, type CityOpService } from './plugins/city-op/index.js';
import { createWebhooks, type WebhooksService } from './plugins/webhooks/index.js';

/** Everything a request handler or a CLI command may need, built once per server. */
export interface App {
  config: Config;
  conn: Connection;
  concurrency: Concurrency;
  outbox: Outbox;
  hasher: PasswordHasher;
  /** The one schedule of periodic upkeep (housekeeping.ts); createServer starts and stops it. */
  housekeeping: Housekeeping;
  accounts: AccountsDomain;
  reports: ReportsService;
  announcements: AnnouncementsService;
  open311: Open311Service;
  admin: AdminService;
  alerts: AlertsService;
  backoffice: Backoffice;
  /** The city's OpenID Provider (API.md §8). */
  cityOp: CityOpService;
  /** Signed event deliveries to the city's applications, through the outbox (API.md §8). */
  webhooks: WebhooksService;
}

declare module '@hapi/hapi' {
  interface ServerApplicationState {
    civic: App;
  }
}

/** Builds the domain services on a connection; shared by the server and the CLI. */
export function createApp(config: Config, log: (tags: string[], data: unknown) => void = () => {}): App {
  if (!config.mongodbUri) throw new Error('createApp needs config.mongodbUri (index.ts starts the embedded database first)');
  const conn = createConnection(config.mongodbUri);
  // first, so every domain on this connection shares one layer keyed with DATA_KEY
  const concurrency = concurrencyFor(conn, config.dataKey);
  // webhooks retry on their own schedule (Standard Webhooks: 5 s to 10 h, over a day)
  const outbox = new Outbox(conn, config.dataKey, { ...config.outbox, schedules: { webhook: config.cityOp.webhookRetrySchedule.map((s) => s * 1000) } }, log);
  const hasher = new PasswordHasher(config.argon2);
  const housekeeping = new Housekeeping(log);
  const accounts = createAccounts(conn, config, hasher, outbox, housekeeping);
  housekeeping.register({ name: 'concurrency-purge', everyMs: 60_000, firstAfterMs: 0, run: () => concurrency.purge() });
  const reports = createReports(conn, accounts, config, outbox, log);
  const announcements = createAnnouncements(conn, accounts);
  const open311 = createOpen311(conn, reports, config);
  const admin = new AdminService(conn, accounts, config, outbox);
  const alerts = createAlerts(conn, accounts, reports, config, outbox, log);
  const backoffice = createBackoffice(conn, reports, admin.audited.bind(admin));
  const cityOp = createCityOp(conn, config, accounts, housekeeping);
  const webhooks = createWebhooks(conn, config, outbox, accounts, cityOp);
  return { config, conn, concurrency, outbox, hasher, housekeeping, accounts, reports, announcements, open311, admin, alerts, backoffice, cityOp, webhooks };
}

/** Creates indexes for every model on the connection (autoIndex is off so this happens once, here). */
export async function prepareDatabase(app: App): Promise<void> {
  await app.conn.asPromise();
  for (const model of Object.values(app.conn.models)) await model.createIndexes();
  // once per engine: native atomic operations where the engine proves them, the emulation elsewhere (db/capabilities.ts)
  await app.concurrency.start();
}
