/**
 * What only staff see of a report (API.md §4b): who reported it and how to reach them, every photo
 * under its own number with hidden ones marked and a way to show them again, and staff-only files.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { ApiError } from '../core/api.js';
import { FormController, type FieldDef, type FormValues } from '../core/form.js';
import type { Session } from '../core/session.js';
import type { components } from '../core/api-types.js';
import { label, type ReportElement } from './report-element.js';
import type { Report } from './types.js';

type Schemas = components['schemas'];
/** What GET /staff/reports/{id} adds to the public view. */
export type StaffReport = Report & Partial<Pick<Schemas['StaffReport'], 'hidden' | 'moderation' | 'flags' | 'reporter' | 'staffPhotos' | 'trackingCode'>>;

/**
 * A staff-only file as its bytes: an <img> or a link cannot carry the bearer token, and reading the
 * CSV as text would drop its byte-order mark (which is what makes spreadsheets read Polish letters).
 */
export async function staffFile(session: Session, url: string): Promise<Blob> {
  const token = await session.bearer();
  if (!token) throw new ApiError(401, { code: 'unauthorized' });
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit', mode: 'cors' });
  } catch {
    throw new ApiError(0, { code: 'network_error' });
  }
  if (!res.ok) throw new ApiError(res.status, (await res.json().catch(() => ({}))) as { code?: string });
  return res.blob();
}

/** Saves a blob as a file the browser downloads. */
export function saveBlob(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** The reporter's contact as the office may use it: an account's name, email and phone, or an anonymous reporter's address. */
export function renderReporter(host: ReportElement, r: StaffReport): TemplateResult | typeof nothing {
  const c = r.reporter;
  if (!c) return nothing;
  const t = host.t;
  const who = c.anonymous ? t('reporterAnonymous') : c.deleted ? t('reporterDeleted') : (c.name ?? '');
  return html`<section class="reporter" aria-labelledby="reporter-title">
    <h4 id="reporter-title">${t('reporterTitle')}</h4>
    <dl class="meta">
      ${who ? html`<div><dt>${t('reporterName')}</dt><dd>${who}</dd></div>` : nothing}
      ${c.email ? html`<div><dt>${t('reporterEmail')}</dt><dd><a href="mailto:${c.email}">${c.email}</a></dd></div>` : nothing}
      ${c.phone ? html`<div><dt>${t('reporterPhone')}</dt><dd><a href="tel:${c.phone}">${c.phone}</a></dd></div>` : nothing}
      ${!c.email && !c.phone ? html`<div><dt>${t('reporterEmail')}</dt><dd>${t('reporterNoContact')}</dd></div>` : nothing}
    </dl>
  </section>`;
}

/**
 * Every photo of the report for staff, loaded with the session (the staff route also serves hidden
 * ones); a hidden photo is marked and offers "show again", which asks for the reason the reporter gets.
 */
export class StaffPhotos implements ReactiveController {
  private report?: StaffReport;
  private urls = new Map<number, string>();
  private unhiding?: number;
  private readonly form: FormController;

  constructor(
    private readonly host: ReportElement,
    private readonly send: (id: string, body: Record<string, unknown>) => Promise<StaffReport>,
    private readonly updated: (r: StaffReport) => void,
  ) {
    host.addController(this);
    const fields = (): FieldDef[] => [{ name: 'reason', label: label('unhideReason'), type: 'textarea', required: true, minLength: 3, maxLength: 1000 }];
    this.form = new FormController(host, 'unhide', fields, async (v: FormValues) => {
      const n = this.unhiding!;
      const updated = await this.send(this.report!.id, { reason: v.reason, showPhotos: [n] });
      this.unhiding = undefined;
      this.report = updated;
      this.updated(updated);
      host.announce(host.t('photoShown', { n: n + 1 }));
    });
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.clear();
  }

  private clear(): void {
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
    this.urls = new Map();
  }

  /** Shows a report's photos (loading them with the session); a later report replaces them. */
  async open(r: StaffReport): Promise<void> {
    const same = this.report?.id === r.id;
    this.report = r;
    this.unhiding = undefined;
    if (same) return this.host.requestUpdate();
    this.clear();
    const urls = this.urls;
    await Promise.all(
      (r.staffPhotos ?? []).map(async (p) => {
        const blob = await staffFile(this.host.session, p.url).catch(() => undefined);
        if (blob && this.urls === urls) urls.set(p.n, URL.createObjectURL(blob));
      }),
    );
    this.host.requestUpdate();
  }

  private readonly handleUnhide = (e: Event): void => {
    this.unhiding = Number((e.currentTarget as HTMLButtonElement).value);
    this.form.reset();
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => (this.host.renderRoot.querySelector('#unhide-form textarea') as HTMLElement | null)?.focus());
  };

  private readonly handleCancel = (): void => {
    this.unhiding = undefined;
    this.host.requestUpdate();
  };

  render(): TemplateResult | typeof nothing {
    const photos = this.report?.staffPhotos ?? [];
    if (!photos.length) return nothing;
    const t = this.host.t;
    return html`<section class="staff-photos" aria-labelledby="staff-photos-title">
      <h4 id="staff-photos-title">${t('photosTitle')}</h4>
      <ul class="photos" part="photos">
        ${photos.map((p) => {
          const src = this.urls.get(p.n);
          const alt = t('photoAlt', { n: p.n + 1 });
          return html`<li class=${p.hidden ? 'photo photo--hidden' : 'photo'} data-photo=${p.n}>
            ${src ? html`<img src=${src} alt=${alt} width=${p.width} height=${p.height} />` : html`<p class="muted">${alt}</p>`}
            ${
              p.hidden
                ? html`<p><span class="badge">${t('photoHidden')}</span></p>
                  ${
                    this.unhiding === p.n
                      ? this.form.render(label('unhideSave'), {
                          after: html`<button type="button" class="link-button" @click=${this.handleCancel}>${t('cancelUnhide')}</button>`,
                        })
                      : html`<button type="button" class="button button--secondary" value=${p.n} @click=${this.handleUnhide}>
                          ${t('unhidePhoto', { n: p.n + 1 })}
                        </button>`
                  }`
                : nothing
            }
          </li>`;
        })}
      </ul>
    </section>`;
  }
}
