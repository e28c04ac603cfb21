import type { JobRegistry } from '../../housekeeping.js';
import type { Plugin } from '@hapi/hapi';
import type { Connection } from 'mongoose';
import type { Reports } from '../reports/index.js';
import { flagModel } from './model.js';
import { FlagStore, Moderation, type Audit } from './moderation.js';
import { StaffQueue } from './queue.js';
import { Reopening } from './reopen.js';
import { backofficeRoutes } from './routes.js';
import { Statistics } from './stats.js';
import './templates.js';

/** The back office and the public side's extras around reports: staff queue, moderation, flags, reopening, statistics. */
export function createBackoffice(conn: Connection, reports: Reports, audit: Audit) {
  const flags = new FlagStore(flagModel(conn));
  const backoffice = {
    reports,
    queue: new StaffQueue(reports, flags),
    moderation: new Moderation(reports, flags, audit),
    reopening: new Reopening(reports),
    stats: new Statistics(reports),
    /** Reports a crash left unplaced (the listener runs after the response); a scan, so off the request path. */
    async sweep(): Promise<void> {
      for (const r of await reports.queries.unplaced(200)) await reports.edits.placeInDistrict(r._id, r.location);
    },
  };
  reports.changes.push(async (change) => {
    // reports written before districts had boundaries (or before this version) are placed here
    if (change.kind === 'created' && change.report.district == null) await reports.edits.placeInDistrict(change.report._id, change.report.location);
  });
  return backoffice;
}
export type Backoffice = ReturnType<typeof createBackoffice>;

const SWEEP_MS = 5 * 60_000;

export const backofficePlugin: Plugin<{ backoffice: Backoffice; housekeeping: JobRegistry }> = {
  name: 'civickit-backoffice',
  dependencies: ['civickit-reports'],
  register(server, { backoffice, housekeeping }) {
    const profile = backoffice.reports.config.profile;
    server.route(backofficeRoutes({ ...backoffice, categoryIds: profile.categories.map((c) => c.id), districtIds: profile.districts.map((d) => d.id) }));
    housekeeping.register({ name: 'backoffice-districts', everyMs: SWEEP_MS, firstAfterMs: 0, run: () => backoffice.sweep() });
  },
};
