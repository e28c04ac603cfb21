import type { Plugin } from '@hapi/hapi';
import type { Connection } from 'mongoose';
import type { Config } from '../../config.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { AccountsService } from '../accounts/index.js';
import type { CityOpFace } from '../city-op/index.js';
import type { ReportsService } from '../reports/index.js';
import { registerAccountEvents, registerReportEvents } from './events.js';
import { accountSubject } from './subject.js';
import { deliveryModel } from './model.js';
import { webhookRoutes } from './routes.js';
import { WebhooksService } from './service.js';

export type { WebhooksService } from './service.js';
export { signatureHeaders } from './signing.js';

/** Builds the webhooks on a connection: the outbox's `webhook` transport and the account.deleted event. */
export function createWebhooks(conn: Connection, config: Config, outbox: Outbox, accounts: AccountsService, cityOp: CityOpFace): WebhooksService {
  const webhooks = new WebhooksService(deliveryModel(conn), outbox, config);
  outbox.addTransport('webhook', webhooks);
  // first of the deletion hooks: the provider's own hook then forgets which clients the account used
  accounts.hooks.onDelete.unshift((userId) => webhooks.emit('account.deleted', userId, (hook) => accountSubject(cityOp, hook, userId)));
  return webhooks;
}

/** The admin's deliveries list and resend, and the report events. */
export interface WebhooksPluginOptions {
  service: WebhooksService;
  reports: Pick<ReportsService, 'find'>;
  accounts: Pick<AccountsService, 'findUser'>;
  cityOp: CityOpFace;
}

export const webhooksPlugin: Plugin<WebhooksPluginOptions> = {
  name: 'civickit-webhooks',
  dependencies: ['civickit-accounts'],
  register(server, { service, reports, accounts, cityOp }) {
    server.route(webhookRoutes(service));
    registerReportEvents(server, service, (id) => reports.find(id));
    registerAccountEvents(server, service, accounts, cityOp);
  },
};
