import type { Types } from 'mongoose';
import { fail } from '../../lib/errors.js';
import { isDuplicateKey } from '../../db/unique.js';
import type { Actor, ReportsCore } from './core.js';
import { isOpen } from './workflow.js';

/** "Me too": one support document per resident and report (the unique index refuses a second), and the report's count. */
export class Supports {
  constructor(private readonly reports: ReportsCore) {}

  async support(id: string, actor: Actor) {
    const { models, writes } = this.reports;
    const report = await this.reports.find(id);
    if (String(report.reporterId) === actor.id) throw fail('conflict', 'You reported this yourself; it already counts');
    if (!isOpen(report.status)) throw fail('conflict', 'This report is closed');
    try {
      await models.Support.create({ reportId: report._id, userId: actor.id });
    } catch (err) {
      if (isDuplicateKey(err)) throw fail('conflict', 'You already support this report');
      throw err;
    }
    await writes.run(String(report._id), () => models.Report.updateOne({ _id: report._id }, { $inc: { supportCount: 1 } }));
    await this.reports.invalidateLists([report._id]);
    return { supportCount: await this.count(report._id), supported: true };
  }

  async unsupport(id: string, actor: Actor) {
    const report = await this.reports.find(id);
    const res = await this.reports.models.Support.deleteOne({ reportId: report._id, userId: actor.id });
    if (res.deletedCount !== 1) throw fail('not_found', 'You do not support this report');
    await this.drop(report._id);
    return { supportCount: await this.count(report._id), supported: false };
  }

  private async count(reportId: Types.ObjectId): Promise<number> {
    return (await this.reports.models.Report.findById(reportId, { supportCount: 1 }).lean())?.supportCount ?? 0;
  }

  async drop(reportId: Types.ObjectId): Promise<void> {
    const { models, writes } = this.reports;
    await writes.run(String(reportId), () => models.Report.updateOne({ _id: reportId, supportCount: { $gt: 0 } }, { $inc: { supportCount: -1 } }));
    await this.reports.invalidateLists([reportId]);
  }
}
