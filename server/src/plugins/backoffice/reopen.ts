import { fail } from '../../lib/errors.js';
import { holdsTrackingCode, type Reports, type Viewer } from '../reports/index.js';

const DAY_MS = 86_400_000;
/** Reopenings by residents in a report's life; then the office decides (contract §4b). */
export const MAX_REOPENINGS = 3;

/**
 * "It is not fixed" (contract §4b, FixMyStreet #897): within the profile's `reopenWindowDays` after
 * `resolved`, the reporter or a resident who supported the report sends it back to `accepted` with
 * their reason in its public history; staff hear of it once (the employee handling it, else the
 * department), within the report's staff email bound. At most three reopenings per report: counted
 * from its history, which is exact because the status-event lock (reports/status.ts append: a unique
 * {reportId, seq}) lets only one of two concurrent changes of the same history through.
 */
export class Reopening {
  constructor(private readonly reports: Reports) {}

  /** `viewer`: a signed-in reporter or supporter, or an anonymous reporter holding the tracking code. */
  async reopen(id: string, viewer: Viewer, reason: string): Promise<{ status: 'accepted' }> {
    const { actor } = viewer;
    if (!actor && !viewer.trackingCode) throw fail('unauthorized', 'Sign in, or give the tracking code of the report');
    const report = await this.reports.find(id);
    if (report.hidden) throw fail('not_found', 'No such report');
    const isReporter = (actor?.role === 'resident' && String(report.reporterId ?? '') === actor.id) || holdsTrackingCode(report, viewer.trackingCode);
    const supporter = !isReporter && actor?.role === 'resident' && (await this.reports.queries.hasSupported(report._id, actor.id));
    if (!isReporter && !supporter) throw fail('forbidden', 'Only the reporter or a resident who supported the report may reopen it');
    if (report.status !== 'resolved') throw fail('conflict', 'Only a resolved report can be reopened');
    const resolvedAt = report.history.at(-1)!.at;
    const windowDays = this.reports.config.profile.reopenWindowDays;
    if (windowDays === 0) throw fail('conflict', 'This city does not reopen resolved reports; send a new report instead');
    if (Date.now() - resolvedAt.getTime() > windowDays * DAY_MS) throw fail('conflict', `Reports can be reopened within ${windowDays} days of being resolved`);
    if (report.history.filter((h) => h.reopened).length >= MAX_REOPENINGS)
      throw fail('conflict', `This report was reopened ${MAX_REOPENINGS} times already; the office decides now (send a message or a new report)`);
    const event = await this.reports.appendEvent(report, {
      status: 'accepted',
      comment: reason,
      reopened: true,
      department: this.reports.departmentOf(report.categoryId),
    });
    const notifier = this.reports.notifier;
    notifier.later(async () => {
      const written = await this.reports.find(id);
      if (!(await notifier.staffMayHear(written, `event:${event.seq}:reopened`))) return;
      for (const to of await notifier.handlers(written))
        await notifier.send(written, to, 'report_reopened_staff', `event:${event.seq}:reopened`, {}, { reason });
    });
    return { status: 'accepted' };
  }
}
