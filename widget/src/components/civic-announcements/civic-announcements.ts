import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { baseStyles } from '../../core/styles.js';
import { ReportElement, label } from '../../reports/report-element.js';
import { reportStyles } from '../../reports/styles.js';
import type { Page } from '../../reports/types.js';
import { styles } from './civic-announcements.styles.js';
import type { components } from '../../core/api-types.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController } from '../../core/email-link.js';

type AnnouncementText = components['schemas']['AnnouncementText'];
/** English, German and Ukrainian `translations` where written; the title and body are Polish. */
type Announcement = components['schemas']['Announcement'];

/** `2026-12-01 08:00` (local time) ↔ ISO; what a clerk types without a date picker that varies by browser. */
/** 31.12.2026 or 31.12.2026 08:00 (how Polish and German offices write dates), or 2026-12-31 [08:00]. */
const DATE = /^(?:\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})(?: \d{1,2}:\d{2})?$/;

/** The typed date as local date-time parts, or undefined when no such day exists (31.02.2026). */
function readDate(v: string): { y: number; m: number; d: number; hh?: number; mm?: number } | undefined {
  const [day, time] = v.trim().split(' ');
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(day!);
  const [y, m, d] = dotted ? [+dotted[3]!, +dotted[2]!, +dotted[1]!] : day!.split('-').map(Number);
  const [hh, mm] = time ? time.split(':').map(Number) : [];
  const check = new Date(y!, m! - 1, d!);
  if (check.getMonth() !== m! - 1 || check.getDate() !== d! || (hh ?? 0) > 23 || (mm ?? 0) > 59) return undefined;
  return { y: y!, m: m!, d: d!, hh, mm };
}

/** A typed date as ISO; a day without a time starts at 00:00, or for "until" lasts to its end. */
const toIso = (v: string | boolean | undefined, endOfDay = false) => {
  const p = typeof v === 'string' && v ? readDate(v) : undefined;
  if (!p) return undefined;
  const [hh, mm] = p.hh === undefined ? (endOfDay ? [23, 59] : [0, 0]) : [p.hh, p.mm ?? 0];
  return new Date(p.y, p.m - 1, p.d, hh, mm).toISOString();
};
const fromIso = (iso?: string) => {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
};

/**
 * @tagname civic-announcements
 * @summary "Komunikaty": the city's announcements, newest first, for everyone. An administrator
 * also sees a form to publish one.
 *
 * @csspart list - The list of announcements.
 * @csspart announcement - Each announcement.
 * @csspart form - The publishing form (administrators).
 * @csspart field - Each field wrapper.
 * @csspart label - Each label.
 * @csspart input - Each input and textarea.
 * @csspart button - Primary buttons.
 * @csspart error-summary - The error summary shown after a failed submission.
 * @csspart status - The live region for status messages.
 *
 * @cssproperty --civic-color-primary - Buttons and accents.
 * @cssproperty --civic-radius - Corner radius.
 * @cssproperty --civic-spacing - Base spacing unit.
 * @cssproperty --civic-font-family - Font; inherited from the page by default.
 *
 * @slot heading - Replaces the default "Komunikaty" heading.
 */
