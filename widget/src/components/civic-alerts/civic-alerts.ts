import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError } from '../../core/api.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { baseStyles } from '../../core/styles.js';
import { districtName, serverLocale } from '../../core/profile.js';
import type { SessionChange } from '../../core/session.js';
import { ReportElement, label } from '../../reports/report-element.js';
import { reportStyles } from '../../reports/styles.js';
import { importLocationMap } from '../../reports/filters.js';
import type { components } from '../../core/api-types.js';
import type { LatLng } from '../../reports/types.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController, type EmailAction } from '../../core/email-link.js';

type Alert = components['schemas']['Alert'];
/** A circle around a point, a district, or the whole city. */
type Area = Alert['area'];

const RADII = [250, 500, 1000, 2000];

/**
 * @tagname civic-alerts
 * @summary Email alerts about new reports and status changes in an area: a circle around a point on
 * the map, a district, or the whole city, for all or chosen categories. Signed-in residents with a
 * verified email are subscribed at once and see their alerts here; others confirm by email first.
 * Handles the links of alert emails (`civic_action=alert-confirm`, `civic_action=alerts` to manage and unsubscribe).
 *
 * @csspart form - The subscription form.
 * @csspart map - The map for the circle's centre.
 * @csspart list - The resident's alerts.
 * @csspart button - Buttons.
 * @csspart status - The live region.
 */
