import { districtOf } from '../../profile/districts.js';
import mongoose, { type Model, type Types } from 'mongoose';
import type { Config } from '../../config.js';
import { fail, invalid } from '../../lib/errors.js';
import { pageOf, type Paging } from '../../lib/paging.js';
import { concurrencyFor, type LeaseLock } from '../../db/concurrency.js';
import { isDuplicateKey } from '../../db/unique.js';
import { AnonymousReportLimits } from './abuse.js';
import { hashToken, sealer } from '../../lib/tokens.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { Language } from '../../profile/schema.js';
import type { UserFields } from '../accounts/model.js';
import type { EventRow, ReportModels, ReportRow } from './model.js';
import { canMove, isOpen, nextStatuses, OPEN_STATUSES, type Status } from './workflow.js';
import { ReportNotifier } from './notifications.js';
import { PhotoStore, PHOTO_LIMITS, preparePhotos } from './photos.js';
import { newTrackingCode } from './tracking.js';
import { ListSnapshot, type ListEntry, type SnapshotRow } from './list-snapshot.js';
import { LIST_PROJECTION, publicView, reporterView } from './views.js';

const SNAPSHOT_PROJECTION = { ...LIST_PROJECTION, trackingHash: 1 } as const;

/** Who is asking (the `session` credentials); staff carry their department. */
export interface Actor {
  id: string;
  role: 'resident' | 'staff' | 'admin';
  department?: string;
}

export interface NewReport {
  categoryId: string;
  description: string;
  location: { lat: number; lng: number; address?: string };
  title?: string;
  contactEmail?: string;
  locale?: Language;
}

export interface ListFilters {
  status?: Status[];
  categoryId?: string;
  department?: string;
  /** A profile district (reports are placed in one after creation: plugins/backoffice). */
  district?: string;
  /** minLng, minLat, maxLng, maxLat */
  bbox?: [number, number, number, number];
}

export interface StatusChange {
  status: Status;
  comment?: string;
  duplicateOf?: string;
}

type Log = (tags: string[], data: unknown) => void;

/** What other domains (alerts, the back office) hear about, after the response; see ReportsService.changes. */
export type ReportChange = { kind: 'created'; report: ReportRow } | { kind: 'status'; report: ReportRow; event: EventRow };

/** What a status change writes; `by` unset for a resident's reopening (it must not make them the handler). */
export type EventInput = Pick<EventRow, 'status'> & { comment?: string; by?: string; department?: string; duplicateOf?: Types.ObjectId; reopened?: boolean };

const METRES_PER_DEGREE = 111_320;
export const NEARBY = { defaultRadius: 250, maxRadius: 500, max: 10 } as const;
export const LIST_CACHE_MS = 5_000;

/** Great-circle distance in metres (haversine); plenty precise at city scale. */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

export class ReportsService {
  readonly photos: PhotoStore;
  readonly notifier: ReportNotifier;
  /**
   * Every update of a report document goes through this lease: FerretDB applies an update as read,
   * change, write back, so two concurrent updates of one report (on any node) could lose one.
   */
  readonly writes: LeaseLock;
  private readonly strangers: AnonymousReportLimits;
  /**
   * Public lists, the map and "nearby" are answered from memory, refreshed stale-while-revalidate by one
   * refresher per node: on FerretDB 1.x any filtered or sorted find decodes the whole collection.
   */
  readonly lists: ListSnapshot;
  private readonly seal;
  /** Listeners told of every new report and applied status change (run after the response, like emails). */
  readonly changes: Array<(change: ReportChange) => Promise<void>> = [];