export class CivicAnnouncements extends ReportElement {
  static override styles = [baseStyles, reportStyles, styles];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows);

  @state() private items?: Announcement[];
  @state() private hasMore = false;
  /** The announcement an administrator is editing (the form then saves it instead of publishing a new one). */
  @state() private editing?: Announcement;
  private page = 1;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(more = false): Promise<void> {
    this.page = more ? this.page + 1 : 1;
    try {
      // administrators also see scheduled and withdrawn ones, to edit or publish them again
      const path = `/announcements?page=${this.page}&limit=10${this.isAdmin ? '&all=true' : ''}`;
      const res = this.isAdmin ? await this.session.authed<Page<Announcement>>('GET', path) : await this.session.api.request<Page<Announcement>>('GET', path);
      this.items = more ? [...(this.items ?? []), ...res.items] : res.items;
      this.hasMore = res.hasMore;
    } catch (err) {
      this.items ??= [];
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private get isAdmin(): boolean {
    return this.session.status === 'signed-in' && this.session.user?.role === 'admin';
  }

  /** The text in the reader's language, else the Polish original. */
  private text(a: Announcement): AnnouncementText {
    const lang = this.t.lang;
    return (lang === 'pl' ? undefined : a.translations?.[lang]) ?? a;
  }

  private shown(a: Announcement): boolean {
    const now = Date.now();
    return Date.parse(a.publishedAt) <= now && (!a.expiresAt || Date.parse(a.expiresAt) > now);
  }

  private readonly fields = (): FieldDef[] => {
    const e = this.editing;
    const date = { pattern: { test: (v: string) => DATE.test(v) && readDate(v) !== undefined }, hint: this.t('dateHint'), autocomplete: 'off' };
    return [
      { name: 'title', label: label('announcementTitle'), required: true, maxLength: 200, value: e?.title },
      { name: 'body', label: label('announcementBody'), type: 'textarea', required: true, maxLength: 10_000, value: e?.body },
      { name: 'titleEn', label: label('annTitleEn'), maxLength: 200, value: e?.translations?.en?.title },
      { name: 'bodyEn', label: label('annBodyEn'), type: 'textarea', maxLength: 10_000, value: e?.translations?.en?.body },
      { name: 'titleDe', label: label('annTitleDe'), maxLength: 200, value: e?.translations?.de?.title },
      { name: 'bodyDe', label: label('annBodyDe'), type: 'textarea', maxLength: 10_000, value: e?.translations?.de?.body },
      { name: 'titleUk', label: label('annTitleUk'), maxLength: 200, value: e?.translations?.uk?.title },
      { name: 'bodyUk', label: label('annBodyUk'), type: 'textarea', maxLength: 10_000, value: e?.translations?.uk?.body },
      { name: 'publishedAt', label: label('publishFrom'), ...date, value: fromIso(e?.publishedAt) },
      { name: 'expiresAt', label: label('publishUntil'), ...date, value: fromIso(e?.expiresAt) },
    ];
  };

  private readonly form = new FormController(this, 'announce', this.fields, async (v: FormValues) => {
    const translations: Announcement['translations'] = {};
    if (v.titleEn && v.bodyEn) translations.en = { title: String(v.titleEn), body: String(v.bodyEn) };
    if (v.titleDe && v.bodyDe) translations.de = { title: String(v.titleDe), body: String(v.bodyDe) };
    if (v.titleUk && v.bodyUk) translations.uk = { title: String(v.titleUk), body: String(v.bodyUk) };
    const body = { title: v.title, body: v.body, translations, publishedAt: toIso(v.publishedAt), expiresAt: toIso(v.expiresAt, true) };
    const editing = this.editing;
    if (editing) await this.session.authed('PATCH', `/announcements/${editing.id}`, { ...body, expiresAt: body.expiresAt ?? null });
    else await this.session.authed('POST', '/announcements', body);
    this.editing = undefined;
    (this.renderRoot.querySelector('#announce-form') as HTMLFormElement | null)?.reset();
    this.announce(this.t(editing ? 'annSaved' : 'published'));
    await this.load();
  });

  private async edit(a: Announcement): Promise<void> {
    this.editing = a;
    this.form.reset();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#publish-title')?.focus();
  }

  private async unpublish(a: Announcement): Promise<void> {
    try {
      await this.session.authed('PATCH', `/announcements/${a.id}`, { unpublish: true });
      this.announce(this.t('annUnpublished'));
      await this.load();
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  override render() {
    const t = this.t;
    if (this.embed.active) return this.embed.render();
    const isAdmin = this.isAdmin;
    const list = this.items;
    return html`<section aria-labelledby="ann-title">
      <slot name="heading"><h2 id="ann-title">${t('announcementsTitle')}</h2></slot>
      ${this.renderNotice()}
      ${
        !list
          ? html`<p>${t('loading')}</p>`
          : list.length
            ? html`<ul class="list" part="list">
              ${list.map((a) => {
                const x = this.text(a);
                return html`<li class="announcement" part="announcement">
                  <article aria-labelledby="ann-${a.id}">
                    <h3 id="ann-${a.id}">${x.title}</h3>
                    <p class="muted"><time datetime=${a.publishedAt}>${this.date(a.publishedAt)}</time>${isAdmin && !this.shown(a) ? html` · <strong>${t('annHidden')}</strong>` : nothing}</p>
                    <p class="description">${x.body}</p>
                    ${
                      isAdmin
                        ? html`<p class="actions"><button type="button" class="button button--secondary" aria-describedby="ann-${a.id}" @click=${() => this.edit(a)}>${t('editAnn')}</button>
                          ${this.shown(a) ? html`<button type="button" class="button button--secondary" aria-describedby="ann-${a.id}" @click=${() => this.unpublish(a)}>${t('unpublishAnn')}</button>` : nothing}</p>`
                        : nothing
                    }
                  </article>
                </li>`;
              })}
            </ul>
            ${this.hasMore ? html`<button type="button" class="button button--secondary" @click=${() => this.load(true)}>${t('showMore')}</button>` : nothing}`
            : html`<p>${t('noAnnouncements')}</p>`
      }
      ${
        isAdmin
          ? html`<section class="publish" aria-labelledby="publish-title">
            <h3 id="publish-title" tabindex="-1">${this.editing ? t('editTitle') : t('publishTitle')}</h3>
            ${this.form.render(label(this.editing ? 'saveAnn' : 'publish'))}
            ${
              this.editing
                ? html`<button type="button" class="link-button" @click=${() => {
                    this.editing = undefined;
                    this.form.reset();
                  }}>${t('cancelEdit')}</button>`
                : nothing
            }
          </section>`
          : nothing
      }
    </section>`;
  }
}

defineElement('civic-announcements', CivicAnnouncements);

declare global {
  interface HTMLElementTagNameMap {
    'civic-announcements': CivicAnnouncements;
  }
}
