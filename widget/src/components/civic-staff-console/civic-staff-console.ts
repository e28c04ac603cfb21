import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { baseStyles } from '../../core/styles.js';
import { OPEN_STATUSES, STATUSES, label, type Status } from '../../reports/report-element.js';
import { ReportListElement } from '../../reports/report-list-element.js';
import { Conversation, renderReport } from '../../reports/report-view.js';
import { reportStyles } from '../../reports/styles.js';
import type { Message, Page, Report } from '../../reports/types.js';
import { styles } from './civic-staff-console.styles.js';

/** The server's allowed status changes (POST /reports/{id}/status answers 409 to others). */
const TRANSITIONS: Record<Status, readonly Status[]> = {
  new: ['accepted', 'in_progress', 'resolved', 'rejected', 'duplicate'],
  accepted: ['in_progress', 'resolved', 'rejected', 'duplicate'],
  in_progress: ['accepted', 'resolved', 'rejected', 'duplicate'],
  resolved: ['in_progress'],
  rejected: ['accepted'],
  duplicate: ['accepted'],
};

/** `open` stands for new + accepted + in progress, the default queue. */
const OPEN = 'open';

/**
 * @tagname civic-staff-console
 * @summary For city staff (role `staff`: their department's categories; `admin`: all): the queue of
 * reports filtered by status and category, each report with its photos, supporters and history,
 * the status change with a comment the resident sees, and the conversation with the reporter.
 *
 * @event civic-navigate - `{ view: 'login' }`, cancelable, when a signed-out user chooses to log in.
 *
 * @csspart filters - The filter form.
 * @csspart list - The queue.
 * @csspart report - The report opened.
 * @csspart status-badge - Its status.
 * @csspart details - Its details list.
 * @csspart photos - Its photos.
 * @csspart history - Its status history.
 * @csspart conversation - The conversation.
 * @csspart message - Each message.
 * @csspart form - The status and message forms.
 * @csspart field - Each field wrapper.
 * @csspart label - Each label.
 * @csspart input - Each input, select and textarea.
 * @csspart button - Primary buttons.
 * @csspart error-summary - Error summaries.
 * @csspart status - The live region for status messages.
 *
 * @cssproperty --civic-color-primary - Buttons and accents.
 * @cssproperty --civic-radius - Corner radius.
 * @cssproperty --civic-spacing - Base spacing unit.
 * @cssproperty --civic-font-family - Font; inherited from the page by default.
 *
 * @slot heading - Replaces the default "Panel pracownika" heading.
 */
export class CivicStaffConsole extends ReportListElement {
  static override styles = [baseStyles, reportStyles, styles];


  @state() private hasMore = false;
  @state() private filter = { status: OPEN, categoryId: '' };
  private page = 1;

  private readonly conversation = new Conversation(this, 'staff-msg', {
    list: (id) => this.session.authed<Message[]>('GET', `/reports/${id}/messages`),
    post: (id, body) => this.session.authed<Message>('POST', `/reports/${id}/messages`, { body }),
  });

  private readonly statusFields = (): FieldDef[] => {
    const next = TRANSITIONS[(this.open?.status ?? 'new') as Status] ?? [];
    return [
      {
        name: 'status', label: label('newStatus'), type: 'select', required: true,
        options: [{ value: '', label: this.t('chooseStatus') }, ...next.map((s) => ({ value: s, label: this.statusText(s) }))],
      },
      { name: 'comment', label: label('comment'), type: 'textarea', maxLength: 2000, hint: this.t('commentHint') },
    ];
  };

  private readonly statusForm = new FormController(this, 'status', this.statusFields, async (v: FormValues) => {
    const r = this.open!;
    const updated = await this.session.authed<Report>('POST', `/reports/${r.id}/status`, { status: v.status, comment: v.comment });
    this.open = { ...r, ...updated };
    (this.renderRoot.querySelector('#status-form') as HTMLFormElement | null)?.reset();
    this.announce(this.t('statusChanged', { status: this.statusText(updated.status) }));
  });

  private get isStaff(): boolean {
    const u = this.session.user;
    return this.session.status === 'signed-in' && (u?.role === 'staff' || u?.role === 'admin');
  }

  /** Staff see their department's categories; admins see every category. */
  private get department(): string | undefined {
    const u = this.session.user;
    return u?.role === 'staff' ? u.department : undefined;
  }

