import type { JobRegistry } from '../../housekeeping.js';
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
  const alerts = new AlertsService(
    alertModels(conn),
    accounts.directory,
    reports.queries,
    config,
    outbox,
    new AlertLimits(concurrencyFor(conn), config.profile.limits),
    log,
  );
  reports.changes.push(alerts.onChange);
  const hooks = alerts.accountHooks();
  accounts.hooks.onDelete.push(hooks.onDelete);
  accounts.hooks.onExport.push(hooks.onExport);
  return alerts;
}

const FLUSH_MS = 60_000;
const CATCH_UP_MS = 5 * 60_000;

/** Alerts: subscriptions, confirmation, one-click unsubscribe, and the flusher that sends them. */
export const alertsPlugin: Plugin<{ service: AlertsService; config: Config; housekeeping: JobRegistry }> = {
  name: 'civickit-alerts',
  dependencies: ['civickit-accounts', 'civickit-reports'],
  register(server, { service, config, housekeeping }) {
    server.route(
      alertRoutes(service, {
        categoryIds: config.profile.categories.map((c) => c.id),
        districtIds: config.profile.districts.map((d) => d.id),
        trustProxy: config.trustProxy,
      }),
    );
    housekeeping.register({ name: 'alerts-flush', everyMs: FLUSH_MS, run: () => service.flush() });
    housekeeping.register({ name: 'alerts-catch-up', everyMs: CATCH_UP_MS, run: () => service.catchUp() });
    server.ext('onPreStop', () => service.stop());
  },
};
