import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { baseStyles } from '../../core/styles.js';
import { districtName } from '../../core/profile.js';
import { OPEN_STATUSES, ReportElement, label } from '../../reports/report-element.js';
import { renderListItem, renderReport } from '../../reports/report-view.js';
import { ReopenForm } from '../../reports/reopen-form.js';
import { reportStyles } from '../../reports/styles.js';
import { filterSelect, importLocationMap } from '../../reports/filters.js';
import type { MapPin, Page, Report } from '../../reports/types.js';
import { styles } from './civic-reports-map.styles.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController, type EmailAction } from '../../core/email-link.js';

/**
 * The visible area widened to a 0.01° grid (about 1 km): small pans ask the same question, so the
 * server's list cache (and any HTTP cache) answers residents looking at the same part of town.
 */
const GRID = 0.01;
export function snap([minLng, minLat, maxLng, maxLat]: [number, number, number, number]): [number, number, number, number] {
  const down = (n: number) => Math.floor(n / GRID) * GRID;
  const up = (n: number) => Math.ceil(n / GRID) * GRID;
  return [Math.max(-180, down(minLng)), Math.max(-90, down(minLat)), Math.min(180, up(maxLng)), Math.min(90, up(maxLat))];
}

/** At most this many reports per view: the map and the list are bounded by the visible area and this. */
const LIMIT = 100;
const FILTERS = { open: OPEN_STATUSES.join(','), fixed: 'resolved', all: '' } as const;
type StatusFilter = keyof typeof FILTERS;

/**
 * @tagname civic-reports-map
 * @summary Public reports around a point or in the visible area: a light tile map with pins by status
 * (fixed reports drawn apart, close pins grouped) and its list twin, which shows the same reports and
 * works without the map (keyboard and screen-reader users, blocked tiles). Filters by category, status
 * and district; a report's card offers "me too", "it is not fixed" and flagging personal data.
 *
 * @event civic-navigate - `{ view: 'login' }`, cancelable, when a signed-out resident chooses to log in.
 *
 * @csspart filters - The filter form.
 * @csspart map - The map viewport.
 * @csspart pin - Each pin or group of pins.
 * @csspart list - The list of reports.
 * @csspart report - The open report's card.
 * @csspart form - The forms of the card.
 * @csspart button - Buttons.
 * @csspart status - The live region.
 *
 * @cssproperty --civic-map-height - Height of the map (default 18rem).
 * @cssproperty --civic-color-primary - Buttons and accents.
 */