  constructor(
    readonly models: ReportModels,
    readonly users: Model<UserFields>,
    readonly config: Config,
    outbox: Outbox,
    log: Log = () => {},
  ) {
    this.seal = sealer(config.dataKey, 'tracking-code');
    const cc = concurrencyFor(models.Report.db);
    this.writes = cc.lease({ name: 'report-write', ttlMs: 30_000, waitMs: 10_000 });
    this.strangers = new AnonymousReportLimits(cc, config.profile.limits);
    this.photos = new PhotoStore(models.Report.db);
    this.lists = new ListSnapshot(
      {
        all: () => models.Report.find({}, SNAPSHOT_PROJECTION).lean<SnapshotRow[]>(),
        one: (id) => models.Report.findById(id, SNAPSHOT_PROJECTION).lean<SnapshotRow>(),
      },
      config.publicUrl,
      LIST_CACHE_MS,
    );
    this.notifier = new ReportNotifier(models, users, config, outbox, (sealed) => this.openCode(sealed), log);
  }

  /** Reverse proxies whose X-Forwarded-For the routes trust for the client's address. */
  get trustProxy(): number {
    return this.config.trustProxy;
  }

  private get publicUrl() {
    return this.config.publicUrl;
  }

  openCode(sealed: string | undefined | null): string {
    if (!sealed) return '';
    try {
      return this.seal.open(sealed);
    } catch {
      return ''; // sealed under an older secret
    }
  }

  categories() {
    return this.config.profile.categories.map((c) => ({ id: c.id, name: c.name, department: c.department }));
  }

  /** Routing follows the current profile, so re-assigning a category moves its open reports too. */
  departmentOf(categoryId: string): string | undefined {
    return this.config.profile.categories.find((c) => c.id === categoryId)?.department;
  }

  canManage(actor: Actor | undefined, report: Pick<ReportRow, 'categoryId'>): boolean {
    if (!actor) return false;
    if (actor.role === 'admin') return true;
    return actor.role === 'staff' && !!actor.department && actor.department === this.departmentOf(report.categoryId);
  }

  async find(id: string): Promise<ReportRow> {
    const report = mongoose.isValidObjectId(id) ? await this.models.Report.findById(id).lean<ReportRow>() : null;
    if (!report) throw fail('not_found', 'No such report');
    return report;
  }

  // ---- creating ------------------------------------------------------------------------------

  /**
   * Photos are checked and re-encoded before anything is written, so a refused photo changes
   * nothing; they are stored first and the report last, so a report never points at a missing photo.
   */
  async create(
    input: NewReport,
    actor: Actor | undefined,
    photos: Buffer[] = [],
    options: { trusted?: boolean; clientIp?: string } = {},
  ): Promise<{ id: string; trackingCode: string; status: 'new' }> {
    // `trusted`: an integrator holding an admin-issued Open311 key vouches for the report
    if (!actor && !options.trusted && !this.config.profile.allowAnonymousReports) throw fail('unauthorized', 'Sign in to send a report');
    if (!this.departmentOf(input.categoryId)) throw invalid({ categoryId: 'invalid' });
    if (!actor && !options.trusted) await this.strangers.admit(input.contactEmail, options.clientIp ?? '');
    if (photos.length > PHOTO_LIMITS.maxPhotos) throw invalid({ photos: 'too_long' }, `At most ${PHOTO_LIMITS.maxPhotos} photos`);
    const prepared = await preparePhotos(photos);
    const _id = new mongoose.Types.ObjectId();
    const stored = prepared.length ? await this.photos.save(_id, prepared) : [];
    // one clock: createdAt, updatedAt and the first history entry are the same instant, so an Open311
    // client never sees updated_datetime before requested_datetime
    const now = new Date();
    for (let attempt = 0; ; attempt++) {
      const trackingCode = newTrackingCode();
      try {
        // the only write on the request path: emails follow from this document (flushCreated after the
        // response, the sweeper's cursor over createdAt after a crash), never by updating it
        const report = await new this.models.Report({
          _id,
          categoryId: input.categoryId,
          title: input.title || undefined,
          description: input.description,
          location: { lat: input.location.lat, lng: input.location.lng, address: input.location.address || undefined },
          // the profile district is a function of the place: written with the report, never after it
          district: districtOf(this.config.profile, input.location),
          status: 'new',
          history: [{ status: 'new', at: now }],
          reporterId: actor ? actor.id : undefined,
          // an account holder is reached through the account; only anonymous reports keep an address
          contactEmail: actor ? undefined : input.contactEmail || undefined,
          locale: actor ? undefined : (input.locale ?? this.config.profile.defaultLanguage),
          trackingHash: hashToken(trackingCode),
          trackingSealed: this.seal.seal(trackingCode),
          photos: stored,
          createdAt: now,
          updatedAt: now,
        }).save({ timestamps: false });
        const written = report.toObject() as ReportRow;
        this.lists.put(written);
        this.notifier.later(() => this.notifier.flushCreated(written));
        this.announce({ kind: 'created', report: written });
        return { id: String(_id), trackingCode, status: 'new' };
      } catch (err) {
        // a tracking code collision (1 in 2^60) just draws another code
        if (isDuplicateKey(err) && attempt < 3) continue;
        await this.photos.remove(stored.map((p) => p.fileId));
        throw err;
      }
    }
  }

