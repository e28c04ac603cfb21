import mongoose, { type FilterQuery } from 'mongoose';
import type { Config } from '../../config.js';
import type { Category, Language } from '../../profile/schema.js';
import type { EventRow, ReportRow } from '../reports/model.js';
import { isOpen, OPEN_STATUSES, type Status } from '../reports/workflow.js';
import type { ReportsService } from '../reports/service.js';
import { photoUrl } from '../reports/views.js';
import { ApiKeys } from './keys.js';
import type { ApiKeyRow, Open311Models, RequestMetaRow } from './model.js';
import { open311Fail, type Document } from './render.js';
import type { ServiceRequestInput } from './input.js';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** "Default query limit is ... first 1000 requests returned"; also the largest page_size. */
export const MAX_RESULTS = 1000;

export type Open311Status = 'open' | 'closed';
export const open311Status = (status: string): Open311Status => (isOpen(status) ? 'open' : 'closed');

export interface RequestQuery {
  ids?: string[];
  serviceCodes?: string[];
  statuses?: Open311Status[];
  start: Date;
  end: Date;
  page: number;
  pageSize: number;
}

/** The report fields a GeoReport request shows: nothing about the reporter. */
const REQUEST_PROJECTION = {
  categoryId: 1,
  description: 1,
  location: 1,
  status: 1,
  'history.comment': 1,
  'history.at': 1,
  'photos.width': 1,
  createdAt: 1,
} as const;
type RequestRow = Pick<ReportRow, '_id' | 'categoryId' | 'description' | 'location' | 'status' | 'history' | 'photos' | 'createdAt'>;
const iso = (d: Date) => d.toISOString();

const requestsDocument = (value: unknown[]): Document => ({ root: 'service_requests', value, items: { service_requests: 'request' } });

/**
 * GeoReport v2 on top of the reports domain: categories are services, reports are service requests
 * (same id, same workflow), and every request is "realtime" (its id is returned at once). What a
 * request carried beyond a report (source, the requester's name and phone, attribute answers) is kept
 * beside it in open311_requests, never shown publicly.
 */
export class Open311Service {
  readonly keys: ApiKeys;
  /** Services come from the profile, read at start: a restart is the only time they change. */
  private readonly changeset = new Date().toISOString();

  constructor(
    readonly models: Open311Models,
    private readonly reports: ReportsService,
    private readonly config: Config,
  ) {
    this.keys = new ApiKeys(models);
  }

  private get lang(): Language {
    return this.config.profile.defaultLanguage;
  }

  private category(code: string): Category | undefined {
    return this.config.profile.categories.find((c) => c.id === code);
  }

  private departmentName(id: string | undefined): string | null {
    return this.config.profile.departments.find((d) => d.id === id)?.name[this.lang] ?? null;
  }

  get baseUrl(): string {
    return `${this.config.publicUrl}/open311/v2`;
  }

  discovery(): Document {
    const { contactEmail, name } = this.config.profile;
    return {
      root: 'discovery',
      value: {
        changeset: this.changeset,
        contact: `${name}: ${contactEmail}`,
        key_service: `API keys for submitting service requests are issued by the administrators of ${name}; ask at ${contactEmail}`,
        endpoints: [
          { specification: SPECIFICATION, url: this.baseUrl, changeset: this.changeset, type: 'production', formats: ['text/xml', 'application/json'] },
        ],
      },
      items: { endpoints: 'endpoint', formats: 'format' },
    };
  }

  services(): Document {
    const value = this.config.profile.categories.map((c) => ({
      service_code: c.id,
      service_name: c.name[this.lang],
      description: null,
      metadata: Boolean(c.questions?.length),
      type: 'realtime',
      keywords: null,
      group: this.departmentName(c.department),
    }));
    return { root: 'services', value, items: { services: 'service' } };
  }

  definition(code: string): Document {
    const category = this.category(code);
    if (!category) throw open311Fail(404, [`service_code ${code} was not found`]);
    const attributes = (category.questions ?? []).map((q, i) => ({
      variable: true,
      code: q.code,
      datatype: q.datatype,
      required: q.required,
      datatype_description: null,
      order: i + 1,
      description: q.description[this.lang],
      values: q.values ? q.values.map((v) => ({ key: v.key, name: v.name[this.lang] })) : undefined,
    }));
    return { root: 'service_definition', value: { service_code: category.id, attributes }, items: { attributes: 'attribute', values: 'value' } };
  }

  /** POST requests: counted against the key's rate limit, then an ordinary report plus its Open311 record. */
  async create(key: ApiKeyRow, input: ServiceRequestInput): Promise<Document> {
    const retryAfter = await this.keys.spend(key);
    if (retryAfter)
      throw open311Fail(429, [`The rate limit of this api_key (${key.rateLimit} requests per minute) is reached; retry in ${retryAfter} seconds`], retryAfter);
    const category = this.category(input.service_code)!;
    const pinpointed = input.lat !== undefined && input.long !== undefined;
    const point = pinpointed ? { lat: input.lat!, lng: input.long! } : this.config.profile.map.center;
    const created = await this.reports.create(
      {
        categoryId: category.id,
        // the spec makes description optional; a report needs one
        description: input.description || category.name[this.lang],
        location: { ...point, address: input.address_string },
        contactEmail: input.email,
        locale: this.lang,
      },
      undefined,
      [],
      { trusted: true },
    );
    const contact = { firstName: input.first_name, lastName: input.last_name, phone: input.phone };
    await this.models.RequestMeta.create({
      _id: created.id,
      apiKeyId: key._id,
      apiKeyName: key.name,
      contact,
      attributes: input.attributes,
      mediaUrl: input.media_url,
      pinpointed,
    });
    return requestsDocument([{ service_request_id: created.id, service_notice: null, account_id: null }]);
  }

