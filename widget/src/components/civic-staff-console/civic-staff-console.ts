import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { baseStyles } from '../../core/styles.js';
import { OPEN_STATUSES, ReportElement, STATUSES, label } from '../../reports/report-element.js';
import { ReportListController, type ReportListHost } from '../../reports/report-list.js';
import type { SessionChange } from '../../core/session.js';
import { Conversation, renderListItem, renderReport } from '../../reports/report-view.js';
import { reportStyles } from '../../reports/styles.js';
import type { components } from '../../core/api-types.js';
import type { Message, Page, Report } from '../../reports/types.js';
import { ModerationBox, type StaffReport } from '../../reports/moderation.js';
import { StaffPhotos, renderReporter, saveBlob, staffFile } from '../../reports/staff-view.js';
import { districtName } from '../../core/profile.js';
import { filterSelect } from '../../reports/filters.js';
import { styles } from './civic-staff-console.styles.js';

/** What GET /staff/reports adds to each report. */
type QueueItem = Report & Pick<components['schemas']['QueueItem'], 'hoursInStatus' | 'hidden' | 'flagCount' | 'district'>;

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
export class CivicStaffConsole extends ReportElement implements ReportListHost {
  static override styles = [baseStyles, reportStyles, styles];

  /** A report to open once the list is loaded (e.g. from a notification email's link). */
  @property({ attribute: 'report-id' }) reportId = '';
  /** @internal */
  @state() reports?: Report[];
  /** @internal */
  @state() open?: Report;
  private readonly list = new ReportListController(this);

  @state() private hasMore = false;
  @state() private filter = { status: OPEN, categoryId: '', q: '', district: '', olderThanDays: '', sort: 'newest' };
  @state() private counts?: Record<string, number>;
  private page = 1;

  private readonly sendModeration = (id: string, body: Record<string, unknown>) => this.session.authed<StaffReport>('POST', `/reports/${id}/moderation`, body);

  private readonly moderation = new ModerationBox(this, this.sendModeration, (r) => {
    this.open = r;
    void this.photos.open(r);
  });

  /** Every photo under its number, hidden ones marked with "show again" (staff-view.ts). */
  private readonly photos = new StaffPhotos(this, this.sendModeration, (r) => {
    this.open = r;
    this.moderation.open(r);
  });

  private readonly conversation = new Conversation(this, 'staff-msg', {
    list: (id) => this.session.authed<Message[]>('GET', `/reports/${id}/messages`),
    post: (id, body) => this.session.authed<Message>('POST', `/reports/${id}/messages`, { body }),
  });

