import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { baseStyles } from '../../core/styles.js';
import { ReportElement, label } from '../../reports/report-element.js';
import { reportStyles } from '../../reports/styles.js';
import type { Page } from '../../reports/types.js';
import { styles } from './civic-announcements.styles.js';

interface Announcement {
  id: string;
  title: string;
  body: string;
  publishedAt: string;
}

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

  @state() private items?: Announcement[];
  @state() private hasMore = false;
  private page = 1;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(more = false): Promise<void> {
    this.page = more ? this.page + 1 : 1;
    try {
      const res = await this.session.api.request<Page<Announcement>>('GET', `/announcements?page=${this.page}&limit=10`);
      this.items = more ? [...(this.items ?? []), ...res.items] : res.items;
      this.hasMore = res.hasMore;
    } catch (err) {
      this.items ??= [];
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private readonly fields = (): FieldDef[] => [
    { name: 'title', label: label('announcementTitle'), required: true, maxLength: 200 },
    { name: 'body', label: label('announcementBody'), type: 'textarea', required: true, maxLength: 10_000 },
  ];

  private readonly form = new FormController(this, 'announce', this.fields, async (v: FormValues) => {
    await this.session.authed('POST', '/announcements', { title: v.title, body: v.body });
    (this.renderRoot.querySelector('#announce-form') as HTMLFormElement | null)?.reset();
    this.announce(this.t('published'));
    await this.load();
  });

  override render() {
    const t = this.t;
    if (this.embedded) return this.renderEmbedded();
    const isAdmin = this.session.status === 'signed-in' && this.session.user?.role === 'admin';
    const list = this.items;
    return html`<section aria-labelledby="ann-title">
      <slot name="heading"><h2 id="ann-title">${t('announcementsTitle')}</h2></slot>
      ${this.renderNotice()}
      ${!list
        ? html`<p>${t('loading')}</p>`
        : list.length
          ? html`<ul class="list" part="list">
              ${list.map(
                (a) => html`<li class="announcement" part="announcement">
                  <article aria-labelledby="ann-${a.id}">
                    <h3 id="ann-${a.id}">${a.title}</h3>
                    <p class="muted"><time datetime=${a.publishedAt}>${this.date(a.publishedAt)}</time></p>
                    <p class="description">${a.body}</p>
                  </article>
                </li>`,
              )}
            </ul>
            ${this.hasMore ? html`<button type="button" class="button button--secondary" @click=${() => this.load(true)}>${t('showMore')}</button>` : nothing}`
          : html`<p>${t('noAnnouncements')}</p>`}
      ${isAdmin
        ? html`<section class="publish" aria-labelledby="publish-title">
            <h3 id="publish-title">${t('publishTitle')}</h3>
            ${this.form.render(label('publish'))}
          </section>`
        : nothing}
    </section>`;
  }
}

defineElement('civic-announcements', CivicAnnouncements);

declare global {
  interface HTMLElementTagNameMap {
    'civic-announcements': CivicAnnouncements;
  }
}
