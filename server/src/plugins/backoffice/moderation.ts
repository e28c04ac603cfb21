import { isDuplicateKey } from '../../db/unique.js';
import type { Types } from 'mongoose';
import { fail, invalid } from '../../lib/errors.js';
import type { Actor, Reports } from '../reports/index.js';
import type { FlagRow, flagModel } from './model.js';

export interface ModerationInput {
  reason: string;
  /** Replaces the public description; the original stays for staff. */
  publicDescription?: string;
  /** Photo numbers (as in the public view) to take off the public report. */
  hidePhotos?: number[];
  /** Hidden photo numbers to show the public again. */
  showPhotos?: number[];
  hidden?: boolean;
}

/** Runs an action between an audit entry written first and completed after (AdminService.audited). */
export type Audit = <T>(
  actor: Actor & { email?: string },
  action: string,
  target: { id?: string },
  reason: string | undefined,
  details: Record<string, unknown> | undefined,
  fn: () => Promise<T>,
) => Promise<T>;

/** Residents' flags on reports. */
export class FlagStore {
  constructor(private readonly Flag: ReturnType<typeof flagModel>) {}

  /** Idempotent: a resident's second flag on the same report changes nothing (the unique index decides). */
  async add(reportId: Types.ObjectId, userId: string, reason: string): Promise<void> {
    try {
      await this.Flag.create({ reportId, userId, reason });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async counts(reportIds: Types.ObjectId[]): Promise<Map<string, number>> {
    if (!reportIds.length) return new Map();
    const rows = await this.Flag.find({ reportId: { $in: reportIds }, resolvedAt: null }, { reportId: 1 })
      .limit(10_000)
      .lean<FlagRow[]>();
    const out = new Map<string, number>();
    for (const r of rows) out.set(String(r.reportId), (out.get(String(r.reportId)) ?? 0) + 1);
    return out;
  }

  /** What staff see of flags: the reason and when; never who. */
  async list(reportId: Types.ObjectId) {
    const rows = await this.Flag.find({ reportId }).sort({ createdAt: -1 }).limit(100).lean<FlagRow[]>();
    return rows.map((f) => ({ reason: f.reason, createdAt: f.createdAt.toISOString(), resolved: Boolean(f.resolvedAt) }));
  }

  async resolve(reportId: Types.ObjectId): Promise<void> {
    await this.Flag.updateMany({ reportId, resolvedAt: null }, { $set: { resolvedAt: new Date() } });
  }
}

/**
 * Moderation (contract §4b): staff of the department redact the public text, take photos off the
 * public report or hide the report entirely, always with a reason. The originals stay on the report
 * for staff (`moderation.*`), the audit log records who, when and why, and the reporter is emailed the reason.
 */
export class Moderation {
  constructor(
    private readonly reports: Reports,
    readonly flags: FlagStore,
    private readonly audit: Audit,
  ) {}

  async flag(id: string, actor: Actor, reason: string): Promise<void> {
    const report = await this.reports.find(id);
    if (report.hidden) throw fail('not_found', 'No such report');
    await this.flags.add(report._id, actor.id, reason);
  }

  async moderate(id: string, actor: Actor, input: ModerationInput): Promise<void> {
    const report = await this.reports.find(id);
    if (!this.reports.canManage(actor, report)) throw fail('forbidden', 'Only staff of the department responsible for this category may moderate it');
    const hide = [...new Set(input.hidePhotos ?? [])].sort((a, b) => a - b);
    const show = [...new Set(input.showPhotos ?? [])].sort((a, b) => a - b);
    if (hide.some((n) => n >= report.photos.length)) throw invalid({ hidePhotos: 'invalid' }, 'hidePhotos names a photo the report does not have');
    if (show.some((n) => !report.photos[n]?.hidden)) throw invalid({ showPhotos: 'invalid' }, 'showPhotos names a photo that is not hidden');
    if (show.some((n) => hide.includes(n))) throw invalid({ showPhotos: 'invalid' }, 'A photo cannot be hidden and shown at once');
    if (input.publicDescription === undefined && !hide.length && !show.length && input.hidden === undefined)
      throw invalid({ reason: 'invalid' }, 'Nothing to change: give publicDescription, hidePhotos, showPhotos or hidden');
    const details = { redacted: input.publicDescription !== undefined, hidePhotos: hide, showPhotos: show, hidden: input.hidden };
    const change = { reason: input.reason, publicDescription: input.publicDescription, hidePhotos: hide, showPhotos: show, hidden: input.hidden, by: actor.id };
    await this.audit(actor, 'report.moderate', { id }, input.reason, details, () => this.reports.edits.moderate(report._id, change));
    const written = await this.reports.find(id);
    this.reports.notifier.later(async () => {
      for (const to of await this.reports.notifier.reporter(written)) {
        await this.reports.notifier.send(written, to, 'report_moderated', `moderation:${written.moderation?.at?.getTime()}`, { reason: input.reason });
      }
    });
    await this.flags.resolve(report._id);
  }
}