  // ---- reading -------------------------------------------------------------------------------

  async list(filters: ListFilters, paging: Paging) {
    const match = this.matcher(filters);
    const skip = (paging.page - 1) * paging.limit;
    const items: ListEntry['item'][] = [];
    let seen = 0;
    for (const entry of await this.lists.read()) {
      if (!match(entry)) continue;
      if (seen++ < skip) continue;
      if (items.length === paging.limit) return { items, page: paging.page, limit: paging.limit, hasMore: true };
      items.push(entry.item);
    }
    return { items, page: paging.page, limit: paging.limit, hasMore: false };
  }

  /**
   * Called after writes this node made to reports: with their ids they are re-read by _id; without,
   * the lists are reloaded before the next read.
   */
  async invalidateLists(ids?: Array<Types.ObjectId | string>): Promise<void> {
    if (ids) await this.lists.reload(ids);
    else this.lists.drop();
  }

  private matcher(filters: ListFilters): (e: ListEntry) => boolean {
    const statuses = filters.status?.length ? new Set<string>(filters.status) : undefined;
    let categories: Set<string> | undefined;
    if (filters.department) {
      categories = new Set(this.config.profile.categories.filter((c) => c.department === filters.department).map((c) => c.id));
      if (filters.categoryId) categories = new Set(categories.has(filters.categoryId) ? [filters.categoryId] : []);
    } else if (filters.categoryId) categories = new Set([filters.categoryId]);
    const [minLng, minLat, maxLng, maxLat] = filters.bbox ?? [];
    // hidden by moderation: never in a public list, map or "nearby"
    return (e) =>
      !e.hidden &&
      (!filters.district || e.district === filters.district) &&
      (!statuses || statuses.has(e.status)) &&
      (!categories || categories.has(e.categoryId)) &&
      (!filters.bbox || (e.lat >= minLat! && e.lat <= maxLat! && e.lng >= minLng! && e.lng <= maxLng!));
  }

  /** Open reports of the same category close by: what FixMyStreet offers before a duplicate is sent. */
  async nearby(categoryId: string, at: { lat: number; lng: number }, radius: number = NEARBY.defaultRadius) {
    const dLat = radius / METRES_PER_DEGREE;
    const dLng = radius / (METRES_PER_DEGREE * Math.max(0.01, Math.cos((at.lat * Math.PI) / 180)));
    const match = this.matcher({ categoryId, status: [...OPEN_STATUSES], bbox: [at.lng - dLng, at.lat - dLat, at.lng + dLng, at.lat + dLat] });
    return (await this.lists.read())
      .filter(match)
      .slice(0, 200)
      .map((e) => ({ ...e.item, distance: Math.round(distanceMetres(at, e)) }))
      .filter((r) => r.distance <= radius)
      .sort((a, b) => a.distance - b.distance)
      .slice(0, NEARBY.max);
  }

  /** The public view; a signed-in caller also learns how they relate to it (for the widget's buttons). */
  async view(id: string, actor?: Actor) {
    const report = await this.find(id);
    if (report.hidden && !this.canManage(actor, report)) throw fail('not_found', 'No such report');
    const out: ReturnType<typeof publicView> & { viewer?: { reporter: boolean; staff: boolean; supported: boolean } } = publicView(report, this.publicUrl);
    if (actor) {
      const supported = actor.role === 'resident' && !!(await this.models.Support.exists({ reportId: report._id, userId: actor.id }));
      out.viewer = { reporter: String(report.reporterId) === actor.id, staff: this.canManage(actor, report), supported };
    }
    return out;
  }