export class CivicAlerts extends ReportElement {
  static override styles = [
    baseStyles,
    reportStyles,
    css`
      .map-slot {
        margin: 0 0 var(--_space);
      }
      .list li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
        align-items: center;
        justify-content: space-between;
        border-bottom: 1px solid #b1b4b6;
        padding: 0.5em 0;
      }
    `,
  ];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows, {
    priority: (action) => (action === 'alert-confirm' || action === 'alerts' ? 5 : 1),
    handle: (a) => this.handleEmailAction(a),
  });

  @property({ type: Number }) lat?: number;
  @property({ type: Number }) lng?: number;

  @state() private mine?: Alert[];
  @state() private managed?: { token: string; alert?: Alert };
  @state() private map: 'off' | 'ready' | 'failed' = 'off';
  /** The area kind chosen: only its own input is shown (a radius for a circle, the district for a district). */
  @state() private kind = 'circle';
  private point?: LatLng;

  private readonly fields = (): FieldDef[] => {
    const t = this.t;
    const districts = this.profile?.districts ?? [];
    const list: FieldDef[] = [
      {
        name: 'kind',
        label: label('alertArea'),
        type: 'select',
        required: true,
        value: this.kind,
        options: [
          { value: 'circle', label: t('areaCircle') },
          ...(districts.length ? [{ value: 'district', label: t('areaDistrict') }] : []),
          { value: 'city', label: t('areaCity') },
        ],
      },
    ];
    if (this.kind === 'circle')
      list.push({ name: 'radius', label: label('radius'), type: 'select', value: '500', options: RADII.map((r) => ({ value: String(r), label: `${r} m` })) });
    if (districts.length && this.kind === 'district') {
      list.push({
        name: 'district',
        label: label('filterDistrict'),
        type: 'select',
        options: [{ value: '', label: t('chooseDistrict') }, ...districts.map((d) => ({ value: d.id, label: districtName(this.profile, d.id, t.lang) }))],
      });
    }
    if (this.session.status !== 'signed-in')
      list.push({ name: 'email', label: 'email', type: 'email', required: true, autocomplete: 'email', hint: t('alertEmailHint') });
    return list;
  };

  private readonly form = new FormController(this, 'alert', this.fields, async (v: FormValues) => {
    const area = this.area(v);
    const categories = [...this.renderRoot.querySelectorAll<HTMLInputElement>('input[name="cat"]:checked')].map((i) => i.value);
    const body = {
      area,
      ...(categories.length ? { categories } : {}),
      locale: serverLocale(this.profile, this.t.lang),
      ...(v.email ? { email: v.email } : {}),
    };
    const res = await this.call<{ status: string }>('POST', '/alerts', body);
    this.announce(this.t(res.status === 'active' ? 'alertActive' : 'alertPending'));
    // a clean form for the next alert: the defaults again, no ticked category, no email left behind
    (this.renderRoot.querySelector('#alert-form') as HTMLFormElement | null)?.reset();
    this.renderRoot.querySelectorAll<HTMLInputElement | HTMLSelectElement>('#alert-form input, #alert-form select').forEach((el) => {
      if (el instanceof HTMLInputElement && el.type === 'checkbox') el.checked = false;
      else if (el.name === 'email') el.value = '';
    });
    this.kind = 'circle';
    this.form.reset();
    await this.loadMine();
  });

  /** The categories fieldset: names come from the profile, so it sits beside the form's own fields. */
  private renderCategories() {
    return html`<fieldset class="field">
      <legend>${this.t('categoriesLegend')}</legend>
      ${this.categories.map((c) => html`<div class="checkbox"><input type="checkbox" id="cat-${c.id}" name="cat" value=${c.id} /><label for="cat-${c.id}">${this.categoryName(c.id)}</label></div>`)}
    </fieldset>`;
  }

  private area(v: FormValues): Area {
    if (v.kind === 'city') return { city: true };
    if (v.kind === 'district') {
      if (!v.district) throw new ApiError(400, { code: 'validation_failed', fields: { district: 'required' } });
      return { district: String(v.district) };
    }
    const m = this.profile?.map;
    const p = this.point ?? { lat: this.lat ?? m?.center.lat ?? 52.23, lng: this.lng ?? m?.center.lng ?? 21.01 };
    return { lat: Number(p.lat.toFixed(6)), lng: Number(p.lng.toFixed(6)), radiusM: Number(v.radius || 500) };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.renderRoot.addEventListener('change', this.handleKind);
    void this.loadCategories();
    void this.requireProfile().then(() => this.loadMap());
    void this.session.ready().then(() => this.loadMine());
  }

  private readonly handleKind = (e: Event): void => {
    const el = e.target as HTMLSelectElement;
    if (el.name === 'kind') this.kind = el.value;
  };

  protected override sessionChanged(change: SessionChange): void {
    this.mine = undefined;
    if (change.status === 'signed-in') void this.loadMine();
  }

  /** @internal The email link this element was chosen for; what it leaves goes to the default handling. */
  handleEmailAction(a: EmailAction): void {
    if (a.action === 'alert-confirm') void this.confirm(a.token);
    else if (a.action === 'alerts') void this.manage(a.token);
    else void this.emailLink.handleDefault(a);
  }

  private async loadMap(): Promise<void> {
    if (this.tiles && this.map === 'off') this.map = await importLocationMap();
  }

  private async loadMine(): Promise<void> {
    if (this.session.status !== 'signed-in') return;
    try {
      this.mine = await this.session.authed<Alert[]>('GET', '/me/alerts');
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private async confirm(token: string): Promise<void> {
    try {
      await this.session.api.request('POST', '/alerts/confirm', { token });
      this.announce(this.t('alertConfirmed'));
      await this.loadMine();
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private async manage(token: string): Promise<void> {
    try {
      const alert = await this.session.api.request<Alert>('GET', `/alerts/unsubscribe?token=${encodeURIComponent(token)}`);
      this.managed = { token, alert };
      void this.focusAfterRender('#managed-title');
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private async unsubscribe(): Promise<void> {
    const token = this.managed!.token;
    try {
      await this.session.api.request('POST', `/alerts/unsubscribe?token=${encodeURIComponent(token)}`, { 'List-Unsubscribe': 'One-Click' });
      this.managed = undefined;
      this.announce(this.t('unsubscribed'));
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private async removeAlert(a: Alert): Promise<void> {
    try {
      await this.session.authed('DELETE', `/me/alerts/${a.id}`);
      this.announce(this.t('alertRemoved'));
      await this.loadMine();
      void this.focusAfterRender('#alerts-title');
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  /** "500 m from 50.3265, 19.0297; Pothole, Litter" */
  describe(a: Alert): string {
    const t = this.t;
    const area = a.area;
    const where =
      'city' in area
        ? t('cityText')
        : 'district' in area
          ? districtName(this.profile, area.district, t.lang)
          : t('areaCircleText', { r: area.radiusM, lat: area.lat.toFixed(4), lng: area.lng.toFixed(4) });
    return `${where}; ${a.categories.length ? a.categories.map((c) => this.categoryName(c)).join(', ') : t('allCategories')}`;
  }

  override render() {
    const t = this.t;
    if (this.embed.active) return this.embed.render();
    const m = this.profile?.map;
    return html`<section aria-labelledby="alerts-title">
      <slot name="heading"><h2 id="alerts-title" tabindex="-1">${t('alertsTitle')}</h2></slot>
      ${this.renderNotice()}
      ${
        this.managed?.alert
          ? html`<section aria-labelledby="managed-title"><h3 id="managed-title" tabindex="-1">${t('unsubscribe')}</h3>
            <p>${this.describe(this.managed.alert)}</p>
            <button type="button" class="button" part="button" @click=${() => this.unsubscribe()}>${t('unsubscribe')}</button></section>`
          : nothing
      }
      <p>${t('alertsIntro')}</p>
      ${
        this.map === 'ready'
          ? html`<div class="map-slot"><civic-location-map part="map" .tileUrl=${this.tiles} .attribution=${m?.attribution ?? ''}
            .lat=${this.lat ?? m?.center.lat ?? 52.23} .lng=${this.lng ?? m?.center.lng ?? 21.01} .zoom=${m?.zoom ?? 14}
            .texts=${{ label: t('map'), hint: t('mapHint'), zoomIn: t('zoomIn'), zoomOut: t('zoomOut') }}
            @civic-map-move=${(e: CustomEvent<LatLng>) => (this.point = e.detail)} @civic-map-error=${() => (this.map = 'failed')}></civic-location-map></div>`
          : nothing
      }
      ${this.form.render(label('subscribe'), { before: this.renderCategories() })}
      ${
        this.mine
          ? html`<h3>${t('myAlerts')}</h3>
            ${
              this.mine.length
                ? html`<ul class="list" part="list">${this.mine.map(
                    (a) => html`<li><span>${this.describe(a)}</span>
                    <button type="button" class="button button--secondary" part="button" aria-label="${t('removeAlert')}: ${this.describe(a)}" @click=${() => this.removeAlert(a)}>${t('removeAlert')}</button></li>`,
                  )}</ul>`
                : html`<p>${t('noAlerts')}</p>`
            }`
          : nothing
      }
    </section>`;
  }
}

defineElement('civic-alerts', CivicAlerts);

declare global {
  interface HTMLElementTagNameMap {
    'civic-alerts': CivicAlerts;
  }
}
