import { fail } from '../../lib/errors.js';
import { pageOf, type Paging } from '../../lib/paging.js';
import { hashToken } from '../../lib/tokens.js';
import type { ListEntry } from './list-snapshot.js';
import type { ReportRow } from './model.js';
import type { Actor, ReportsCore } from './core.js';
import { publicView, reporterView } from './views.js';
import { OPEN_STATUSES, type Status } from './workflow.js';

export interface ListFilters {
  status?: Status[];
  categoryId?: string;
  department?: string;
  /** A profile district (reports are placed in one after creation: plugins/backoffice). */
  district?: string;
  /** minLng, minLat, maxLng, maxLat */
  bbox?: [number, number, number, number];
}

const METRES_PER_DEGREE = 111_320;
export const NEARBY = { defaultRadius: 250, maxRadius: 500, max: 10 } as const;

/** Great-circle distance in metres (haversine); plenty precise at city scale. */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** The reading side of reports: public lists, the map and "nearby" (from the list snapshot), a report's views, photos. */
export class ReportReading {
  constructor(private readonly reports: ReportsCore) {}

  private get publicUrl() {
    return this.reports.config.publicUrl;
  }

  async list(filters: ListFilters, paging: Paging) {
    const match = this.matcher(filters);
    const skip = (paging.page - 1) * paging.limit;
    const items: ListEntry['item'][] = [];
    let seen = 0;
    for (const entry of await this.reports.lists.read()) {
      if (!match(entry)) continue;
      if (seen++ < skip) continue;
      if (items.length === paging.limit) return { items, page: paging.page, limit: paging.limit, hasMore: true };
      items.push(entry.item);
    }
    return { items, page: paging.page, limit: paging.limit, hasMore: false };
  }

  private matcher(filters: ListFilters): (e: ListEntry) => boolean {
    const statuses = filters.status?.length ? new Set<string>(filters.status) : undefined;
    const profile = this.reports.config.profile;
    let categories: Set<string> | undefined;
    if (filters.department) {
      categories = new Set(profile.categories.filter((c) => c.department === filters.department).map((c) => c.id));
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
    return (await this.reports.lists.read())
      .filter(match)
      .slice(0, 200)
      .map((e) => ({ ...e.item, distance: Math.round(distanceMetres(at, e)) }))
      .filter((r) => r.distance <= radius)
      .sort((a, b) => a.distance - b.distance)
      .slice(0, NEARBY.max);
  }

  /** The public view; a signed-in caller also learns how they relate to it (for the widget's buttons). */
  async view(id: string, actor?: Actor) {
    const report = await this.reports.find(id);
    if (report.hidden && !this.reports.canManage(actor, report)) throw fail('not_found', 'No such report');
    const out: ReturnType<typeof publicView> & { viewer?: { reporter: boolean; staff: boolean; supported: boolean } } = publicView(report, this.publicUrl);
    if (actor) {
      const supported = actor.role === 'resident' && (await this.reports.queries.hasSupported(report._id, actor.id));
      out.viewer = { reporter: String(report.reporterId) === actor.id, staff: this.reports.canManage(actor, report), supported };
    }
    return out;
  }

  async findByTrackingCode(code: string): Promise<ReportRow> {
    const { Report } = this.reports.models;
    const trackingHash = hashToken(code);
    const id = await this.reports.lists.idByTrackingHash(trackingHash);
    const report = id
      ? await Report.findOne({ _id: id })
          .lean<ReportRow>()
          .then((r) => (r?.trackingHash === trackingHash ? r : null))
      : await Report.findOne({ trackingHash }).lean<ReportRow>();
    if (!report) throw fail('not_found', 'No report has this tracking code');
    return report;
  }

  async track(code: string) {
    const report = await this.findByTrackingCode(code);
    const messages = await this.reports.models.Message.find({ reportId: report._id }).sort({ createdAt: 1, _id: 1 }).limit(500).lean();
    return reporterView(report, this.publicUrl, { trackingCode: code, messages });
  }

  async mine(userId: string, paging: Paging) {
    const page = await pageOf(paging, (skip, limit) =>
      this.reports.models.Report.find({ reporterId: userId }).sort({ createdAt: -1, _id: -1 }).skip(skip).limit(limit).lean<ReportRow[]>(),
    );
    return { ...page, items: page.items.map((r) => reporterView(r, this.publicUrl, { trackingCode: this.reports.openCode(r.trackingSealed) || undefined })) };
  }

  async photo(id: string, n: number) {
    const report = await this.reports.find(id);
    if (report.hidden) throw fail('not_found', 'No such photo');
    const photo = report.photos[n];
    if (!photo || photo.hidden) throw fail('not_found', 'No such photo');
    return { data: await this.reports.photos.read(photo.fileId), contentType: photo.contentType, etag: String(photo.fileId) };
  }
}
