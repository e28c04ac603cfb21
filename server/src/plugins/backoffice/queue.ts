import { fail } from '../../lib/errors.js';
import { toCsv } from '../../lib/csv.js';
import type { Paging } from '../../lib/paging.js';
import {
  listItem,
  normalizeTrackingCode,
  publicView,
  type Actor,
  type QueueQuery,
  type QueueSort,
  type ReportRow,
  type Reports,
  type Status,
} from '../reports/index.js';
import { csvTable, separatorFor } from './csv-export.js';
import type { FlagStore } from './moderation.js';

export interface QueueFilters {
  /** Free text (title, description, address) or a tracking code. */
  q?: string;
  status?: Status[];
  categoryId?: string;
  district?: string;
  olderThanDays?: number;
  sort?: QueueSort;
}

/** The CSV export's cap: a department's whole open queue, never the whole database in one answer. */
export const CSV_MAX_ROWS = 5000;
const DAY_MS = 86_400_000;

/** The time the report entered its current status (its last history entry). */
export const statusSince = (r: Pick<ReportRow, 'history' | 'createdAt'>): Date => r.history?.at(-1)?.at ?? r.createdAt;

/**
 * The staff queue (contract §4b): a department's reports with search, filters and sorts, the time
 * each has spent in its status, CSV export of the same list, and counts per status. Staff see their
 * department's categories only; admins see all.
 */
export class StaffQueue {
  constructor(
    private readonly reports: Reports,
    private readonly flags: FlagStore,
  ) {}

  /** The categories an actor may see; undefined for admins (all). */
  private scope(actor: Actor): string[] | undefined {
    if (actor.role === 'admin') return undefined;
    if (actor.role !== 'staff' || !actor.department) throw fail('forbidden', 'Only staff and admins may use the queue');
    return this.reports
      .categories()
      .filter((c) => c.department === actor.department)
      .map((c) => c.id);
  }

  /** The filters as the reports domain's query, narrowed to the actor's categories. */
  private query(actor: Actor, f: QueueFilters): QueueQuery {
    const scope = this.scope(actor);
    const q = f.q?.trim();
    return {
      categoryIds: f.categoryId ? (!scope || scope.includes(f.categoryId) ? [f.categoryId] : []) : scope,
      status: f.status,
      district: f.district,
      createdBefore: f.olderThanDays ? new Date(Date.now() - f.olderThanDays * DAY_MS) : undefined,
      text: q || undefined,
      trackingCode: q ? normalizeTrackingCode(q) : undefined,
      sort: f.sort,
    };
  }

  private async rows(actor: Actor, f: QueueFilters, skip: number, limit: number): Promise<ReportRow[]> {
    return this.reports.queries.queue(this.query(actor, f), skip, limit);
  }

  private async item(actor: Actor, r: ReportRow, flagCounts: Map<string, number>) {
    const since = statusSince(r);
    return {
      ...listItem(r, this.reports.config.publicUrl),
      district: r.district || undefined,
      statusSince: since.toISOString(),
      hoursInStatus: Math.floor((Date.now() - since.getTime()) / 3_600_000),
      hidden: Boolean(r.hidden),
      nextStatuses: this.reports.nextStatusesFor(actor, r),
      flagCount: flagCounts.get(String(r._id)) ?? 0,
    };
  }

  async list(actor: Actor, f: QueueFilters, paging: Paging) {
    const rows = await this.rows(actor, f, (paging.page - 1) * paging.limit, paging.limit + 1);
    const page = rows.slice(0, paging.limit);
    const flagCounts = await this.flags.counts(page.map((r) => r._id));
    return {
      items: await Promise.all(page.map((r) => this.item(actor, r, flagCounts))),
      page: paging.page,
      limit: paging.limit,
      hasMore: rows.length > paging.limit,
    };
  }

