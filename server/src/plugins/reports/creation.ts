import mongoose from 'mongoose';
import { fail, invalid } from '../../lib/errors.js';
import { hashToken } from '../../lib/tokens.js';
import { isDuplicateKey } from '../../db/unique.js';
import { districtOf } from '../../profile/districts.js';
import type { Language } from '../../profile/schema.js';
import type { AnonymousReportLimits } from './abuse.js';
import type { ReportRow } from './model.js';
import { PHOTO_LIMITS, preparePhotos, type PhotoStore } from './photos.js';
import type { Actor, ReportsCore } from './core.js';
import { newTrackingCode } from './tracking.js';

export interface NewReport {
  categoryId: string;
  description: string;
  location: { lat: number; lng: number; address?: string };
  title?: string;
  contactEmail?: string;
  locale?: Language;
}

export interface CreateOptions {
  /** An integrator holding an admin-issued Open311 key vouches for the report. */
  trusted?: boolean;
  clientIp?: string;
}

/** Sending a report: checks, photos, the one write, then emails and listeners after the response. */
export class ReportCreation {
  constructor(
    private readonly reports: ReportsCore,
    private readonly strangers: AnonymousReportLimits,
    private readonly seal: (code: string) => string,
  ) {}

  /**
   * Photos are checked and re-encoded before anything is written, so a refused photo changes
   * nothing; they are stored first and the report last, so a report never points at a missing photo.
   */
  async create(
    input: NewReport,
    actor: Actor | undefined,
    photos: Buffer[] = [],
    options: CreateOptions = {},
  ): Promise<{ id: string; trackingCode: string; status: 'new' }> {
    const { config } = this.reports;
    if (!actor && !options.trusted && !config.profile.allowAnonymousReports) throw fail('unauthorized', 'Sign in to send a report');
    if (!this.reports.departmentOf(input.categoryId)) throw invalid({ categoryId: 'invalid' });
    if (!actor && !options.trusted) await this.strangers.admit(options.clientIp ?? '');
    if (photos.length > PHOTO_LIMITS.maxPhotos) throw invalid({ photos: 'too_long' }, `At most ${PHOTO_LIMITS.maxPhotos} photos`);
    const prepared = await preparePhotos(photos);
    // the receipt to a contact address spends the stranger budget (§4b); beyond it the report keeps no
    // address, so nothing is ever sent to it, and the answer is the same
    const contact = actor ? undefined : input.contactEmail || undefined;
    const contactEmail = contact && (await this.strangers.mayMail(contact, options.clientIp ?? '', options.trusted)) ? contact : undefined;
    const _id = new mongoose.Types.ObjectId();
    const stored = prepared.length ? await this.reports.photos.save(_id, prepared) : [];
    // one clock: createdAt, updatedAt and the first history entry are the same instant, so an Open311
    // client never sees updated_datetime before requested_datetime
    const now = new Date();
    for (let attempt = 0; ; attempt++) {
      const trackingCode = newTrackingCode();
      try {
        // the only write on the request path: emails follow from this document (flushCreated after the
        // response, the sweeper's cursor over createdAt after a crash), never by updating it
        const report = await new this.reports.models.Report(this.document({ _id, now, trackingCode, photos: stored }, { ...input, contactEmail }, actor)).save({
          timestamps: false,
        });
        const written = report.toObject() as ReportRow;
        this.reports.lists.put(written);
        this.reports.notifier.later(() => this.reports.notifier.flushCreated(written));
        this.reports.announce({ kind: 'created', report: written });
        return { id: String(_id), trackingCode, status: 'new' };
      } catch (err) {
        // a tracking code collision (1 in 2^60) just draws another code
        if (isDuplicateKey(err) && attempt < 3) continue;
        await this.reports.photos.remove(stored.map((p) => p.fileId));
        throw err;
      }
    }
  }

  private document(
    { _id, now, trackingCode, photos }: { _id: mongoose.Types.ObjectId; now: Date; trackingCode: string; photos: Awaited<ReturnType<PhotoStore['save']>> },
    input: NewReport,
    actor: Actor | undefined,
  ) {
    const profile = this.reports.config.profile;
    return {
      _id,
      categoryId: input.categoryId,
      title: input.title || undefined,
      description: input.description,
      location: { lat: input.location.lat, lng: input.location.lng, address: input.location.address || undefined },
      // the profile district is a function of the place: written with the report, never after it
      district: districtOf(profile, input.location),
      status: 'new',
      history: [{ status: 'new', at: now }],
      reporterId: actor ? actor.id : undefined,
      // an account holder is reached through the account; only anonymous reports keep an address
      contactEmail: actor ? undefined : input.contactEmail || undefined,
      locale: actor ? undefined : (input.locale ?? profile.defaultLanguage),
      trackingHash: hashToken(trackingCode),
      trackingSealed: this.seal(trackingCode),
      photos,
      createdAt: now,
      updatedAt: now,
    };
  }
}
