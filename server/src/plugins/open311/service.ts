import type { Config } from '../../config.js';
import type { Category, Language } from '../../profile/schema.js';
import { isOpen, photoUrl, type Reports, type RequestRow } from '../reports/index.js';
import { Open311Refusal } from './errors.js';
import { ApiKeys } from './keys.js';
import type { ApiKeyRow, Open311Models, RequestMetaRow } from './model.js';
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

const iso = (d: Date) => d.toISOString();

/**
 * GeoReport v2 on top of the reports domain: categories are services, reports are service requests
 * (same id, same workflow), and every request is "realtime" (its id is returned at once). What a
 * request carried beyond a report (source, the requester's name and phone, attribute answers) is kept
 * beside it in open311_requests, never shown publicly. Every method returns the document's value as
 * plain data (render.ts writes it as JSON or XML) and refuses with an Open311Refusal.
 */
export class Open311Service {
  readonly keys: ApiKeys;
  /** Services come from the profile, read at start: a restart is the only time they change. */
  private readonly changeset = new Date().toISOString();

  constructor(
    readonly models: Open311Models,
    private readonly reports: Reports,
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

  discovery() {
    const { contactEmail, name } = this.config.profile;
    return {
      changeset: this.changeset,
      contact: `${name}: ${contactEmail}`,
      key_service: `API keys for submitting service requests are issued by the administrators of ${name}; ask at ${contactEmail}`,
      endpoints: [
        { specification: SPECIFICATION, url: this.baseUrl, changeset: this.changeset, type: 'production', formats: ['text/xml', 'application/json'] },
      ],
    };
  }

  services() {
    return this.config.profile.categories.map((c) => ({
      service_code: c.id,
      service_name: c.name[this.lang],
      description: null,
      metadata: Boolean(c.questions?.length),
      type: 'realtime',
      keywords: null,
      group: this.departmentName(c.department),
    }));
  }

  definition(code: string) {
    const category = this.category(code);
    if (!category) throw new Open311Refusal('not_found', [`service_code ${code} was not found`]);
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
    return { service_code: category.id, attributes };
  }

  /** POST requests: counted against the key's rate limit, then an ordinary report plus its Open311 record. */
  async create(key: ApiKeyRow, input: ServiceRequestInput) {
    const retryAfter = await this.keys.spend(key);
    if (retryAfter) {
      const problem = `The rate limit of this api_key (${key.rateLimit} requests per minute) is reached; retry in ${retryAfter} seconds`;
      throw new Open311Refusal('rate_limited', [problem], retryAfter);
    }
    const category = this.category(input.service_code)!;
    const pinpointed = input.lat !== undefined && input.long !== undefined;
    const point = pinpointed ? { lat: input.lat!, lng: input.long! } : this.config.profile.map.center;
    const created = await this.reports.create(
      {
        categoryId: category.id,
        // the spec makes description optional; a report needs one
        description: input.description || (category.name[this.lang] ?? category.name.pl),
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
    return [{ service_request_id: created.id, service_notice: null, account_id: null }];
  }

  private async toRequests(rows: RequestRow[]) {
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
      const shownPhoto = (r.photos ?? []).findIndex((p) => !p.hidden);
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
        // the first photo moderation left public (a hidden one keeps its number, so it may not be 0)
        media_url: shownPhoto >= 0 ? photoUrl(this.config.publicUrl, id, shownPhoto) : (meta?.mediaUrl ?? null),
      };
    });
  }

  /** GET requests: newest first; service_request_id overrides every other argument, as the spec says. */
  async list(q: RequestQuery) {
    const { queries } = this.reports;
    // hidden by moderation: gone from every public surface (the query leaves them out)
    const rows = q.ids
      ? await queries.requests({ ids: q.ids }, 0, MAX_RESULTS)
      : await queries.requests(
          {
            created: { from: q.start, to: q.end, toInclusive: true },
            categoryIds: q.serviceCodes,
            open: q.statuses && new Set(q.statuses).size === 1 ? q.statuses[0] === 'open' : undefined,
          },
          (q.page - 1) * q.pageSize,
          q.pageSize,
        );
    return this.toRequests(rows);
  }

  async one(id: string) {
    const row = await this.reports.queries.request(id);
    if (!row) throw new Open311Refusal('not_found', [`service_request_id ${id} was not found`]);
    return this.toRequests([row]);
  }

  /** Every service is realtime, so no tokens are issued; a request's own id works as its token for clients that always ask. */
  async token(token: string) {
    const row = await this.reports.queries.request(token);
    if (!row) throw new Open311Refusal('not_found', [`token ${token} was not found`]);
    return [{ service_request_id: String(row._id), token }];
  }

  /** FixMyStreet's servicerequestupdates: status changes (with the staff comment) in a time range, oldest first. */
  async updates(range: { start: Date; end: Date; page: number; pageSize: number }) {
    const at = { from: range.start, to: range.end, toInclusive: true };
    const events = await this.reports.queries.statusChanges(at, (range.page - 1) * range.pageSize, range.pageSize);
    return events.map((e) => ({
      update_id: String(e._id),
      service_request_id: String(e.reportId),
      status: open311Status(e.status),
      updated_datetime: iso(e.at),
      description: e.comment ?? null,
      media_url: null,
    }));
  }
}