  /**
   * Same filters and order as the list, up to CSV_MAX_ROWS rows, in the staff member's language
   * (`lang`, else their account's, else the profile's default).
   */
  async csv(actor: Actor, f: QueueFilters, options: { lang?: string; sep?: ';' | ',' | 'tab' }) {
    const rows = await this.reports.queries.queue(this.query(actor, f), 0, CSV_MAX_ROWS, true);
    const reporterIds = [...new Set(rows.flatMap((r) => (r.reporterId ? [String(r.reporterId)] : [])))];
    const [contacts, account] = await Promise.all([
      this.reports.directory.contacts(reporterIds),
      options.lang ? undefined : this.reports.directory.find(actor.id),
    ]);
    const lang = options.lang ?? account?.locale ?? this.reports.config.profile.defaultLanguage;
    return toCsv(csvTable(this.reports, rows, contacts, lang), separatorFor(lang, options.sep));
  }

  /** Reports per status in the actor's scope. */
  async counts(actor: Actor): Promise<Record<Status, number>> {
    return this.reports.queries.countByStatus(this.scope(actor));
  }

  /** A report the actor's department handles (admins: any). */
  private async managed(actor: Actor, id: string): Promise<ReportRow> {
    const report = await this.reports.find(id);
    if (!this.reports.canManage(actor, report)) throw fail('forbidden', 'This report belongs to another department');
    return report;
  }

  /**
   * The nth photo moderation took off the public report (the older route): photos hidden before they
   * kept their numbers, then those marked hidden, in number order.
   */
  async hiddenPhoto(actor: Actor, id: string, n: number) {
    const report = await this.managed(actor, id);
    const photo = [...(report.moderation?.hiddenPhotos ?? []), ...report.photos.filter((p) => p.hidden)][n];
    if (!photo) throw fail('not_found', 'No such hidden photo');
    return { data: await this.reports.photos.read(photo.fileId), contentType: photo.contentType };
  }

  /** Photo n of a report, hidden or not, for the department's staff (the public route refuses hidden ones). */
  async photo(actor: Actor, id: string, n: number) {
    const report = await this.managed(actor, id);
    const photo = report.photos[n];
    if (!photo) throw fail('not_found', 'No such photo');
    return { data: await this.reports.photos.read(photo.fileId), contentType: photo.contentType };
  }

  /** Who sent the report and how the office may reach them (never in a public view). */
  private async reporter(report: ReportRow) {
    if (!report.reporterId) return report.contactEmail ? { anonymous: true, email: report.contactEmail } : { anonymous: true };
    const contact = (await this.reports.directory.contacts([report.reporterId])).get(String(report.reporterId));
    return contact ? { anonymous: false, ...contact } : { anonymous: false, deleted: true };
  }

  /** One report as staff see it: the public view plus what moderation hid and the flags residents raised. */
  async one(actor: Actor, id: string) {
    const report = await this.managed(actor, id);
    const m = report.moderation;
    const publicUrl = this.reports.config.publicUrl;
    return {
      ...publicView(report, publicUrl),
      trackingCode: this.reports.openCode(report.trackingSealed) || undefined,
      reporter: await this.reporter(report),
      // every photo under its own number, hidden ones marked (the public view leaves them out)
      staffPhotos: report.photos.map((p, n) => ({
        n,
        url: `${publicUrl}/api/v1/staff/reports/${id}/photos/${n}`,
        width: p.width,
        height: p.height,
        hidden: Boolean(p.hidden),
      })),
      district: report.district || undefined,
      statusSince: statusSince(report).toISOString(),
      hidden: Boolean(report.hidden),
      nextStatuses: this.reports.nextStatusesFor(actor, report),
      moderation: m?.at
        ? {
            reason: m.reason ?? undefined,
            originalDescription: m.originalDescription ?? undefined,
            hiddenPhotoCount: (m.hiddenPhotos?.length ?? 0) + report.photos.filter((p) => p.hidden).length,
            at: m.at.toISOString(),
          }
        : undefined,
      flags: await this.flags.list(report._id),
    };
  }
}
