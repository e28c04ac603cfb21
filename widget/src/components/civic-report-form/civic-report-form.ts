import { importLocationMap } from '../../reports/filters.js';
import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { baseStyles } from '../../core/styles.js';
import { ReportElement, label } from '../../reports/report-element.js';
import { reportStyles } from '../../reports/styles.js';
import type { LatLng, Report } from '../../reports/types.js';
import { styles } from './civic-report-form.styles.js';
import { PhotoPicker } from './photo-picker.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController } from '../../core/email-link.js';
import { serverLocale } from '../../core/profile.js';
import type { components } from '../../core/api-types.js';

export interface ReportSubmittedDetail {
  id: string;
  trackingCode: string;
}

/**
 * @tagname civic-report-form
 * @summary "Dodaj zgłoszenie": category, description, the place (a small map, "use my location" and
 * an address field that works on its own), up to five photos with previews, and a contact email
 * when reporting without logging in. Reports already made nearby are offered first ("is it one of
 * these? support it instead"). On success it shows the tracking code.
 *
 * @event civic-report-submitted - `{ id, trackingCode }` after the server accepted the report. Bubbles, composed.
 * @event civic-navigate - `{ view: 'track' | 'login' }`, cancelable: "check the status", "log in".
 *
 * @csspart form - The form.
 * @csspart field - Each field wrapper.
 * @csspart label - Each label.
 * @csspart input - Each input, select and textarea.
 * @csspart button - The submit button and the other primary buttons.
 * @csspart error-summary - The error summary shown after a failed submission.
 * @csspart map - The map (when the profile configures one and its tiles load).
 * @csspart photos - The list of photo previews.
 * @csspart nearby - The box of possible duplicates nearby.
 * @csspart tracking-code - The tracking code shown after sending.
 * @csspart status - The live region for status messages.
 *
 * @cssproperty --civic-color-primary - Buttons and accents.
 * @cssproperty --civic-color-error - Errors.
 * @cssproperty --civic-map-height - Height of the map (default 18rem).
 * @cssproperty --civic-radius - Corner radius.
 * @cssproperty --civic-spacing - Base spacing unit.
 * @cssproperty --civic-font-family - Font; inherited from the page by default.
 *
 * @slot heading - Replaces the default "Dodaj zgłoszenie" heading.
 */