  async findByTrackingCode(code: string): Promise<ReportRow> {
    const trackingHash = hashToken(code);
    const id = await this.lists.idByTrackingHash(trackingHash);
    const report = id
      ? await this.models.Report.findOne({ _id: id })
          .lean<ReportRow>()
          .then((r) => (r?.trackingHash === trackingHash ? r : null))
      : await this.models.Report.findOne({ trackingHash }).lean<ReportRow>();
    if (!report) throw fail('not_found', 'No report has this tracking code');
    return report;
  }

  async track(code: string) {
    const report = await this.findByTrackingCode(code);
    const messages = await this.models.Message.find({ reportId: report._id }).sort({ createdAt: 1, _id: 1 }).limit(500).lean();
    return reporterView(report, this.publicUrl, { trackingCode: code, messages });
  }

  async mine(userId: string, paging: Paging) {
    const page = await pageOf(paging, (skip, limit) =>
      this.models.Report.find({ reporterId: userId }).sort({ createdAt: -1, _id: -1 }).skip(skip).limit(limit).lean<ReportRow[]>(),
    );
    return { ...page, items: page.items.map((r) => reporterView(r, this.publicUrl, { trackingCode: this.openCode(r.trackingSealed) || undefined })) };
  }

  async photo(id: string, n: number) {
    const report = await this.find(id);
    if (report.hidden) throw fail('not_found', 'No such photo');
    const photo = report.photos[n];
    if (!photo) throw fail('not_found', 'No such photo');
    return { data: await this.photos.read(photo.fileId), contentType: photo.contentType, etag: String(photo.fileId) };
  }

  // ---- staff ---------------------------------------------------------------------------------

  async changeStatus(id: string, actor: Actor, change: StatusChange) {
    const report = await this.find(id);
    if (!this.canManage(actor, report)) throw fail('forbidden', 'Only staff of the department responsible for this category may change its status');
    if (!canMove(report.status, change.status)) {
      throw fail('conflict', `A report that is ${report.status} cannot become ${change.status}; allowed: ${nextStatuses(report.status).join(', ')}`);
    }
    let duplicateOf: Types.ObjectId | undefined;
    if (change.duplicateOf) {
      if (change.duplicateOf === id) throw invalid({ duplicateOf: 'invalid' }, 'A report cannot duplicate itself');
      duplicateOf = (
        await this.find(change.duplicateOf).catch(() => {
          throw invalid({ duplicateOf: 'invalid' }, 'duplicateOf names no report');
        })
      )._id;
    }
    await this.appendEvent(report, {
      status: change.status,
      comment: change.comment || undefined,
      by: actor.id,
      department: this.departmentOf(report.categoryId),
      duplicateOf,
    });
    const written = await this.find(id);
    return { ...publicView(written, this.publicUrl), nextStatuses: this.nextStatusesFor(actor, written) };
  }

  /** The statuses `actor` may set on `report` now (none where they may not manage it). */
  nextStatusesFor(actor: Actor, report: Pick<ReportRow, 'categoryId' | 'status'>): Status[] {
    return this.canManage(actor, report) ? [...nextStatuses(report.status)] : [];
  }

  /** Records the next status change of `report` as read; 409 when another change got there first. */
  async appendEvent(report: ReportRow, input: EventInput): Promise<EventRow> {
    let event: EventRow;
    try {
      // the unique {reportId, seq} index is the lock: of two concurrent changes exactly one inserts seq n
      event = (await this.models.Event.create({ reportId: report._id, seq: report.history.length, at: new Date(), ...input })).toObject() as EventRow;
    } catch (err) {
      if (isDuplicateKey(err)) throw fail('conflict', 'The report was changed by someone else meanwhile; reload it and try again');
      throw err;
    }
    await this.applyEvent(event);
    this.notifier.later(() => this.notifier.flushEvent(event._id));
    this.notifier.later(async () => this.announce({ kind: 'status', report: await this.find(String(report._id)), event }));
    return event;
  }

