import { concurrencyFor } from '../../db/concurrency.js';
import { fail } from '../../lib/errors.js';
import type { ReportRow } from './model.js';
import type { Actor, ReportsService } from './service.js';
import { holdsTrackingCode } from './tracking.js';
import { messageView } from './views.js';

/** Who asks: a signed-in account, and/or an anonymous reporter proving themselves with the tracking code. */
export interface Viewer {
  actor?: Actor;
  trackingCode?: string;
}

const MAX_MESSAGES = 200;

/**
 * The private conversation between the reporter and the department. Nobody else reads it: not other
 * residents, not staff of other departments. An anonymous reporter is "the reporter" by holding the
 * tracking code (sent in the X-Tracking-Code header, so it never lands in URLs or access logs).
 */
export class ReportConversation {
  /** Messages per report, counted by the concurrency layer for the conversation's whole life. */
  private readonly slots;
  constructor(private readonly reports: ReportsService) {
    this.slots = concurrencyFor(reports.models.Message.db).slots({ name: 'report-messages', limit: MAX_MESSAGES, windowMs: 0, ttlMs: 10 * 365 * 86_400_000 });
  }

  side(report: ReportRow, viewer: Viewer): 'reporter' | 'staff' {
    const { actor } = viewer;
    if (actor && report.reporterId && String(report.reporterId) === actor.id) return 'reporter';
    if (this.reports.canManage(actor, report)) return 'staff';
    if (holdsTrackingCode(report, viewer.trackingCode)) return 'reporter';
    if (!actor && !viewer.trackingCode) throw fail('unauthorized', 'Sign in, or give the tracking code of the report');
    throw fail('forbidden', 'Only the reporter and the responsible department can read this conversation');
  }

  async list(reportId: string, viewer: Viewer) {
    const report = await this.reports.find(reportId);
    this.side(report, viewer);
    const rows = await this.reports.models.Message.find({ reportId: report._id })
      .sort({ createdAt: 1, _id: 1 })
      .limit(MAX_MESSAGES * 2)
      .lean();
    return rows.map(messageView);
  }

  async post(reportId: string, viewer: Viewer, body: string) {
    const report = await this.reports.find(reportId);
    const from = this.side(report, viewer);
    const { Message, Report } = this.reports.models;
    // a slot per message (exact under concurrency): a full conversation stays full
    if (!(await this.slots.take(String(report._id))).ok) throw fail('conflict', 'This conversation is full; contact the city office directly');
    const message = await Message.create({
      reportId: report._id,
      from,
      authorId: viewer.actor && (from === 'staff' || String(report.reporterId) === viewer.actor.id) ? viewer.actor.id : undefined,
      department: from === 'staff' ? this.reports.departmentOf(report.categoryId) : undefined,
      body,
    });
    // the employee who answered becomes the one the resident's next message goes to
    if (from === 'staff')
      await this.reports.writes.run(String(report._id), () => Report.updateOne({ _id: report._id }, { $set: { handledBy: viewer.actor!.id } }));
    this.reports.notifier.later(() => this.reports.notifier.flushMessage(message._id));
    return messageView(message.toObject());
  }
}