export class CivicReportForm extends ReportElement {
  static override styles = [baseStyles, reportStyles, styles];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows);

  /** Tile URL template (`{z}/{x}/{y}`) overriding the profile's map; `none` shows no map. */

  @state() private point?: LatLng;
  @state() private categoryId = '';
  private readonly photos = new PhotoPicker(this);
  @state() private map: 'off' | 'ready' | 'failed' = 'off';
  @state() private locating = false;
  @state() private nearby: Report[] = [];
  @state() private submitted?: ReportSubmittedDetail;
  private nearbyTimer?: ReturnType<typeof setTimeout>;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadCategories();
    void this.requireProfile().then(() => this.loadMap());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.photos.clear();
    clearTimeout(this.nearbyTimer);
  }

  private get anonymous(): boolean {
    return this.session.status !== 'signed-in';
  }

  /** The map is its own chunk, fetched only when there is a map to show. */
  private async loadMap(): Promise<void> {
    if (!this.tiles || this.map !== 'off') return;
    this.map = await importLocationMap();
  }

  private readonly fields = (): FieldDef[] => {
    const t = this.t;
    const list: FieldDef[] = [
      {
        name: 'categoryId',
        label: label('category'),
        type: 'select',
        required: true,
        value: this.categoryId,
        options: [{ value: '', label: t('chooseCategory') }, ...this.categories.map((c) => ({ value: c.id, label: this.categoryName(c.id) }))],
      },
      { name: 'title', label: label('title'), maxLength: 120 },
      { name: 'description', label: label('description'), type: 'textarea', required: true, minLength: 5, maxLength: 5000, hint: t('descriptionHint') },
      // without a point on the map the address is what tells the city where to go
      { name: 'address', label: label('address'), autocomplete: 'street-address', required: !this.point, maxLength: 300, hint: t('addressHint') },
    ];
    if (this.anonymous) list.push({ name: 'contactEmail', label: label('contactEmail'), type: 'email', autocomplete: 'email', hint: t('contactEmailHint') });
    return list;
  };

  private readonly form = new FormController(this, 'report', this.fields, (v) => this.submit(v));

  private async submit(v: FormValues): Promise<void> {
    this.notice = undefined;
    const at = this.point ?? this.mapSettings?.center ?? { lat: 0, lng: 0 };
    const location = { lat: at.lat, lng: at.lng, ...(v.address ? { address: String(v.address) } : {}) };
    const fields: Record<string, string> = { categoryId: String(v.categoryId), description: String(v.description) };
    if (v.title) fields.title = String(v.title);
    if (this.anonymous) {
      if (v.contactEmail) fields.contactEmail = String(v.contactEmail);
      fields.locale = serverLocale(this.profile, this.t.lang);
    }
    let body: unknown = { ...fields, location };
    const files = this.photos.files;
    if (files.length) {
      const data = new FormData();
      for (const [k, value] of Object.entries(fields)) data.append(k, value);
      data.append('location', JSON.stringify(location));
      for (const file of files) data.append('photos', file, file.name);
      body = data;
    }
    const res = await this.call<ReportSubmittedDetail & { status: string }>('POST', '/reports', body);
    this.submitted = { id: res.id, trackingCode: res.trackingCode };
    this.form.reset();
    this.photos.clear();
    this.point = undefined;
    this.categoryId = '';
    this.nearby = [];
    this.emit('civic-report-submitted', { id: res.id, trackingCode: res.trackingCode });
    void this.focusAfterRender('#submitted-title');
  }

  private readonly handleChange = (e: Event): void => {
    const target = e.target as HTMLSelectElement;
    if (target.name === 'categoryId') {
      this.categoryId = target.value;
      this.scheduleNearby();
    }
  };

  private readonly handleMapMove = (e: CustomEvent<LatLng>): void => {
    this.point = e.detail;
    this.scheduleNearby();
  };

  private readonly handleMapError = (): void => {
    this.map = 'failed';
  };

  private readonly handleLocate = (): void => {
    this.locating = true;
    this.notice = { kind: 'info', text: this.t('locating') };
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        this.locating = false;
        this.point = { lat: pos.coords.latitude, lng: pos.coords.longitude };
        this.notice = { kind: 'success', text: this.t('located') };
        this.scheduleNearby();
      },
      () => {
        this.locating = false;
        this.notice = { kind: 'info', text: this.t('locateFailed') };
        this.form.focusField('address');
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  private readonly handleClearPoint = (): void => {
    this.point = undefined;
    this.nearby = [];
  };

  /** FixMyStreet-style: once there is a category and a real point, look for open reports close by. */
  private scheduleNearby(): void {
    clearTimeout(this.nearbyTimer);
    const { point, categoryId } = this;
    if (!point || !categoryId) {
      this.nearby = [];
      return;
    }
    this.nearbyTimer = setTimeout(async () => {
      try {
        const q = new URLSearchParams({ categoryId, lat: point.lat.toFixed(6), lng: point.lng.toFixed(6) });
        const found = await this.call<Report[]>('GET', `/reports/nearby?${q}`);
        if (point === this.point && categoryId === this.categoryId) this.nearby = found;
      } catch {
        this.nearby = []; // only a suggestion: the report can be sent anyway
      }
    }, 400);
  }

  private async handleSupport(r: Report): Promise<void> {
    try {
      const res = await this.session.authed<components['schemas']['Support']>('POST', `/reports/${r.id}/support`);
      this.nearby = this.nearby.map((x) =>
        x.id === r.id ? { ...x, supportCount: res.supportCount, viewer: { reporter: false, staff: false, supported: true } } : x,
      );
      this.notice = { kind: 'success', text: this.t('supportThanks') };
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private readonly handleCopy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(this.submitted!.trackingCode);
      this.notice = { kind: 'success', text: this.t('copied') };
    } catch {
      // no clipboard permission: the code is on screen, selectable
    }
  };

  private readonly handleAnother = (): void => {
    this.submitted = undefined;
    this.notice = undefined;
    void this.focusAfterRender('#report-heading');
  };

  private renderLocation(fields: FieldDef[]): TemplateResult {
    const t = this.t;
    const m = this.mapSettings;
    const at = this.point ?? m?.center;
    return html`<fieldset aria-describedby="location-hint">
      <legend>${t('location')}</legend>
      <p id="location-hint" class="hint">${t('locationHint')}</p>
      ${
        this.map === 'ready' && at
          ? html`<div class="map-slot"><civic-location-map .tileUrl=${this.tiles} .attribution=${m?.attribution ?? ''}
            .lat=${at.lat} .lng=${at.lng} .zoom=${m?.zoom ?? 15}
            .texts=${{ label: t('map'), hint: t('mapHint'), zoomIn: t('zoomIn'), zoomOut: t('zoomOut') }}
            @civic-map-move=${this.handleMapMove} @civic-map-error=${this.handleMapError}></civic-location-map></div>`
          : this.map === 'failed'
            ? html`<p class="notice" part="map-unavailable">${t('mapUnavailable')}</p>`
            : nothing
      }
      <div class="location-tools">
        ${
          'geolocation' in navigator
            ? html`<button type="button" class="button button--secondary" ?disabled=${this.locating} @click=${this.handleLocate}>${t('useMyLocation')}</button>`
            : nothing
        }
        ${
          this.point
            ? html`<span>${t('pointChosen', { lat: this.point.lat.toFixed(5), lng: this.point.lng.toFixed(5) })}</span>
              <button type="button" class="link-button" @click=${this.handleClearPoint}>${t('clearPoint')}</button>`
            : nothing
        }
      </div>
      ${this.form.renderField(fields.find((f) => f.name === 'address')!)}
    </fieldset>`;
  }

  private renderNearby(): TemplateResult | typeof nothing {
    const t = this.t;
    const canSupport = this.session.status === 'signed-in' && this.session.user?.role === 'resident';
    return html`<div class="visually-hidden" role="status">${this.nearby.length ? t('nearbyFound', { n: this.nearby.length }) : ''}</div>
      ${
        this.nearby.length
          ? html`<section class="nearby" part="nearby" aria-labelledby="nearby-title">
            <h3 id="nearby-title">${t('nearbyTitle')}</h3>
            <p>${t('nearbyIntro')}</p>
            <ul class="list">
              ${this.nearby.map(
                (r) => html`<li>
                  <p><strong>${this.reportName(r)}</strong> · ${this.statusText(r.status)} · ${t('distance', { m: r.distance ?? 0 })}</p>
                  <p class="description">${r.description}</p>
                  <p class="muted">${t('supportCount')}: ${r.supportCount}</p>
                  ${
                    r.viewer?.supported
                      ? html`<p>${t('supported')}</p>`
                      : canSupport
                        ? html`<button type="button" class="button button--secondary" @click=${() => this.handleSupport(r)}>${t('support')}</button>`
                        : nothing
                  }
                </li>`,
              )}
            </ul>
            ${canSupport ? nothing : html`<p>${t('signInToSupport')}</p>`}
            <p><button type="button" class="link-button" @click=${() => this.embed.goTo('map', 'civic-reports-map')}>${t('seeOnMap')}</button></p>
          </section>`
          : nothing
      }`;
  }

  private renderSubmitted(s: ReportSubmittedDetail): TemplateResult {
    const t = this.t;
    // signed in, the report waits in "Moje zgłoszenia": no code to write down
    if (this.session.status === 'signed-in') {
      return html`<section class="success" aria-labelledby="submitted-title">
        <h2 id="submitted-title" tabindex="-1">${t('submittedTitle')}</h2>
        ${this.renderNotice()}
        <p>${t('submittedSignedIn')}</p>
        <div class="actions">
          <button type="button" class="button" part="button" @click=${() => this.embed.goTo('my-reports', 'civic-my-reports', { reportId: s.id })}>${t('myReports')}</button>
          <button type="button" class="button button--secondary" @click=${this.handleAnother}>${t('newReport')}</button>
        </div>
      </section>`;
    }
    return html`<section class="success" aria-labelledby="submitted-title">
      <h2 id="submitted-title" tabindex="-1">${t('submittedTitle')}</h2>
      ${this.renderNotice()}
      <p>${t('trackingCode')}:</p>
      <p><span class="code" part="tracking-code">${s.trackingCode}</span></p>
      <p>${t('trackingCodeHint')}</p>
      <div class="actions">
        ${navigator.clipboard ? html`<button type="button" class="button button--secondary" @click=${this.handleCopy}>${t('copyCode')}</button>` : nothing}
        <button type="button" class="button" part="button" @click=${() => this.embed.goTo('track', 'civic-report-tracker', { code: s.trackingCode })}>${t('trackLink')}</button>
        <button type="button" class="button button--secondary" @click=${this.handleAnother}>${t('newReport')}</button>
      </div>
    </section>`;
  }

  override render() {
    const t = this.t;
    if (this.embed.active) return this.embed.render();
    if (this.submitted) return this.renderSubmitted(this.submitted);
    const s = this.session;
    if (s.status === 'restoring') return html`${this.renderNotice()}<p>${t('loading')}</p>`;
    if (this.anonymous && this.profile?.allowAnonymousReports === false) {
      return html`${this.renderNotice()}<p>${t('signInToReport')}</p>
        <button type="button" class="button" part="button" @click=${() => this.embed.goTo('login', 'civic-login')}>${t('signIn')}</button>`;
    }
    const fields = this.fields();
    const byName = (n: string) => fields.find((f) => f.name === n);
    const email = byName('contactEmail');
    return html`<section aria-labelledby="report-heading">
      <slot name="heading"><h2 id="report-heading" tabindex="-1">${t('reportTitle')}</h2></slot>
      ${this.renderNotice()}
      ${
        this.anonymous
          ? html`<p>${t('anonymousInfo')}</p>
            <p>${t('haveCode')} <button type="button" class="link-button" @click=${() => this.embed.goTo('track', 'civic-report-tracker')}>${t('trackLink')}</button></p>`
          : nothing
      }
      <form id="report-form" part="form" novalidate @submit=${this.form.handleSubmit} @change=${this.handleChange}
        aria-busy=${this.form.submitting ? 'true' : 'false'}>
        ${this.form.renderSummary()}
        ${['categoryId', 'title', 'description'].map((n) => this.form.renderField(byName(n)!))}
        ${this.renderLocation(fields)}
        ${this.photos.render()}
        ${email ? this.form.renderField(email) : nothing}
        ${this.renderNearby()}
        <div class="actions">
          <button type="submit" part="button" class="button">${t('submitReport')}</button>
        </div>
      </form>
    </section>`;
  }
}

defineElement('civic-report-form', CivicReportForm);

declare module '../../core/civic-element.js' {
  interface CivicEventMap {
    'civic-report-submitted': CustomEvent<ReportSubmittedDetail>;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'civic-report-form': CivicReportForm;
  }
  interface GlobalEventHandlersEventMap {
    'civic-report-submitted': CustomEvent<ReportSubmittedDetail>;
  }
}
