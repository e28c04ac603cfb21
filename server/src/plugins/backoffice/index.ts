import type { JobRegistry } from '../../housekeeping.js';
import type { Plugin } from '@hapi/hapi';
import type { Connection } from 'mongoose';
import { districtOf } from '../../profile/districts.js';
import type { ReportsService } from '../reports/service.js';
import { flagModel } from './model.js';
import { FlagStore, Moderation, type Audit } from './moderation.js';
import { StaffQueue } from './queue.js';
import { Reopening } from './reopen.js';
import { backofficeRoutes } from './routes.js';
import { Statistics } from './stats.js';
import './templates.js';

/** The back office and the public side's extras around reports: staff queue, moderation, flags, reopening, statistics. */
export function createBackoffice(conn: Connection, reports: ReportsService, audit: Audit) {
  const flags = new FlagStore(flagModel(conn));
  const backoffice = {
    reports,
    queue: new StaffQueue(reports, flags),
    moderation: new Moderation(reports, flags, audit),
    reopening: new Reopening(reports),
    stats: new Statistics(reports),
    /** Places a report in its profile district (the queue's and the map's district filter). */
    async placeInDistrict(id: unknown, location: { lat: number; lng: number }): Promise<void> {
      const district = districtOf(reports.config.profile, location);
      await reports.writes.run(String(id), () => reports.models.Report.updateOne({ _id: id }, { $set: { district } }));
      await reports.invalidateLists([id as string]); // the public list filters by district too
    },
    /** Reports a crash left unplaced (the listener runs after the response); a scan, so off the request path. */
    async sweep(): Promise<void> {
      const rows = await reports.models.Report.find({ district: null }, { location: 1 }).limit(200).lean();
      for (const r of rows) await backoffice.placeInDistrict(r._id, r.location as { lat: number; lng: number });
    },
  };
  reports.changes.push(async (change) => {
    // reports written before districts had boundaries (or before this version) are placed here
    if (change.kind === 'created' && change.report.district == null) await backoffice.placeInDistrict(change.report._id, change.report.location);
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
