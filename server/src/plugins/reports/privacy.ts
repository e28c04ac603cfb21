import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { AccountHooks } from '../accounts/index.js';
import type { ReportRow } from './model.js';
import type { ReportsService } from './service.js';
import { messageView, reporterView } from './views.js';

/**
 * What the reports domain does when an account is deleted or exported (GDPR art. 17 and 15/20).
 * Deleting: the resident's supports go (counts follow), the private conversations of their reports
 * go, and their reports are either kept without any link to them ('anonymise': the public record
 * of a broken street light stays useful) or deleted with their photos ('delete'), per the profile.
 * A deleted employee's replies stay in residents' conversations, without the link to the account.
 */
export function reportAccountHooks(
  reports: ReportsService,
  defaultMode: 'anonymise' | 'delete',
  publicUrl: string,
): Pick<AccountHooks, 'onDelete' | 'onExport'> {
  const { Report, Support, Message } = reports.models;

  /** `mode` comes from the caller: the profile's setting for self-deletion, 'delete' for an admin's cascade. */
  async function onDelete(userId: string, mode: 'anonymise' | 'delete' = defaultMode): Promise<void> {
    const uid = new mongoose.Types.ObjectId(userId);
    for (const support of await Support.find({ userId: uid }, { reportId: 1 }).lean()) {
      const res = await Support.deleteOne({ _id: support._id });
      if (res.deletedCount === 1) await reports.dropSupport(support.reportId);
    }
    await Message.deleteMany({ authorId: uid, from: 'reporter' });
    await Message.updateMany({ authorId: uid }, { $unset: { authorId: 1 } });

    const own = await Report.find({ reporterId: uid }, { _id: 1, photos: 1 }).lean<Pick<ReportRow, '_id' | 'photos'>[]>();
    for (const report of own) {
      await Message.deleteMany({ reportId: report._id });
      if (mode === 'delete') {
        for (const s of await Support.find({ reportId: report._id }, { _id: 1 }).lean()) await Support.deleteOne({ _id: s._id });
        await reports.photos.remove(report.photos.map((p) => p.fileId));
        await reports.models.Event.deleteMany({ reportId: report._id });
        await Report.deleteOne({ _id: report._id });
      } else {
        // the tracking code dies too: no one can reach a private side that no longer exists
        await reports.writes.run(String(report._id), () =>
          Report.updateOne(
            { _id: report._id },
            {
              $unset: { reporterId: 1, contactEmail: 1, locale: 1, trackingSealed: 1 },
              $set: { anonymisedAt: new Date(), trackingHash: `x${randomBytes(24).toString('base64url')}` },
            },
          ),
        );
      }
    }
    if (own.length) await reports.invalidateLists(own.map((r) => r._id));
  }

  async function onExport(userId: string): Promise<Record<string, unknown>> {
    const uid = new mongoose.Types.ObjectId(userId);
    const own = await Report.find({ reporterId: uid }).sort({ createdAt: 1 }).lean<ReportRow[]>();
    const messages = await Message.find({ reportId: { $in: own.map((r) => r._id) } })
      .sort({ createdAt: 1 })
      .lean();
    const supports = await Support.find({ userId: uid }).sort({ createdAt: 1 }).lean();
    return {
      reports: own.map((r) =>
        reporterView(r, publicUrl, {
          trackingCode: reports.openCode(r.trackingSealed) || undefined,
          messages: messages.filter((m) => String(m.reportId) === String(r._id)),
        }),
      ),
      supports: supports.map((s) => ({ reportId: String(s.reportId), createdAt: (s as { createdAt?: Date }).createdAt?.toISOString() })),
      messages: messages.filter((m) => m.from === 'reporter').map(messageView),
    };
  }

  return { onDelete: [onDelete], onExport: [onExport] };
}