  /** Tells the listeners; each one's failure is its own (logged by the notifier, never the caller's). */
  private announce(change: ReportChange): void {
    for (const listener of this.changes) this.notifier.later(() => listener(change));
  }

  /** Copies a status event into its report; idempotent (the history length says whether it is there yet). */
  private async applyEvent(event: EventRow): Promise<void> {
    const entry = {
      status: event.status,
      comment: event.comment ?? undefined,
      at: event.at,
      by: event.by ?? undefined,
      department: event.department ?? undefined,
      reopened: event.reopened ?? undefined,
    };
    await this.writes.run(String(event.reportId), () =>
      this.models.Report.updateOne(
        { _id: event.reportId, history: { $size: event.seq } },
        {
          $set: { status: event.status, ...(event.by ? { handledBy: event.by } : {}), ...(event.duplicateOf ? { duplicateOf: event.duplicateOf } : {}) },
          ...(event.status !== 'duplicate' ? { $unset: { duplicateOf: 1 } } : {}),
          $push: { history: entry },
        },
      ),
    );
    await this.invalidateLists([event.reportId]);
  }

  /**
   * Finishes what a crash or an outage interrupted: status events not yet in their report are applied,
   * pending emails queued; events of reports deleted meanwhile are dropped.
   */
  async sweep(olderThanMs = 30_000): Promise<void> {
    const before = new Date(Date.now() - olderThanMs);
    await this.notifier.sweepCreated(before);
    const events = await this.models.Event.find({ notifyPending: true, at: { $lt: before } })
      .sort({ at: 1 })
      .limit(100)
      .lean<EventRow[]>();
    for (const event of events) {
      const report = await this.models.Report.findById(event.reportId, { history: 1 }).lean<Pick<ReportRow, 'history'>>();
      if (!report) {
        if (event.at.getTime() < Date.now() - 10 * 60_000) await this.models.Event.deleteOne({ _id: event._id });
        continue;
      }
      if (report.history.length === event.seq) await this.applyEvent(event);
      await this.notifier.flushEvent(event._id);
    }
    await this.notifier.sweepMessages(before);
  }

  // ---- "me too" ------------------------------------------------------------------------------

  async support(id: string, actor: Actor) {
    const report = await this.find(id);
    if (String(report.reporterId) === actor.id) throw fail('conflict', 'You reported this yourself; it already counts');
    if (!isOpen(report.status)) throw fail('conflict', 'This report is closed');
    try {
      await this.models.Support.create({ reportId: report._id, userId: actor.id });
    } catch (err) {
      if (isDuplicateKey(err)) throw fail('conflict', 'You already support this report');
      throw err;
    }
    await this.writes.run(String(report._id), () => this.models.Report.updateOne({ _id: report._id }, { $inc: { supportCount: 1 } }));
    await this.invalidateLists([report._id]);
    return { supportCount: await this.supportCount(report._id), supported: true };
  }

  async unsupport(id: string, actor: Actor) {
    const report = await this.find(id);
    const res = await this.models.Support.deleteOne({ reportId: report._id, userId: actor.id });
    if (res.deletedCount !== 1) throw fail('not_found', 'You do not support this report');
    await this.dropSupport(report._id);
    return { supportCount: await this.supportCount(report._id), supported: false };
  }

  private async supportCount(reportId: Types.ObjectId): Promise<number> {
    return (await this.models.Report.findById(reportId, { supportCount: 1 }).lean())?.supportCount ?? 0;
  }

  async dropSupport(reportId: Types.ObjectId): Promise<void> {
    await this.writes.run(String(reportId), () => this.models.Report.updateOne({ _id: reportId, supportCount: { $gt: 0 } }, { $inc: { supportCount: -1 } }));
    await this.invalidateLists([reportId]);
  }
}
