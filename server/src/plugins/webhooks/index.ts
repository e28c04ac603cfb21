import type { Plugin } from '@hapi/hapi';
import type { Connection } from 'mongoose';
import type { Config } from '../../config.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { WebhookEntry } from '../../profile/city-op.js';
import type { AccountsService } from '../accounts/index.js';
import type { CityOpFace } from '../city-op/index.js';
import type { ReportsService } from '../reports/index.js';
import { registerReportEvents } from './events.js';
import { deliveryModel } from './model.js';
import { webhookRoutes } from './routes.js';
import { WebhooksService } from './service.js';

export type { WebhooksService } from './service.js';
export { signatureHeaders } from './signing.js';

/**
 * How a webhook names an account: its pairwise `sub` at the webhook's client, and then only when the
 * account used that client (null: not told); without a client, the account id (API.md §8).
 */
export async function accountSubject(cityOp: CityOpFace, hook: WebhookEntry, accountId: string): Promise<{ sub: string } | null> {
  if (!hook.client) return { sub: accountId };
  const used = await cityOp.clientsUsedBy(accountId);
  return used.includes(hook.client) ? { sub: cityOp.subFor(hook.client, accountId) } : null;
}

/** Builds the webhooks on a connection: the outbox's `webhook` transport and the account.deleted event. */
export function createWebhooks(conn: Connection, config: Config, outbox: Outbox, accounts: AccountsService, cityOp: CityOpFace): WebhooksService {
  const webhooks = new WebhooksService(deliveryModel(conn), outbox, config);
  outbox.addTransport('webhook', webhooks);
  // first of the deletion hooks: the provider's own hook then forgets which clients the account used
  accounts.hooks.onDelete.unshift((userId) => webhooks.emit('account.deleted', userId, (hook) => accountSubject(cityOp, hook, userId)));
  return webhooks;
}

/** The admin's deliveries list and resend, and the report events. */
export const webhooksPlugin: Plugin<{ service: WebhooksService; reports: Pick<ReportsService, 'find'> }> = {
  name: 'civickit-webhooks',
  dependencies: ['civickit-accounts'],
  register(server, { service, reports }) {
    server.route(webhookRoutes(service));
    registerReportEvents(server, service, (id) => reports.find(id));
  },
};
