import mongoose, { type FilterQuery, type Types } from 'mongoose';
import { hashToken } from '../../lib/tokens.js';
import type { EventRow, ReportModels, ReportRow } from './model.js';
import { OPEN_STATUSES, STATUSES, type Status } from './workflow.js';

/**
 * The reads other domains make of reports (the back office, Open311, alerts), so that no domain but
 * this one touches the report models. Each query is served by an index the model declares.
 */

export const QUEUE_SORTS = ['newest', 'age', 'supports'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

const SORTS: Record<QueueSort, Record<string, 1 | -1>> = {
  newest: { createdAt: -1, _id: -1 },
  // "age": the oldest first, what a queue is worked in
  age: { createdAt: 1, _id: 1 },
  supports: { supportCount: -1, createdAt: 1, _id: 1 },
};

/** The staff queue's filters, the caller's department scope already applied. */
export interface QueueQuery {
  /** undefined: every category (admins). */
  categoryIds?: string[];
  status?: Status[];
  district?: string;
  createdBefore?: Date;
  /** Free text in title, description or address. */
  text?: string;
  /** A tracking code in its canonical form (matched by hash). */
  trackingCode?: string;
  sort?: QueueSort;
}

/** A time window; `to` is exclusive unless `toInclusive`. */
export interface TimeRange {
  from: Date;
  to: Date;
  toInclusive?: boolean;
}

/** What Open311 shows of a report: nothing about the reporter. */
export type RequestRow = Pick<ReportRow, '_id' | 'categoryId' | 'description' | 'location' | 'status' | 'history' | 'photos' | 'createdAt'>;
const REQUEST_PROJECTION = {
  categoryId: 1,
  description: 1,
  location: 1,
  status: 1,
  'history.comment': 1,
  'history.at': 1,
  'photos.width': 1,
  'photos.hidden': 1,
  createdAt: 1,
} as const;

/** Open311's GET requests: by ids, or by creation window, categories and open/closed. */
export interface RequestFilter {
  ids?: string[];
  created?: TimeRange;
  categoryIds?: string[];
  open?: boolean;
}

export type StatsRow = Pick<ReportRow, 'categoryId' | 'createdAt' | 'history'>;
export type AlertReportRow = Pick<ReportRow, '_id' | 'title' | 'categoryId' | 'location' | 'status' | 'hidden'>;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const range = (r: TimeRange) => (r.toInclusive ? { $gte: r.from, $lte: r.to } : { $gte: r.from, $lt: r.to });

export class ReportQueries {
  constructor(private readonly models: Pick<ReportModels, 'Report' | 'Event' | 'Support'>) {}

  private queueFilter(q: QueueQuery): FilterQuery<ReportRow> {
    const query: FilterQuery<ReportRow> = {};
    if (q.categoryIds) query.categoryId = q.categoryIds.length === 1 ? q.categoryIds[0] : { $in: q.categoryIds };
    if (q.status?.length) query.status = { $in: q.status };
    if (q.district !== undefined) query.district = q.district;
    if (q.createdBefore) query.createdAt = { $lt: q.createdBefore };
    if (q.text) {
      const text = new RegExp(escapeRegex(q.text), 'i');
      const or: FilterQuery<ReportRow>[] = [{ title: text }, { description: text }, { 'location.address': text }];
      if (q.trackingCode) or.push({ trackingHash: hashToken(q.trackingCode) });
      query.$or = or;
    }
    return query;
  }

  /** A page of the staff queue (no tracking or contact fields). */
  /** `withContact`: also the sealed tracking code and an anonymous reporter's address (the staff CSV). */
  queue(q: QueueQuery, skip: number, limit: number, withContact = false): Promise<ReportRow[]> {
    return this.models.Report.find(this.queueFilter(q), withContact ? { trackingHash: 0 } : { trackingHash: 0, trackingSealed: 0, contactEmail: 0 })
      .sort(SORTS[q.sort ?? 'newest'])
      .skip(skip)
      .limit(limit)
      .lean<ReportRow[]>();
  }

  /** Reports per status in the given categories (undefined: all); one projected scan, counted here (FerretDB counts scan anyway). */
  async countByStatus(categoryIds?: string[]): Promise<Record<Status, number>> {
    const rows = await this.models.Report.find(categoryIds ? { categoryId: { $in: categoryIds } } : {}, { status: 1, _id: 0 })
      .limit(200_000)
      .lean<Array<{ status: Status }>>();
    const out = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
    for (const r of rows) out[r.status]++;
    return out;
  }

  /** Public reports created since `since`, projected to what the statistics need; bounded by `max`. */
  forStats(since: Date, max: number): Promise<StatsRow[]> {
    return this.models.Report.find({ createdAt: { $gte: since }, hidden: { $ne: true } }, { categoryId: 1, createdAt: 1, 'history.status': 1, 'history.at': 1 })
      .limit(max)
      .lean<StatsRow[]>();
  }

  /** Reports not yet placed in a district (written before districts had boundaries, or a crash). */
  unplaced(limit: number): Promise<Array<Pick<ReportRow, '_id' | 'location'>>> {
    return this.models.Report.find({ district: null }, { location: 1 }).limit(limit).lean<Array<Pick<ReportRow, '_id' | 'location'>>>();
  }

  async hasSupported(reportId: Types.ObjectId, userId: string): Promise<boolean> {
    return !!(await this.models.Support.exists({ reportId, userId }));
  }

  /** Open311's public requests, newest first (by ids: the first `limit` well-formed ones); hidden reports are gone from every public surface. */
  requests(f: RequestFilter, skip: number, limit: number): Promise<RequestRow[]> {
    let filter: FilterQuery<ReportRow>;
    if (f.ids) {
      filter = { _id: { $in: f.ids.filter((id) => mongoose.isValidObjectId(id)).slice(0, limit) } };
    } else {
      filter = f.created ? { createdAt: range(f.created) } : {};
      if (f.categoryIds) filter.categoryId = { $in: f.categoryIds };
      if (f.open !== undefined) filter.status = f.open ? { $in: OPEN_STATUSES } : { $nin: OPEN_STATUSES };
    }
    filter.hidden = { $ne: true };
    return this.models.Report.find(filter, REQUEST_PROJECTION).sort({ createdAt: -1, _id: -1 }).skip(skip).limit(limit).lean<RequestRow[]>();
  }

  /** One public request, or null (unknown, malformed id, or hidden). */
  async request(id: string): Promise<RequestRow | null> {
    const row = mongoose.isValidObjectId(id)
      ? await this.models.Report.findById(id, { ...REQUEST_PROJECTION, hidden: 1 }).lean<RequestRow & { hidden?: boolean }>()
      : null;
    return row?.hidden ? null : row;
  }

  /** Status changes (history[0], "new", has no event) in a time window, oldest first. */
  statusChanges(at: TimeRange, skip: number, limit: number): Promise<EventRow[]> {
    return this.models.Event.find({ seq: { $gte: 1 }, at: range(at) })
      .sort({ at: 1, _id: 1 })
      .skip(skip)
      .limit(limit)
      .lean<EventRow[]>();
  }

  /** Reports created in a window (alerts' catch-up), up to `limit`. */
  createdIn(at: TimeRange, limit: number): Promise<ReportRow[]> {
    return this.models.Report.find({ createdAt: range(at) })
      .limit(limit)
      .lean<ReportRow[]>();
  }

  /** By _id alone: the one filter FerretDB 1.x serves from an index. */
  byId(id: Types.ObjectId | string): Promise<ReportRow | null> {
    return this.models.Report.findById(id).lean<ReportRow>();
  }

  /** What an alert email shows of a report. */
  forAlert(id: Types.ObjectId): Promise<AlertReportRow | null> {
    return this.models.Report.findById(id, { title: 1, categoryId: 1, location: 1, status: 1, hidden: 1 }).lean<AlertReportRow>();
  }
}
