import type { Plugin } from '@hapi/hapi';
import type { JobRegistry } from '../../housekeeping.js';
import type { Connection } from 'mongoose';
import type { Config } from '../../config.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { AccountsService } from '../accounts/index.js';
import { reportModels } from './model.js';
import { ReportConversation } from './messages.js';
import { reportAccountHooks } from './privacy.js';
import { reportRoutes } from './routes.js';
import { ReportsService } from './service.js';

// The reports domain's face: other domains import from here only (dependency-cruiser: domain-through-its-face).
export { ReportsService, distanceMetres, type Reports, type Actor, type ReportChange, type EventInput, type NewReport } from './service.js';
export type { ReportRow, EventRow } from './model.js';
export { STATUSES, OPEN_STATUSES, STATUS_LABELS, nextStatuses, canMove, isOpen, type Status } from './workflow.js';
export { QUEUE_SORTS, type QueueSort, type QueueQuery, type ReportQueries, type RequestRow, type StatsRow, type TimeRange } from './queries.js';
export type { ModerationChange } from './staff-edits.js';
export type { Viewer } from './messages.js';
export { statusList, TRACKING_HEADER } from './params.js';
export { normalizeTrackingCode, holdsTrackingCode } from './tracking.js';
export { listItem, publicView, photoUrl } from './views.js';
export { NextStatuses, ReportListItem, ReportPublic, SubmittedByAccount } from './schemas.js';

/** Builds the reports domain and hooks it into account deletion and export (shared by the server and the CLI). */
export function createReports(
  conn: Connection,
  accounts: Pick<AccountsService, 'directory' | 'hooks'>,
  config: Config,
  outbox: Outbox,
  log: (tags: string[], data: unknown) => void,
): ReportsService {
  const reports = new ReportsService(reportModels(conn), accounts.directory, config, outbox, log);
  const hooks = reportAccountHooks(reports, config.profile.deletedAccountReports, config.publicUrl);
  accounts.hooks.onDelete.push(...hooks.onDelete);
  accounts.hooks.onExport.push(...hooks.onExport);
  return reports;
}

const SWEEP_MS = 60_000;

/**
 * Reports: categories, reports with photos, the tracker, the reporter–staff conversation, status
 * changes and "me too". Notifications are queued after each response; a sweeper finishes any a
 * crash interrupted, and stopping the server waits for those in flight.
 */
export const reportsPlugin: Plugin<{ service: ReportsService; housekeeping: JobRegistry }> = {
  name: 'civickit-reports',
  dependencies: ['civickit-accounts'],
  register(server, { service, housekeeping }) {
    server.route(reportRoutes(service, new ReportConversation(service)));
    housekeeping.register({ name: 'report-notifications', everyMs: SWEEP_MS, firstAfterMs: 5_000, run: () => service.sweep() });
    server.ext('onPreStop', () => service.notifier.drain());
  },
};
