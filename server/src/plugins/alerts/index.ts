import type { Plugin } from '@hapi/hapi';
import type { Connection } from 'mongoose';
import type { Config } from '../../config.js';
import { concurrencyFor } from '../../db/concurrency.js';
import { AlertLimits } from './limits.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { AccountsService } from '../accounts/index.js';
import type { Reports } from '../reports/index.js';
import { alertModels } from './model.js';
import { alertRoutes } from './routes.js';
import { AlertsService } from './service.js';
import './templates.js';

export type { AlertsService, Area, NewAlert } from './service.js';

/** Builds the alerts domain and subscribes it to report changes. */
export function createAlerts(
  conn: Connection,
  accounts: Pick<AccountsService, 'directory' | 'hooks'>,
  reports: Reports,
  config: Config,
  outbox: Outbox,
  log: (tags: string[], data: unknown) => void,
): AlertsService {
  const alerts = new AlertsService(alertModels(conn), accounts.directory, reports.queries, config, outbox, new AlertLimits(concurrencyFor(conn)), log);
  reports.changes.push(alerts.onChange);
  const hooks = alerts.accountHooks();
  accounts.hooks.onDelete.push(hooks.onDelete);
  accounts.hooks.onExport.push(hooks.onExport);
  return alerts;
}

const FLUSH_MS = 60_000;
const CATCH_UP_MS = 5 * 60_000;

/** Alerts: subscriptions, confirmation, one-click unsubscribe, and the flusher that sends them. */
export const alertsPlugin: Plugin<{ service: AlertsService; config: Config }> = {
  name: 'civickit-alerts',
  dependencies: ['civickit-accounts', 'civickit-reports'],
  register(server, { service, config }) {
    server.route(
      alertRoutes(service, {
        categoryIds: config.profile.categories.map((c) => c.id),
        districtIds: config.profile.districts.map((d) => d.id),
        trustProxy: config.trustProxy,
      }),
    );
    const timers: NodeJS.Timeout[] = [];
    const every = (ms: number, what: string, job: () => Promise<void>) => {
      const t = setInterval(() => void job().catch((err: Error) => server.log(['alerts', 'warn'], { msg: `alert ${what} failed`, error: err.message })), ms);
      t.unref();
      timers.push(t);
    };
    server.ext('onPreStart', () => {
      every(FLUSH_MS, 'flush', () => service.flush());
      every(CATCH_UP_MS, 'catch-up', () => service.catchUp());
    });
    server.ext('onPreStop', () => {
      timers.forEach(clearInterval);
      service.stop();
    });
  },
};