  private readonly statusFields = (): FieldDef[] => {
    // the server's workflow says which (GET /staff/reports/{id} and each status change answer with them)
    const next = this.open?.nextStatuses ?? [];
    return [
      {
        name: 'status',
        label: label('newStatus'),
        type: 'select',
        required: true,
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

  override connectedCallback(): void {
    super.connectedCallback();
    void this.requireProfile(); // districts for the filter
  }

  private get isStaff(): boolean {
    const u = this.session.user;
    return this.session.status === 'signed-in' && (u?.role === 'staff' || u?.role === 'admin');
  }

  /** Staff see their department's categories; admins see every category. */
  private get department(): string | undefined {
    const u = this.session.user;
    return u?.role === 'staff' ? u.department : undefined;
  }

  /** @internal */
  async load(more = false): Promise<void> {
    if (!this.isStaff) return;
    this.page = more ? this.page + 1 : 1;
    const q = this.queueQuery();
    q.set('page', String(this.page));
    q.set('limit', '20');
    if (!more)
      void this.session.authed<Record<string, number>>('GET', '/staff/reports/counts').then(
        (c) => (this.counts = c),
        () => undefined,
      );
    try {
      const res = await this.session.authed<Page<Report>>('GET', `/staff/reports?${q}`);
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

  /** The queue's filters as the staff API takes them (the list and the CSV export share them). */
  private queueQuery(): URLSearchParams {
    const f = this.filter;
    const q = new URLSearchParams({ sort: f.sort });
    const status = f.status === OPEN ? OPEN_STATUSES.join(',') : f.status;
    if (status) q.set('status', status);
    for (const k of ['categoryId', 'q', 'district', 'olderThanDays'] as const) if (f[k]) q.set(k, f[k]);
    return q;
  }

  private readonly handleFilter = (e: Event): void => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const value = (n: string) => (form.elements.namedItem(n) as HTMLSelectElement | HTMLInputElement | null)?.value.trim() ?? '';
    this.filter = {
      status: value('status'),
      categoryId: value('categoryId'),
      q: value('q'),
      district: value('district'),
      olderThanDays: value('olderThanDays'),
      sort: value('sort') || 'newest',
    };
    void this.load();
  };

  /**
   * The filtered queue as a CSV file, saved byte for byte (its BOM included). The server writes it in
   * the staff member's account language, with that language's separator (API.md §4b).
   */
  private readonly handleCsv = async (): Promise<void> => {
    try {
      const blob = await staffFile(this.session, `${this.session.api.base}/staff/reports.csv?${this.queueQuery()}`);
      saveBlob(blob, `reports-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (err) {
      this.notice = { kind: 'error', text: this.errorText(err) };
    }
  };

  private async show(r: Report): Promise<void> {
    this.notice = undefined;
    try {
      const staffView = await this.session.authed<StaffReport>('GET', `/staff/reports/${r.id}`);
      this.open = staffView;
      this.moderation.open(staffView);
      void this.photos.open(staffView);
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
    const gate = this.renderAccessGate(t('staffOnly'), this.isStaff, { loading: t('loading'), signIn: t('signIn') }, this.list.signIn);
    if (gate) return gate;
    const open = this.open;
    return html`<section aria-labelledby="staff-title">
      <slot name="heading"><h2 id="staff-title">${t('staffTitle')}</h2></slot>
      ${this.renderNotice()}
      ${
        open
          ? html`<p><button type="button" class="link-button" @click=${this.handleBack}>${t('back')}</button></p>
            ${renderReport(
              this,
              // the public photo list leaves hidden ones out; staff get every photo under its number below
              { ...open, photos: [] },
              {
                headingId: 'staff-report-title',
                extra: html`${renderReporter(this, open)}${this.photos.render()}${this.renderStatusChange(open)}${this.moderation.render()}`,
              },
            )}
            ${this.conversation.render()}`
          : html`${this.renderCounts()}${this.renderFilters()}${this.renderQueue()}`
      }
    </section>`;
  }

  private renderStatusChange(r: Report) {
    const t = this.t;
    const next = r.nextStatuses ?? [];
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
        <div class="field">
          <label for="filter-q">${t('search')}</label>
          <input id="filter-q" name="q" type="search" class="input" part="input" maxlength="200" .value=${f.q} />
        </div>
        ${
          this.profile?.districts.length
            ? filterSelect(
                'filter-district',
                'district',
                t('filterDistrict'),
                [{ value: '', label: t('all') }, ...this.profile.districts.map((d) => ({ value: d.id, label: districtName(this.profile, d.id, t.lang) }))],
                f.district,
              )
            : nothing
        }
        <div class="field">
          <label for="filter-age">${t('filterAge')}</label>
          <input id="filter-age" name="olderThanDays" type="number" min="1" max="3650" inputmode="numeric" class="input" part="input" .value=${f.olderThanDays} />
        </div>
        ${filterSelect(
          'filter-sort',
          'sort',
          t('sortBy'),
          [
            { value: 'newest', label: t('sortNewest') },
            { value: 'age', label: t('sortAge') },
            { value: 'supports', label: t('sortSupports') },
          ],
          f.sort,
        )}
        <button type="submit" class="button" part="button">${t('applyFilters')}</button>
        <button type="button" class="button button--secondary" part="button" @click=${this.handleCsv}>${t('exportCsv')}</button>
      </div>
    </form>`;
  }

  private renderCounts() {
    const c = this.counts;
    if (!c) return nothing;
    return html`<section aria-labelledby="counts-title"><h3 id="counts-title">${this.t('countsTitle')}</h3>
      <dl class="meta counts">${STATUSES.map((s) => html`<div><dt>${this.statusText(s)}</dt><dd>${c[s] ?? 0}</dd></div>`)}</dl></section>`;
  }

  private renderQueue() {
    const t = this.t;
    const list = this.reports;
    return html`<h3>${t('queue')}</h3>
      ${
        !list
          ? html`<p>${t('loading')}</p>`
          : list.length
            ? html`<ul class="list" part="list">
              ${list.map((r) => {
                const q = r as QueueItem;
                return renderListItem(
                  this,
                  r,
                  () => this.show(r),
                  html`<span class="muted"> · ${t('inStatusFor', { h: q.hoursInStatus })}</span>
                  ${q.hidden ? html`<span class="badge">${t('hiddenBadge')}</span>` : nothing}
                  ${q.flagCount ? html`<span class="badge">${t('flagsN', { n: q.flagCount })}</span>` : nothing}`,
                );
              })}
            </ul>
            ${this.hasMore ? html`<button type="button" class="button button--secondary" @click=${() => this.load(true)}>${t('showMore')}</button>` : nothing}`
            : html`<p>${t('queueEmpty')}</p>`
      }`;
  }
}

defineElement('civic-staff-console', CivicStaffConsole);

declare global {
  interface HTMLElementTagNameMap {
    'civic-staff-console': CivicStaffConsole;
  }
}