  protected override async load(more = false): Promise<void> {
    if (!this.isStaff) return;
    this.page = more ? this.page + 1 : 1;
    const q = new URLSearchParams({ page: String(this.page), limit: '20' });
    const status = this.filter.status === OPEN ? OPEN_STATUSES.join(',') : this.filter.status;
    if (status) q.set('status', status);
    if (this.filter.categoryId) q.set('categoryId', this.filter.categoryId);
    if (this.department) q.set('department', this.department);
    try {
      const res = await this.session.authed<Page<Report>>('GET', `/reports?${q}`);
      this.reports = more ? [...(this.reports ?? []), ...res.items] : res.items;
      this.hasMore = res.hasMore;
      if (this.reportId) {
        const id = this.reportId;
        this.reportId = '';
        await this.show({ id } as Report);
      }
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private readonly handleFilter = (e: Event): void => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const value = (n: string) => (form.elements.namedItem(n) as HTMLSelectElement).value;
    this.filter = { status: value('status'), categoryId: value('categoryId') };
    void this.load();
  };

  private async show(r: Report): Promise<void> {
    this.notice = undefined;
    try {
      this.open = await this.session.authed<Report>('GET', `/reports/${r.id}`);
      this.statusForm.reset();
      void this.focusAfterRender('#staff-report-title');
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

  override render() {
    const t = this.t;
    if (this.embedded) return this.renderEmbedded();
    const gate = this.renderAccessGate(t('staffOnly'), this.isStaff, { loading: t('loading'), signIn: t('signIn') });
    if (gate) return gate;
    const open = this.open;
    return html`<section aria-labelledby="staff-title">
      <slot name="heading"><h2 id="staff-title">${t('staffTitle')}</h2></slot>
      ${this.renderNotice()}
      ${open
        ? html`<p><button type="button" class="link-button" @click=${this.handleBack}>${t('back')}</button></p>
            ${renderReport(this, open, { headingId: 'staff-report-title', extra: this.renderStatusChange(open) })}
            ${this.conversation.render()}`
        : html`${this.renderFilters()}${this.renderQueue()}`}
    </section>`;
  }

  private renderStatusChange(r: Report) {
    const t = this.t;
    const next = TRANSITIONS[r.status as Status] ?? [];
    return html`<section class="status-change" aria-labelledby="status-change-title">
      <h4 id="status-change-title">${t('changeStatus')}</h4>
      ${next.length ? this.statusForm.render(label('saveStatus')) : html`<p>${t('noTransitions')}</p>`}
    </section>`;
  }

  private renderFilters() {
    const t = this.t;
    const cats = this.categories.filter((c) => !this.department || c.department === this.department);
    const f = this.filter;
    return html`<form class="filters" part="filters" aria-labelledby="filters-title" @submit=${this.handleFilter}>
      <h3 id="filters-title" class="visually-hidden">${t('filters')}</h3>
      <div class="row">
        <div class="field">
          <label for="filter-status">${t('filterStatus')}</label>
          <select id="filter-status" name="status" class="input" part="input">
            <option value=${OPEN} ?selected=${f.status === OPEN}>${OPEN_STATUSES.map((s) => this.statusText(s)).join(', ')}</option>
            <option value="" ?selected=${f.status === ''}>${t('all')}</option>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${f.status === s}>${this.statusText(s)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="filter-category">${t('filterCategory')}</label>
          <select id="filter-category" name="categoryId" class="input" part="input">
            <option value="" ?selected=${f.categoryId === ''}>${t('all')}</option>
            ${cats.map((c) => html`<option value=${c.id} ?selected=${f.categoryId === c.id}>${this.categoryName(c.id)}</option>`)}
          </select>
        </div>
        <button type="submit" class="button" part="button">${t('applyFilters')}</button>
      </div>
    </form>`;
  }

  private renderQueue() {
    const t = this.t;
    const list = this.reports;
    return html`<h3>${t('queue')}</h3>
      ${!list
        ? html`<p>${t('loading')}</p>`
        : list.length
          ? html`<ul class="list" part="list">
              ${list.map(
                (r) => html`<li>
                  <p><button type="button" class="link-button item-title" data-id=${r.id} @click=${() => this.show(r)}>${this.reportName(r)}</button></p>
                  <p><span class="badge">${this.statusText(r.status)}</span> <span class="muted">${this.categoryName(r.categoryId)} · ${this.date(r.createdAt)}
                    · ${t('supportCount')}: ${r.supportCount}</span></p>
                  ${r.location.address ? html`<p class="muted">${r.location.address}</p>` : nothing}
                </li>`,
              )}
            </ul>
            ${this.hasMore ? html`<button type="button" class="button button--secondary" @click=${() => this.load(true)}>${t('showMore')}</button>` : nothing}`
          : html`<p>${t('queueEmpty')}</p>`}`;
  }
}

defineElement('civic-staff-console', CivicStaffConsole);

declare global {
  interface HTMLElementTagNameMap {
    'civic-staff-console': CivicStaffConsole;
  }
}
