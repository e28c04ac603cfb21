import type { Types } from 'mongoose';
import { fail, invalid } from '../../lib/errors.js';
import { isDuplicateKey } from '../../db/unique.js';
import type { EventRow, ReportRow } from './model.js';
import type { Actor, ReportsCore } from './core.js';
import { publicView } from './views.js';
import { canMove, nextStatuses, type Status } from './workflow.js';

export interface StatusChange {
  status: Status;
  comment?: string;
  duplicateOf?: string;
}

/** What a status change writes; `by` unset for a resident's reopening (it must not make them the handler). */
export type EventInput = Pick<EventRow, 'status'> & { comment?: string; by?: string; department?: string; duplicateOf?: Types.ObjectId; reopened?: boolean };

/**
 * Status changes: an event document per change (its unique {reportId, seq} index decides between two
 * concurrent changes), copied into the report's history, then emails and listeners after the response.
 */
export class StatusChanges {
  constructor(private readonly reports: ReportsCore) {}

  async change(id: string, actor: Actor, change: StatusChange) {
    const reports = this.reports;
    const report = await reports.find(id);
    if (!reports.canManage(actor, report)) throw fail('forbidden', 'Only staff of the department responsible for this category may change its status');
    if (!canMove(report.status, change.status)) {
      throw fail('conflict', `A report that is ${report.status} cannot become ${change.status}; allowed: ${nextStatuses(report.status).join(', ')}`);
    }
    let duplicateOf: Types.ObjectId | undefined;
    if (change.duplicateOf) {
      if (change.duplicateOf === id) throw invalid({ duplicateOf: 'invalid' }, 'A report cannot duplicate itself');
      duplicateOf = (
        await reports.find(change.duplicateOf).catch(() => {
          throw invalid({ duplicateOf: 'invalid' }, 'duplicateOf names no report');
        })
      )._id;
    }
    await this.append(report, {
      status: change.status,
      comment: change.comment || undefined,
      by: actor.id,
      department: reports.departmentOf(report.categoryId),
      duplicateOf,
    });
    const written = await reports.find(id);
    return { ...publicView(written, reports.config.publicUrl), nextStatuses: reports.nextStatusesFor(actor, written) };
  }

  /** Records the next status change of `report` as read; 409 when another change got there first. */
  async append(report: ReportRow, input: EventInput): Promise<EventRow> {
    const { models, notifier } = this.reports;
    let event: EventRow;
    try {
      // the unique {reportId, seq} index is the lock: of two concurrent changes exactly one inserts seq n
      event = (await models.Event.create({ reportId: report._id, seq: report.history.length, at: new Date(), ...input })).toObject() as EventRow;
    } catch (err) {
      if (isDuplicateKey(err)) throw fail('conflict', 'The report was changed by someone else meanwhile; reload it and try again');
      throw err;
    }
    await this.apply(event);
    notifier.later(() => notifier.flushEvent(event._id));
    notifier.later(async () => this.reports.announce({ kind: 'status', report: await this.reports.find(String(report._id)), event }));
    return event;
  }

  /** Copies a status event into its report; idempotent (the history length says whether it is there yet). */
  private async apply(event: EventRow): Promise<void> {
    const entry = {
      status: event.status,
      comment: event.comment ?? undefined,
      at: event.at,
      by: event.by ?? undefined,
      department: event.department ?? undefined,
      reopened: event.reopened ?? undefined,
    };
    await this.reports.writes.run(String(event.reportId), () =>
      this.reports.models.Report.updateOne(
        { _id: event.reportId, history: { $size: event.seq } },
        {
          $set: { status: event.status, ...(event.by ? { handledBy: event.by } : {}), ...(event.duplicateOf ? { duplicateOf: event.duplicateOf } : {}) },
          ...(event.status !== 'duplicate' ? { $unset: { duplicateOf: 1 } } : {}),
          $push: { history: entry },
        },
      ),
    );
    await this.reports.invalidateLists([event.reportId]);
  }

  /**
   * Finishes what a crash or an outage interrupted: status events not yet in their report are applied,
   * pending emails queued; events of reports deleted meanwhile are dropped.
   */
  async sweep(olderThanMs = 30_000): Promise<void> {
    const { models, notifier } = this.reports;
    const before = new Date(Date.now() - olderThanMs);
    await notifier.sweepCreated(before);
    const events = await models.Event.find({ notifyPending: true, at: { $lt: before } })
      .sort({ at: 1 })
      .limit(100)
      .lean<EventRow[]>();
    for (const event of events) {
      const report = await models.Report.findById(event.reportId, { history: 1 }).lean<Pick<ReportRow, 'history'>>();
      if (!report) {
        if (event.at.getTime() < Date.now() - 10 * 60_000) await models.Event.deleteOne({ _id: event._id });
        continue;
      }
      if (report.history.length === event.seq) await this.apply(event);
      await notifier.flushEvent(event._id);
    }
    await notifier.sweepMessages(before);
  }
}