export class CivicReportsMap extends ReportElement {
  static override styles = [baseStyles, reportStyles, styles];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows, {
    priority: (action) => (action === 'public-report' ? 5 : 1),
    handle: (a) => this.handleEmailAction(a),
  });

  /** Start position (defaults to the profile's map centre). */
  @property({ type: Number }) lat?: number;
  @property({ type: Number }) lng?: number;
  @property({ type: Number }) zoom?: number;
  /** A report to open at once (e.g. from an alert email's link). */
  @property({ attribute: 'report-id' }) reportId = '';

  @state() private items?: Report[];
  @state() private hasMore = false;
  @state() private filter: { categoryId: string; status: StatusFilter; district: string } = { categoryId: '', status: 'open', district: '' };
  @state() private open?: Report;
  @state() private map: 'off' | 'ready' | 'failed' = 'off';
  private bbox?: [number, number, number, number];
  private loadTimer?: ReturnType<typeof setTimeout>;
  private seq = 0;

  private readonly reopenForm = new ReopenForm(
    this,
    (reason) => this.call('POST', `/reports/${this.open!.id}/reopen`, { reason }),
    () => this.show(this.open!.id),
  );

  private readonly flagForm = new FormController(
    this,
    'flag',
    (): FieldDef[] => [{ name: 'reason', label: label('flagReason'), type: 'textarea', required: true, minLength: 3, maxLength: 1000 }],
    async (v: FormValues) => {
      await this.call('POST', `/reports/${this.open!.id}/flag`, { reason: v.reason });
      (this.renderRoot.querySelector('#flag-form') as HTMLFormElement | null)?.reset();
      this.flagForm.reset();
      this.announce(this.t('flagged'));
    },
  );

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadCategories();
    void this.requireProfile().then(() => {
      void this.loadMap();
      // without a map there is no visible area: the list shows the newest reports (still bounded by LIMIT)
      if (!this.tiles) void this.load();
    });
    if (this.reportId) void this.show(this.reportId);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.loadTimer);
  }

  /** @internal The email link this element was chosen for; what it leaves goes to the default handling. */
  handleEmailAction(a: EmailAction): void {
    if (a.action === 'public-report') void this.show(a.id);
    else void this.emailLink.handleDefault(a);
  }

  /** The portal's address (`?civic_view=map&id=ID`) and Back/Forward: open that report, or with none close it. */
  showReport(id?: string): void {
    if (!id) this.open = undefined;
    else if (this.open?.id !== id) void this.show(id);
  }

  /** A hosting portal keeps the open report in the page address, so it can be shared and Back closes it. */
  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (changed.has('open') && (this.open?.id ?? '') !== ((changed.get('open') as Report | undefined)?.id ?? '')) {
      this.dispatchEvent(new CustomEvent('civic-report-shown', { detail: { id: this.open?.id ?? '' }, bubbles: true, composed: true }));
    }
  }

  /** The tile map is the report form's own (its chunk is shared), fetched only when there is a map to show. */
  private async loadMap(): Promise<void> {
    if (!this.tiles || this.map !== 'off') return;
    this.map = await importLocationMap();
    if (this.map === 'failed') void this.load();
  }

  private async load(): Promise<void> {
    const q = new URLSearchParams({ limit: String(LIMIT) });
    const f = this.filter;
    if (FILTERS[f.status]) q.set('status', FILTERS[f.status]);
    if (f.categoryId) q.set('categoryId', f.categoryId);
    if (f.district) q.set('district', f.district);
    if (this.bbox && this.map === 'ready')
      q.set(
        'bbox',
        snap(this.bbox)
          .map((n) => n.toFixed(3))
          .join(','),
      );
    const seq = ++this.seq;
    try {
      const page = await this.session.api.request<Page<Report>>('GET', `/reports?${q}`);
      if (seq !== this.seq) return; // a newer view was asked for meanwhile
      this.items = page.items;
      this.hasMore = page.hasMore;
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private readonly handleView = (e: CustomEvent<{ bbox: [number, number, number, number] }>): void => {
    this.bbox = e.detail.bbox;
    clearTimeout(this.loadTimer);
    // panning sends many views: ask once it settles
    this.loadTimer = setTimeout(() => void this.load(), 250);
  };

  private readonly handleMapError = (): void => {
    this.map = 'failed';
    void this.load();
  };

  private readonly handlePin = (e: CustomEvent<{ ids: string[] }>): void => {
    if (e.detail.ids.length === 1) void this.show(e.detail.ids[0]!);
    else void this.focusAfterRender(`[data-id="${e.detail.ids[0]}"]`); // a group: its reports in the list
  };

  private readonly handleFilter = (e: Event): void => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const value = (n: string) => (form.elements.namedItem(n) as HTMLSelectElement | null)?.value ?? '';
    this.filter = { categoryId: value('categoryId'), status: value('status') as StatusFilter, district: value('district') };
    void this.load();
  };

  private async show(id: string): Promise<void> {
    try {
      this.open = await this.call<Report>('GET', `/reports/${id}`);
      this.reopenForm.reset();
      this.flagForm.reset();
      void this.focusAfterRender('#map-report-title');
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private readonly handleClose = (): void => {
    const id = this.open?.id;
    this.open = undefined;
    void this.focusAfterRender(`[data-id="${id}"]`);
  };

  private async support(r: Report): Promise<void> {
    try {
      await this.session.authed('POST', `/reports/${r.id}/support`);
      this.announce(this.t('supportThanks'));
      await this.show(r.id);
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private get resident(): boolean {
    return this.session.status === 'signed-in' && this.session.user?.role === 'resident';
  }

  override render() {
    const t = this.t;
    if (this.embed.active) return this.embed.render();
    return html`<section aria-labelledby="map-title">
      <slot name="heading"><h2 id="map-title">${t('mapTitle')}</h2></slot>
      ${this.renderNotice()}
      ${this.renderFilters()}
      ${this.open ? this.renderCard(this.open) : nothing}
      ${this.renderMap()}
      ${this.renderList()}
      <p><button type="button" class="link-button" @click=${() => this.embed.goTo('alerts', 'civic-alerts')}>${t('followArea')}</button></p>
    </section>`;
  }

  private renderFilters() {
    const t = this.t;
    const f = this.filter;
    const districts = this.profile?.districts ?? [];
    return html`<form class="filters" part="filters" aria-label=${t('filters')} @submit=${this.handleFilter}>
      <div class="row">
        ${filterSelect('map-category', 'categoryId', t('filterCategory'), [{ value: '', label: t('all') }, ...this.categories.map((c) => ({ value: c.id, label: this.categoryName(c.id) }))], f.categoryId)}
        ${filterSelect(
          'map-status',
          'status',
          t('filterStatus'),
          [
            { value: 'open', label: t('openOnly') },
            { value: 'fixed', label: t('fixedOnly') },
            { value: 'all', label: t('all') },
          ],
          f.status,
        )}
        ${districts.length ? filterSelect('map-district', 'district', t('filterDistrict'), [{ value: '', label: t('all') }, ...districts.map((d) => ({ value: d.id, label: districtName(this.profile, d.id, t.lang) }))], f.district) : nothing}
        <button type="submit" class="button" part="button">${t('applyFilters')}</button>
      </div>
    </form>`;
  }

  private renderMap() {
    if (this.map !== 'ready') return this.map === 'failed' ? html`<p>${this.t('mapUnavailable')}</p>` : nothing;
    const m = this.mapSettings;
    const t = this.t;
    const pins: MapPin[] = (this.items ?? []).map((r) => ({
      id: r.id,
      lat: r.location.lat,
      lng: r.location.lng,
      fixed: r.status === 'resolved',
      label: `${this.reportName(r)} – ${this.statusText(r.status)}`,
    }));
    return html`<div class="map-slot"><civic-location-map .tileUrl=${this.tiles} .attribution=${m?.attribution ?? ''}
      .lat=${this.lat ?? m?.center.lat ?? 52.23} .lng=${this.lng ?? m?.center.lng ?? 21.01} .zoom=${this.zoom ?? m?.zoom ?? 14} .pins=${pins}
      .groupLabel=${(n: number) => t('pinGroup', { n })}
      .texts=${{ label: t('reportsMap'), hint: t('reportsMapHint'), zoomIn: t('zoomIn'), zoomOut: t('zoomOut') }}
      @civic-map-view=${this.handleView} @civic-map-pin=${this.handlePin} @civic-map-error=${this.handleMapError}></civic-location-map></div>`;
  }

  /** The list twin shows exactly the reports in view (the query's area is a little wider, see snap). */
  private get inView(): Report[] | undefined {
    const b = this.map === 'ready' ? this.bbox : undefined;
    if (!b || !this.items) return this.items;
    return this.items.filter((r) => r.location.lng >= b[0] && r.location.lat >= b[1] && r.location.lng <= b[2] && r.location.lat <= b[3]);
  }

  private renderList() {
    const t = this.t;
    const list = this.inView;
    return html`<section aria-labelledby="list-title">
      <h3 id="list-title">${t('listTitle')}</h3>
      <div role="status" class="visually-hidden">${list ? t('foundN', { n: list.length }) : ''}</div>
      ${
        !list
          ? html`<p>${t('loading')}</p>`
          : list.length
            ? html`<ul class="list" part="list">
              ${list.map((r) => renderListItem(this, r, () => this.show(r.id)))}
            </ul>
            ${this.hasMore ? html`<p>${t('moreInArea', { n: list.length })}</p>` : nothing}`
            : html`<p>${t('queueEmpty')}</p>`
      }
    </section>`;
  }

  private renderCard(r: Report): TemplateResult {
    const t = this.t;
    const v = r.viewer;
    const open = (OPEN_STATUSES as readonly string[]).includes(r.status);
    const actions = html`
      ${
        open && this.resident && !v?.reporter
          ? v?.supported
            ? html`<p>${t('supported')}</p>`
            : html`<p><button type="button" class="button" part="button" @click=${() => this.support(r)}>${t('support')}</button></p>`
          : nothing
      }
      ${v?.reporter || v?.supported ? this.reopenForm.render(r.status) : nothing}
      ${
        this.resident
          ? html`<details><summary>${t('flag')}</summary>${this.flagForm.render(label('flagSubmit'))}</details>`
          : this.session.status !== 'signed-in' && open
            ? html`<p>${t('signInToSupport')}</p>`
            : nothing
      }`;
    // the way back comes first, before the long card (issue 20); the address and place are in renderReport
    return html`<div class="card">
      <p><button type="button" class="link-button" @click=${this.handleClose}>← ${t('backToMap')}</button></p>
      ${renderReport(this, r, { headingId: 'map-report-title', extra: actions })}
      <p><button type="button" class="button button--secondary" part="button" @click=${this.handleClose}>${t('close')}</button></p>
    </div>`;
  }
}

defineElement('civic-reports-map', CivicReportsMap);

declare global {
  interface HTMLElementTagNameMap {
    'civic-reports-map': CivicReportsMap;
  }
}