  private async toRequests(rows: RequestRow[]): Promise<unknown[]> {
    const metas = await this.models.RequestMeta.find({ _id: { $in: rows.map((r) => r._id) } }, { pinpointed: 1, mediaUrl: 1 }).lean<
      Pick<RequestMetaRow, '_id' | 'pinpointed' | 'mediaUrl'>[]
    >();
    const byId = new Map(metas.map((m) => [String(m._id), m]));
    return rows.map((r) => {
      const id = String(r._id);
      const meta = byId.get(id);
      const category = this.category(r.categoryId);
      const history = r.history ?? [];
      const pinpointed = meta?.pinpointed ?? true;
      return {
        service_request_id: id,
        status: open311Status(r.status),
        status_notes: [...history].reverse().find((h) => h.comment)?.comment ?? null,
        service_name: category?.name[this.lang] ?? r.categoryId,
        service_code: r.categoryId,
        description: r.description,
        agency_responsible: this.departmentName(category?.department),
        service_notice: null,
        requested_datetime: iso(r.createdAt),
        // the last status change: for a closed request, the date it was closed
        updated_datetime: iso(history.at(-1)?.at ?? r.createdAt),
        expected_datetime: null,
        address: r.location.address ?? null,
        address_id: null,
        zipcode: null,
        lat: pinpointed ? r.location.lat : null,
        long: pinpointed ? r.location.lng : null,
        media_url: r.photos?.length ? photoUrl(this.config.publicUrl, id, 0) : (meta?.mediaUrl ?? null),
      };
    });
  }

  /** GET requests: newest first; service_request_id overrides every other argument, as the spec says. */
  async list(q: RequestQuery): Promise<Document> {
    let filter: FilterQuery<ReportRow>;
    if (q.ids) {
      filter = { _id: { $in: q.ids.filter((id) => mongoose.isValidObjectId(id)).slice(0, MAX_RESULTS) } };
    } else {
      filter = { createdAt: { $gte: q.start, $lte: q.end } };
      if (q.serviceCodes) filter.categoryId = { $in: q.serviceCodes };
      if (q.statuses && new Set(q.statuses).size === 1) {
        filter.status = q.statuses[0] === 'open' ? { $in: OPEN_STATUSES } : { $nin: OPEN_STATUSES };
      }
    }
    filter.hidden = { $ne: true }; // hidden by moderation: gone from every public surface
    const rows = await this.reports.models.Report.find(filter, REQUEST_PROJECTION)
      .sort({ createdAt: -1, _id: -1 })
      .skip(q.ids ? 0 : (q.page - 1) * q.pageSize)
      .limit(q.ids ? MAX_RESULTS : q.pageSize)
      .lean<RequestRow[]>();
    return requestsDocument(await this.toRequests(rows));
  }

  private async findRow(id: string): Promise<RequestRow | null> {
    const row = mongoose.isValidObjectId(id)
      ? await this.reports.models.Report.findById(id, { ...REQUEST_PROJECTION, hidden: 1 }).lean<RequestRow & { hidden?: boolean }>()
      : null;
    return row?.hidden ? null : row;
  }

  async one(id: string): Promise<Document> {
    const row = await this.findRow(id);
    if (!row) throw open311Fail(404, [`service_request_id ${id} was not found`]);
    return requestsDocument(await this.toRequests([row]));
  }

  /** Every service is realtime, so no tokens are issued; a request's own id works as its token for clients that always ask. */
  async token(token: string): Promise<Document> {
    const row = await this.findRow(token);
    if (!row) throw open311Fail(404, [`token ${token} was not found`]);
    return requestsDocument([{ service_request_id: String(row._id), token }]);
  }

  /** FixMyStreet's servicerequestupdates: status changes (with the staff comment) in a time range, oldest first. */
  async updates(range: { start: Date; end: Date; page: number; pageSize: number }): Promise<Document> {
    const events = await this.reports.models.Event.find({ seq: { $gte: 1 }, at: { $gte: range.start, $lte: range.end } })
      .sort({ at: 1, _id: 1 })
      .skip((range.page - 1) * range.pageSize)
      .limit(range.pageSize)
      .lean<EventRow[]>();
    const value = events.map((e) => ({
      update_id: String(e._id),
      service_request_id: String(e.reportId),
      status: open311Status(e.status as Status),
      updated_datetime: iso(e.at),
      description: e.comment ?? null,
      media_url: null,
    }));
    return { root: 'service_request_updates', value, items: { service_request_updates: 'request_update' } };
  }
}
