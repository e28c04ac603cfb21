import type { Request, Server } from '@hapi/hapi';
import type { ReportRow } from '../reports/index.js';
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
