import { createHash } from 'node:crypto';
import type { Request, Server } from '@hapi/hapi';
import type { AccountsService, UserDoc } from '../accounts/index.js';
import type { CityOpFace } from '../city-op/index.js';
import type { ReportRow } from '../reports/index.js';
import { accountSubject } from './subject.js';
import type { WebhooksService } from './service.js';

/** The routes after which a report event goes out: creation, a staff status change, a resident's reopening. */
const REPORT_ROUTES: Record<string, 'report.created' | 'report.status_changed'> = {
  'post /api/v1/reports': 'report.created',
  'post /api/v1/reports/{id}/status': 'report.status_changed',
  'post /api/v1/reports/{id}/reopen': 'report.status_changed',
};

/**
 * Report events, taken at the routes that cause them rather than inside the reports domain: the
 * event is queued before the response leaves (a failed queue fails nothing the resident sees; the
 * report is already saved), deduplicated per report and status.
 */
export function registerReportEvents(server: Server, webhooks: WebhooksService, findReport: (id: string) => Promise<Pick<ReportRow, 'status' | 'categoryId'>>) {
  server.ext('onPreResponse', async (request: Request, h) => {
    const type = REPORT_ROUTES[`${request.method} ${request.route.path}`];
    const response = request.response as { statusCode?: number; source?: { id?: string } } | null;
    if (!type || !response || (response.statusCode ?? 500) >= 300) return h.continue;
    const id = type === 'report.created' ? response.source?.id : (request.params as { id?: string }).id;
    if (!id) return h.continue;
    try {
      const report = await findReport(id);
      const data = { id, status: report.status, categoryId: report.categoryId };
      // a replayed creation (Idempotency-Key) is the same occurrence; each status change is a new one
      await webhooks.emit(type, type === 'report.created' ? `${id}:created` : `${id}:${report.status}:${Date.now()}`, () => data);
    } catch (err) {
      request.log(['webhooks', 'warn'], { msg: 'report event not queued', error: (err as Error).name });
    }
    return h.continue;
  });
}

/** What account.updated watches (API.md §8): names, email, phone, district and verification. */
const watched = (u: UserDoc) =>
  JSON.stringify([u.firstName, u.lastName, u.email, u.phone, u.phoneVerifiedAt, u.district, u.peselHash, u.verifiedIdentity?.verifiedAt]);

/** The account a signed-in change is about: the resident's own (/me…) or the one an admin edits. */
function targetOf(request: Request): string | undefined {
  if (request.method === 'get' || !request.auth.isAuthenticated) return undefined;
  if (request.route.path.startsWith('/api/v1/me')) return (request.auth.credentials as { id?: string }).id;
  if (request.route.path === '/api/v1/admin/users/{id}') return (request.params as { id?: string }).id;
  return undefined;
}

/**
 * account.updated, taken around the signed-in routes that can change an account: the watched fields
 * before the handler and after a success; an event only when they differ. (Changes made through an
 * emailed link, such as confirming a new address, are not seen here.)
 */
export function registerAccountEvents(server: Server, webhooks: WebhooksService, accounts: Pick<AccountsService, 'findUser'>, cityOp: CityOpFace) {
  const key = 'civickit-webhooks';
  server.ext('onPreHandler', async (request: Request, h) => {
    const target = targetOf(request);
    const user = target && /^[a-f0-9]{24}$/.test(target) ? await accounts.findUser(target) : null;
    if (user) (request.plugins as Record<string, unknown>)[key] = { target, before: watched(user) };
    return h.continue;
  });
  server.ext('onPreResponse', async (request: Request, h) => {
    const seen = (request.plugins as Record<string, { target: string; before: string } | undefined>)[key];
    const response = request.response as { statusCode?: number } | null;
    if (!seen || !response || (response.statusCode ?? 500) >= 300) return h.continue;
    try {
      const user = await accounts.findUser(seen.target);
      const after = user && watched(user);
      if (after && after !== seen.before) {
        const occurrence = `${seen.target}:${createHash('sha256').update(after).digest('base64url')}`;
        await webhooks.emit('account.updated', occurrence, (hook) => accountSubject(cityOp, hook, seen.target));
      }
    } catch (err) {
      request.log(['webhooks', 'warn'], { msg: 'account event not queued', error: (err as Error).name });
    }
    return h.continue;
  });
}
