/**
 * Shared by the report elements (civic-report-form, civic-my-reports, civic-report-tracker,
 * civic-announcements, civic-staff-console) and loaded only with them: their texts, the categories,
 * the calls that work signed in or not. Lives outside core/ so none of it lands in the core chunk.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CivicElement } from '../core/civic-element.js';
import type { Method } from '../core/api.js';
import { errorText, intlLocale, resolveLang } from '../core/i18n.js';
import { localText } from '../core/profile.js';
import { messageBundle, type BundleTranslator } from '../i18n/bundle.js';
import type { MessageKey } from '../i18n/pl.js';
import pl, { type ReportKey } from '../i18n/reports/pl.js';
import { importLocationMap } from './filters.js';
import { STATUSES, type Category, type MapSettings, type Report } from './types.js';

/** Polish comes with the elements; English and German load on first use (the shared bundle loader). */
const texts = messageBundle<ReportKey>(pl, {
  en: () => import('../i18n/reports/en.js'),
  de: () => import('../i18n/reports/de.js'),
  uk: () => import('../i18n/reports/uk.js'),
});

/** The core translator that also knows the report texts (the report texts win on a shared key). */
export type ReportTranslator = BundleTranslator<ReportKey>;

/** FieldDef labels are typed as core keys; the merged translator resolves report keys too. */
export const label = (key: ReportKey): MessageKey => key as unknown as MessageKey;

const categoryCache = new Map<string, Promise<Category[]>>();

export { STATUSES, OPEN_STATUSES, type Status } from './types.js';

export class ReportElement extends CivicElement {
  /** Categories from GET /categories, once loaded. */
  protected categories: Category[] = [];

  /** Map tiles (`{z}/{x}/{y}` template); `none` for no map. Defaults to the municipality profile's. */
  @property({ attribute: 'tile-url' }) tileUrl?: string;

  /** civic-location-view is defined (its chunk loads with the first report shown). */
  @state() private locationViewReady = false;

  protected get mapSettings(): MapSettings | undefined {
    return this.profile?.map;
  }

  protected get tiles(): string {
    const url = this.tileUrl ?? this.mapSettings?.tileUrl ?? '';
    return url === 'none' ? '' : url;
  }

  /** @internal Where the report is: map, address, coordinates, link (lazy: its own chunk). */
  locationView(r: Pick<Report, 'location'>): TemplateResult | typeof nothing {
    if (!this.locationViewReady) {
      if (!this.profile) void this.requireProfile();
      // the view shows the map by tag name: both chunks before the first report is shown
      void Promise.all([import('../components/civic-location-view/civic-location-view.js'), importLocationMap()]).then(() => (this.locationViewReady = true));
      return nothing;
    }
    const t = this.t;
    const { lat, lng, address } = r.location;
    return html`<civic-location-view part="location" .lat=${lat} .lng=${lng} .address=${address ?? ''}
      .tileUrl=${this.tiles} .attribution=${this.mapSettings?.attribution ?? ''} .zoom=${Math.max(this.mapSettings?.zoom ?? 16, 16)}
      .texts=${{
        heading: t('location'),
        map: t('map'),
        address: t('placeAddress'),
        coordinates: t('coordinates'),
        openInMap: t('openInMap'),
        zoomIn: t('zoomIn'),
        zoomOut: t('zoomOut'),
      }}></civic-location-view>`;
  }

  override get t(): ReportTranslator {
    return texts.translator(resolveLang(this));
  }

  protected override shouldUpdate(changed: Map<PropertyKey, unknown>): boolean {
    return texts.ready(resolveLang(this), () => this.requestUpdate()) && super.shouldUpdate(changed);
  }

  /** A call that carries the session when there is one (POST /reports, GET /reports/{id} viewer flags). */
  protected async call<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const s = this.session;
    await s.ready();
    return s.status === 'signed-in' ? s.authed<T>(method, path, body) : s.api.request<T>(method, path, body);
  }

  /** @internal */
  async loadCategories(): Promise<Category[]> {
    const api = this.session.api;
    let p = categoryCache.get(api.base);
    if (!p) {
      p = api.request<Category[]>('GET', '/categories');
      p.catch(() => categoryCache.delete(api.base));
      categoryCache.set(api.base, p);
    }
    try {
      this.categories = await p;
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
    this.requestUpdate();
    return this.categories;
  }

  /** @internal */
  categoryName(id: string): string {
    const c = this.categories.find((x) => x.id === id);
    return c ? (localText(c.name, this.t.lang) ?? id) : id;
  }

  /** @internal */
  statusText(status: string): string {
    return (STATUSES as readonly string[]).includes(status) ? this.t(`s_${status}` as ReportKey) : status;
  }

  /** @internal */
  date(iso: string | undefined): string {
    if (!iso) return '';
    return new Intl.DateTimeFormat(intlLocale(this.t.lang), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }

  protected errorText(err: unknown): string {
    return errorText(this.t, err);
  }

  /** The report's heading: its title, else its category. */
  /** @internal */
  reportName(r: Pick<Report, 'title' | 'categoryId'>): string {
    return r.title || this.categoryName(r.categoryId);
  }

  /** @internal Says something in the element's polite live region. */
  announce(text: string): void {
    this.notice = { kind: 'success', text };
  }

  /** Moves focus to an element of this shadow root after the next render (headings of new screens). */
  protected async focusAfterRender(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }
}
