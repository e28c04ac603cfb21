import type { Types } from 'mongoose';
import { districtOf } from '../../profile/districts.js';
import type { ReportRow } from './model.js';
import type { ReportsCore } from './core.js';

/** What moderation changes on a report (plugins/backoffice decides who may, and audits it). */
export interface ModerationChange {
  reason: string;
  /** Replaces the public description; the original stays for staff. */
  publicDescription?: string;
  /** Photo numbers (as in the public view), sorted, to take off the public report. */
  hidePhotos: number[];
  /** Hidden photo numbers to show the public again. */
  showPhotos: number[];
  hidden?: boolean;
  /** The staff member. */
  by: string;
}

/** Writes other domains ask of a report; each inside the report's write lease, then the lists refreshed. */
export class StaffEdits {
  constructor(private readonly reports: ReportsCore) {}

  /** Places a report in its profile district (the queue's and the map's district filter). */
  async placeInDistrict(id: Types.ObjectId | string, location: { lat: number; lng: number }): Promise<void> {
    const district = districtOf(this.reports.config.profile, location);
    await this.reports.writes.run(String(id), () => this.reports.models.Report.updateOne({ _id: id }, { $set: { district } }));
    await this.reports.invalidateLists([id]); // the public list filters by district too
  }

  /** Redacts, hides photos or hides the report; the originals stay on the report for staff (`moderation.*`). */
  async moderate(reportId: Types.ObjectId, change: ModerationChange): Promise<void> {
    const { Report } = this.reports.models;
    await this.reports.writes.run(String(reportId), async () => {
      // re-read inside the lock: the photo numbers and the kept original refer to what is stored now
      const now = (await Report.findById(reportId).lean<ReportRow>())!;
      const m = now.moderation;
      const hide = change.hidePhotos;
      const set: Record<string, unknown> = { 'moderation.reason': change.reason, 'moderation.at': new Date(), 'moderation.by': change.by };
      if (change.publicDescription !== undefined) {
        set.description = change.publicDescription;
        // the very first original is what staff need; a second redaction must not overwrite it
        if (!m?.originalDescription) set['moderation.originalDescription'] = now.description;
      }
      if (hide.length || change.showPhotos.length) {
        // marked, never moved: a hidden photo keeps its number and no other photo takes its place
        set.photos = now.photos.map((p, n) => ({ ...p, hidden: hide.includes(n) || (Boolean(p.hidden) && !change.showPhotos.includes(n)) || undefined }));
      }
      if (change.hidden !== undefined) set.hidden = change.hidden;
      await Report.updateOne({ _id: reportId }, { $set: set });
    });
    await this.reports.invalidateLists([reportId]);
  }
}
