import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { defineElement } from '../../core/registry.js';
import { baseStyles } from '../../core/styles.js';
import { ReportElement } from '../../reports/report-element.js';
import { ReportListController, type ReportListHost } from '../../reports/report-list.js';
import type { SessionChange } from '../../core/session.js';
import { Conversation, renderReport } from '../../reports/report-view.js';
import { reportStyles } from '../../reports/styles.js';
import type { Message, Page, Report } from '../../reports/types.js';
import { styles } from './civic-my-reports.styles.js';

/**
 * @tagname civic-my-reports
 * @summary "Moje zgłoszenia": the signed-in resident's reports with their status; each opens with
 * its history (the staff's comments) and the conversation with the city office, where the
 * resident can write. Signed out, it offers the log-in.
 *
 * @event civic-navigate - `{ view: 'login' }`, cancelable, when a signed-out resident chooses to log in.
 *
 * @csspart list - The list of reports.
 * @csspart report - The report opened.
 * @csspart status-badge - Its status.
 * @csspart details - Its details list.
 * @csspart photos - Its photos.
 * @csspart history - Its status history.
 * @csspart conversation - The conversation.
 * @csspart message - Each message.
 * @csspart form - The message form.
 * @csspart field - Each field wrapper.
 * @csspart label - Each label.
 * @csspart input - The message field.
 * @csspart button - Primary buttons.
 * @csspart error-summary - The error summary shown after a failed submission.
 * @csspart status - The live region for status messages.
 *
 * @cssproperty --civic-color-primary - Buttons and accents.
 * @cssproperty --civic-radius - Corner radius.
 * @cssproperty --civic-spacing - Base spacing unit.
 * @cssproperty --civic-font-family - Font; inherited from the page by default.
 *
 * @slot heading - Replaces the default "Moje zgłoszenia" heading.
 */
export class CivicMyReports extends ReportElement implements ReportListHost {
  static override styles = [baseStyles, reportStyles, styles];

  /** A report to open once the list is loaded (e.g. from a notification email's link). */
  @property({ attribute: 'report-id' }) reportId = '';
  /** @internal */
  @state() reports?: Report[];
  /** @internal */
  @state() open?: Report;
  private readonly list = new ReportListController(this);

  @state() private hasMore = false;
  private page = 1;

  private readonly conversation = new Conversation(this, 'my-msg', {
    list: (id) => this.session.authed<Message[]>('GET', `/reports/${id}/messages`),
    post: (id, body) => this.session.authed<Message>('POST', `/reports/${id}/messages`, { body }),
  });

  /** Loads the first page again (or the next one, appended). */
  /** @internal */
  async load(more = false): Promise<void> {
    if (this.session.status !== 'signed-in') return;
    this.page = more ? this.page + 1 : 1;
    try {
      const res = await this.session.authed<Page<Report>>('GET', `/me/reports?page=${this.page}&limit=20`);
      this.reports = more ? [...(this.reports ?? []), ...res.items] : res.items;
      this.hasMore = res.hasMore;
      if (this.reportId) {
        const id = this.reportId;
        this.reportId = '';
        await this.show(this.reports.find((r) => r.id === id) ?? ({ id } as Report));
      }
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private async show(r: Report): Promise<void> {
    this.notice = undefined;
    try {
      // the public view has the status history; the list item has the tracking code
      const full = await this.session.authed<Report>('GET', `/reports/${r.id}`);
      this.open = { ...r, ...full, trackingCode: r.trackingCode };
      void this.focusAfterRender('#my-report-title');
      await this.conversation.open(r.id);
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private readonly handleBack = (): void => {
    const id = this.open?.id;
    this.open = undefined;
    this.notice = undefined;
    void this.load().then(() => this.focusAfterRender(`[data-id="${id}"]`));
  };

  /** Opens a report of the list (loading it if needed), or with no id goes back to the list (the portal's Back/Forward). */
  showReport(id?: string): void {
    this.list.show(id);
  }

  protected override sessionChanged(change: SessionChange): void {
    this.list.sessionChanged(change);
  }

  override render() {
    const t = this.t;
    if (this.list.embed.active) return this.list.embed.render();
    const gate = this.renderAccessGate(t('signInForReports'), true, { loading: t('loading'), signIn: t('signIn') }, this.list.signIn);
    if (gate) return gate;
    const open = this.open;
    return html`<section aria-labelledby="my-title">
      <slot name="heading"><h2 id="my-title">${t('myReportsTitle')}</h2></slot>
      ${this.renderNotice()}
      ${
        open
          ? html`<p><button type="button" class="link-button" @click=${this.handleBack}>${t('back')}</button></p>
            ${renderReport(this, open, { headingId: 'my-report-title' })}
            ${this.conversation.render()}`
          : this.renderList()
      }
    </section>`;
  }

  private renderList() {
    const t = this.t;
    const list = this.reports;
    if (!list) return html`<p>${t('loading')}</p>`;
    if (!list.length) return html`<p>${t('noReports')}</p>`;
    return html`<ul class="list" part="list">
        ${list.map(
          (r) => html`<li>
            <p><button type="button" class="link-button item-title" data-id=${r.id} @click=${() => this.show(r)}>${this.reportName(r)}</button></p>
            <p><span class="badge">${this.statusText(r.status)}</span> <span class="muted">${this.date(r.createdAt)}</span></p>
            ${r.location.address ? html`<p class="muted">${r.location.address}</p>` : nothing}
          </li>`,
        )}
      </ul>
      ${this.hasMore ? html`<button type="button" class="button button--secondary" @click=${() => this.load(true)}>${t('showMore')}</button>` : nothing}`;
  }
}

defineElement('civic-my-reports', CivicMyReports);

declare global {
  interface HTMLElementTagNameMap {
    'civic-my-reports': CivicMyReports;
  }
}
