import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiError } from '../../core/api.js';
import { CivicElement } from '../../core/civic-element.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { errorText, fieldErrorText, resolveLang } from '../../core/i18n.js';
import { districtName } from '../../core/profile.js';
import { defineElement } from '../../core/registry.js';
import type { components } from '../../core/api-types.js';
import type { SessionChange } from '../../core/session.js';
import { baseStyles } from '../../core/styles.js';
import { messageBundle, type BundleTranslator } from '../../i18n/bundle.js';
import type { MessageKey } from '../../i18n/pl.js';
import pl, { type AdminKey } from '../../i18n/admin/pl.js';
import { styles } from './civic-admin-console.styles.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController } from '../../core/email-link.js';

const texts = messageBundle<AdminKey>(pl, { en: () => import('../../i18n/admin/en.js'), de: () => import('../../i18n/admin/de.js') });
const k = texts.key;

const ROLES = ['resident', 'staff', 'admin'] as const;
const AUDIT_ACTIONS = [
  'user.block',
  'user.unblock',
  'user.role',
  'user.delete',
  'user.revoke_sessions',
  'user.resend_activation',
  'users.import',
  'outbox.retry',
] as const;
/** Import columns → the labels residents know (core texts). */
const COLUMN_LABELS: Record<string, MessageKey> = {
  email: 'email',
  firstName: 'firstName',
  lastName: 'lastName',
  phone: 'phone',
  district: 'district',
  pesel: 'pesel',
  locale: 'locale',
};

type Schemas = components['schemas'];
/** A row of the search (GET /admin/users), or the account opened (GET /admin/users/{id}) with what it submitted. */
type AdminUser = Schemas['AdminUser'] & Partial<Pick<Schemas['AdminUserDetail'], 'activeSessions' | 'reports' | 'supports' | 'messages'>>;
interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}
type AuditEntry = Schemas['AuditEntry'];
type DeadLetter = Schemas['OutboxMessage'];
type ImportResult = Schemas['ImportResult'];

type Tab = 'users' | 'audit' | 'outbox' | 'import';

/**
 * @tagname civic-admin-console
 * @summary For administrators (role `admin`): find accounts (exact email, phone, PESEL or name), see an
 * account with what it submitted, block and unblock it with a reason, change its role and department,
 * sign it out everywhere, send its activation link again, delete it (optionally with its reports,
 * supports and messages; a reason is required and a confirmation step comes first), the audit log
 * (filterable by account), undelivered messages with retry, and the legacy CSV import.
 *
 * @event civic-navigate - `{ view: 'login' }`, cancelable, when a signed-out visitor chooses to log in.
 *
 * @csspart tabs - The section switch.
 * @csspart table - Each table (accounts, audit log, undelivered messages).
 * @csspart details - The account's details.
 * @csspart form - Each form.
 * @csspart field - Each field wrapper.
 * @csspart label - Each label.
 * @csspart input - Each input, select and textarea.
 * @csspart button - Primary buttons.
 * @csspart error-summary - Error summaries.
 * @csspart status - The live region for status messages.
 *
 * @cssproperty --civic-color-primary - Buttons and accents.
 * @cssproperty --civic-color-danger - The deletion step (default #b00020).
 * @cssproperty --civic-radius - Corner radius.
 * @cssproperty --civic-spacing - Base spacing unit.
 * @cssproperty --civic-font-family - Font; inherited from the page by default.
 *
 * @slot heading - Replaces the default "Panel administratora" heading.
 */
export class CivicAdminConsole extends CivicElement {
  static override styles = [baseStyles, styles];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  /** The gate's "log in". */
  private readonly signIn = (): void => this.embed.goTo('login', 'civic-login');
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows, { priority: () => 0 });

  @state() private tab: Tab = 'users';
  @state() private results?: Paged<AdminUser>;
  @state() private user?: AdminUser;
  @state() private deleting = false;
  @state() private audit?: Paged<AuditEntry>;
  @state() private auditFilter: { targetId?: string; email?: string; action?: string } = {};
  @state() private dead?: Paged<DeadLetter>;
  @state() private imported?: ImportResult;
  @state() private departments: string[] = [];
  /** Category names (GET /categories), for what an account submitted. */
  @state() private categories: { id: string; name: Partial<Record<string, string>>; department: string }[] = [];
  private query = '';
  /** Only the newest search's answer is shown (the first load may answer after a search). */
  private searchSeq = 0;

  override get t(): BundleTranslator<AdminKey> {
    return texts.translator(resolveLang(this));
  }

  protected override shouldUpdate(changed: PropertyValues): boolean {
    return texts.ready(resolveLang(this), () => this.requestUpdate()) && super.shouldUpdate(changed);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.requireProfile();
    void this.session.ready().then(() => this.start());
  }

  protected override sessionChanged(change: SessionChange): void {
    this.user = undefined;
    this.results = undefined;
    if (change.status === 'signed-in') void this.start();
  }

  private get isAdmin(): boolean {
    return this.session.status === 'signed-in' && this.session.user?.role === 'admin';
  }

  private async start(): Promise<void> {
    if (!this.isAdmin) return;
    // departments as the categories name them (the public profile does not list departments)
    this.session.api
      .request<CivicAdminConsole['categories']>('GET', '/categories')
      .then((cats) => {
        this.categories = cats;
        this.departments = [...new Set(cats.map((c) => c.department))].sort();
      })
      .catch(() => undefined);
    await this.search(this.query);
  }

  /** Runs an admin call; failures go to the live region. Returns undefined on failure. */
  private async call<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      this.notice = { kind: 'error', text: errorText(this.t, err) };
      return undefined;
    }
  }

  private async focusOn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  // ---- accounts -------------------------------------------------------------------------------

  private async search(q: string, more = false): Promise<void> {
    this.query = q;
    const seq = ++this.searchSeq;
    const page = more && this.results ? this.results.page + 1 : 1;
    const res = await this.session.authed<Paged<AdminUser>>('GET', `/admin/users?${new URLSearchParams({ q, page: String(page), limit: '20' })}`);
    if (seq !== this.searchSeq) return;
    this.results = more && this.results ? { ...res, items: [...this.results.items, ...res.items] } : res;
  }

  private readonly searchForm = new FormController(
    this,
    'admin-search',
    (): FieldDef[] => [
      { name: 'q', label: k('searchLabel'), type: 'text', autocomplete: 'off', maxLength: 200, hint: this.t('searchHint'), value: this.query },
    ],
    async (v) => {
      this.notice = undefined;
      this.user = undefined;
      await this.search(String(v.q));
    },
  );

  private async open(id: string, focus = true): Promise<void> {
    const user = await this.call(() => this.session.authed<AdminUser>('GET', `/admin/users/${id}`));
    if (!user) return;
    this.user = user;
    this.deleting = false;
    this.blockForm.reset();
    this.roleForm.reset();
    if (focus) await this.focusOn('#admin-user-title');
  }

  private readonly handleBack = async (): Promise<void> => {
    const id = this.user?.id;
    this.user = undefined;
    this.notice = undefined;
    await this.call(() => this.search(this.query));
    await this.focusOn(`[data-id="${id}"]`);
  };

  private readonly blockForm = new FormController(
    this,
    'block',
    (): FieldDef[] => [{ name: 'reason', label: k('reason'), type: 'textarea', required: true, minLength: 3, maxLength: 500, hint: this.t('reasonHint') }],
    async (v) => {
      await this.session.authed('PATCH', `/admin/users/${this.user!.id}`, { blocked: true, reason: v.reason });
      await this.open(this.user!.id, false);
      this.notice = { kind: 'success', text: this.t('blockedDone') };
    },
  );

  private readonly handleUnblock = async (): Promise<void> => {
    if ((await this.call(() => this.session.authed('PATCH', `/admin/users/${this.user!.id}`, { blocked: false }))) !== undefined) {
      await this.open(this.user!.id, false);
      this.notice = { kind: 'success', text: this.t('unblockedDone') };
    }
  };

  private readonly roleForm = new FormController(
    this,
    'role',
    (): FieldDef[] => {
      const u = this.user;
      const departments = [...new Set([...this.departments, ...(u?.department ? [u.department] : [])])];
      return [
        {
          name: 'role',
          label: k('role'),
          type: 'select',
          required: true,
          value: u?.role,
          options: ROLES.map((r) => ({ value: r, label: this.t(`role_${r}`) })),
        },
        {
          name: 'department',
          label: k('department'),
          type: 'select',
          value: u?.department ?? '',
          hint: this.t('departmentHint'),
          options: [{ value: '', label: this.t('noDepartment') }, ...departments.map((d) => ({ value: d, label: this.departmentName(d) }))],
        },
      ];
    },
    async (v) => {
      await this.session.authed('PATCH', `/admin/users/${this.user!.id}`, { role: v.role, department: v.department || null });
      await this.open(this.user!.id, false);
      this.notice = { kind: 'success', text: this.t('roleSaved') };
    },
  );

  private readonly handleRevoke = async (): Promise<void> => {
    try {
      await this.session.authed('POST', `/admin/users/${this.user!.id}/revoke-sessions`);
    } catch (err) {
      this.notice = { kind: 'error', text: errorText(this.t, err) };
      return;
    }
    await this.open(this.user!.id, false);
    this.notice = { kind: 'success', text: this.t('revoked') };
  };

  private readonly handleResend = async (): Promise<void> => {
    try {
      await this.session.authed('POST', `/admin/users/${this.user!.id}/resend-activation`);
      this.notice = { kind: 'success', text: this.t('activationSent') };
    } catch (err) {
      const active = err instanceof ApiError && err.code === 'conflict';
      this.notice = { kind: 'error', text: active ? this.t('alreadyActive') : errorText(this.t, err) };
    }
  };

  private readonly handleDeleteStart = async (): Promise<void> => {
    this.deleting = true;
    this.deleteForm.reset();
    await this.focusOn('#admin-delete-title');
  };

  private readonly handleDeleteCancel = async (): Promise<void> => {
    this.deleting = false;
    await this.focusOn('#admin-delete-start');
  };

  private readonly deleteForm = new FormController(
    this,
    'admin-delete',
    (): FieldDef[] => [
      { name: 'cascade', label: k('cascade'), type: 'checkbox', extra: html`<p class="hint">${this.t('cascadeHint')}</p>` },
      { name: 'reason', label: k('reason'), type: 'textarea', required: true, minLength: 3, maxLength: 500, hint: this.t('reasonHint') },
    ],
    async (v: FormValues) => {
      const u = this.user!;
      await this.session.authed('DELETE', `/admin/users/${u.id}?cascade=${v.cascade === true}`, { reason: v.reason });
      this.user = undefined;
      this.deleting = false;
      await this.search(this.query);
      this.notice = { kind: 'success', text: this.t('deletedDone', { email: u.email }) };
      await this.focusOn('#admin-title');
    },
  );

  // ---- audit, dead letters, import ----------------------------------------------------------------

  private async loadAudit(more = false): Promise<void> {
    const f = this.auditFilter;
    const page = more && this.audit ? this.audit.page + 1 : 1;
    const q = new URLSearchParams({ page: String(page), limit: '20' });
    if (f.targetId) q.set('targetId', f.targetId);
    if (f.action) q.set('action', f.action);
    const res = await this.call(() => this.session.authed<Paged<AuditEntry>>('GET', `/admin/audit?${q}`));
    if (res) this.audit = more && this.audit ? { ...res, items: [...this.audit.items, ...res.items] } : res;
  }

  private readonly handleAuditOfUser = (): void => {
    const u = this.user!;
    this.auditFilter = { targetId: u.id, email: u.email };
    void this.show('audit');
  };

  private readonly handleAuditFilter = (e: Event): void => {
    e.preventDefault();
    const action = (this.renderRoot.querySelector('#audit-action') as HTMLSelectElement).value;
    this.auditFilter = { ...this.auditFilter, action: action || undefined };
    void this.loadAudit();
  };

  private readonly handleClearFilter = (): void => {
    this.auditFilter = {};
    void this.loadAudit();
  };

  private async loadDead(): Promise<void> {
    const res = await this.call(() => this.session.authed<Paged<DeadLetter>>('GET', '/admin/outbox?status=dead&limit=50'));
    if (res) this.dead = res;
  }

  private async retry(m: DeadLetter): Promise<void> {
    try {
      await this.session.authed('POST', `/admin/outbox/${m.id}/retry`);
    } catch (err) {
      this.notice = { kind: 'error', text: errorText(this.t, err) };
      return;
    }
    await this.loadDead();
    this.notice = { kind: 'success', text: this.t('retried', { to: m.to }) };
  }

  private readonly importForm = new FormController(
    this,
    'import',
    (): FieldDef[] => [{ name: 'file', label: k('csvFile'), type: 'file', required: true, accept: '.csv,text/csv,text/plain', hint: this.t('csvHint') }],
    async () => {
      this.imported = undefined;
      const file = this.renderRoot.querySelector<HTMLInputElement>('#import-file')?.files?.[0];
      if (!file) return;
      // as text/csv whatever the system called the file (Windows says application/vnd.ms-excel)
      const body = new Blob([await file.text()], { type: 'text/csv' });
      try {
        this.imported = await this.session.authed<ImportResult>('POST', '/admin/users/import', body);
      } catch (err) {
        const missing = err instanceof ApiError && err.code === 'validation_failed' ? Object.keys(err.fields) : [];
        if (!missing.length) throw err;
        this.notice = { kind: 'error', text: this.t('importMissing', { columns: missing.join(', ') }) };
        return;
      }
      this.notice = { kind: 'success', text: this.t('importDone', { n: this.imported.created }) };
      (this.renderRoot.querySelector('#import-form') as HTMLFormElement | null)?.reset();
    },
  );

  private async show(tab: Tab): Promise<void> {
    this.tab = tab;
    this.notice = undefined;
    if (tab === 'audit') await this.loadAudit();
    if (tab === 'outbox') await this.loadDead();
    if (tab === 'users' && !this.user) await this.call(() => this.search(this.query));
    await this.focusOn(`#tab-${tab}`);
  }

  // ---- rendering ----------------------------------------------------------------------------------

  private date(iso?: string): string {
    return iso ? new Intl.DateTimeFormat(this.t.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';
  }

  private statusText(u: AdminUser): string {
    if (u.blocked) return this.t('status_blocked');
    const key = `status_${u.status}` as AdminKey;
    return key in pl ? this.t(key) : u.status;
  }

  private name(u: AdminUser): string {
    return `${u.firstName} ${u.lastName}`.trim() || u.email;
  }

  override render() {
    const t = this.t;
    if (this.embed.active) return this.embed.render();
    const gate = this.renderAccessGate(t('adminOnly'), this.isAdmin, { loading: t('loading'), signIn: t('signIn') }, this.signIn);
    if (gate) return gate;
    const tabs: [Tab, AdminKey][] = [
      ['users', 'tabUsers'],
      ['audit', 'tabAudit'],
      ['outbox', 'tabOutbox'],
      ['import', 'tabImport'],
    ];
    return html`<section aria-labelledby="admin-title">
      <slot name="heading"><h2 id="admin-title" tabindex="-1">${t('adminTitle')}</h2></slot>
      <nav class="tabs" part="tabs" aria-label=${t('sections')}>
        <ul>
          ${tabs.map(
            ([id, key]) => html`<li><button type="button" class="toggle" id="tab-${id}" aria-current=${this.tab === id ? 'page' : 'false'}
            @click=${() => this.show(id)}>${t(key)}</button></li>`,
          )}
        </ul>
      </nav>
      ${this.renderNotice()}
      ${
        this.tab === 'users'
          ? this.user
            ? this.renderUser(this.user)
            : this.renderSearch()
          : this.tab === 'audit'
            ? this.renderAudit()
            : this.tab === 'outbox'
              ? this.renderOutbox()
              : this.renderImport()
      }
    </section>`;
  }

  /** A department's name in the element's language (the profile's departments), else its id. */
  private departmentName(id: string | undefined): string {
    const departments = (this.profile as { departments?: { id: string; name: Partial<Record<string, string>> }[] } | undefined)?.departments;
    const d = departments?.find((x) => x.id === id);
    return (d && (d.name[this.t.lang] ?? d.name.pl)) || (id ?? '');
  }

  private categoryName(id: string): string {
    const c = this.categories.find((x) => x.id === id);
    return (c && (c.name[this.t.lang] ?? c.name.pl)) || id;
  }

  private table(caption: string, head: string[], rows: TemplateResult[]): TemplateResult {
    // a frame that scrolls sideways on a phone: reachable and named for keyboard users
    return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}><table part="table">
      <caption>${caption}</caption>
      <thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
      <tbody>${rows}</tbody>
    </table></div>`;
  }

  private renderSearch(): TemplateResult {
    const t = this.t;
    const r = this.results;
    return html`${this.searchForm.render(k('search'))}
      ${
        !r
          ? html`<p>${t('loading')}</p>`
          : !r.items.length
            ? html`<p>${t('noResults')}</p>`
            : html`
        ${this.table(
          t('results', { total: r.total }),
          [t('colName'), t('colEmail'), t('colPhone'), t('colRole'), t('colStatus')],
          r.items.map(
            (u) => html`<tr>
            <td><button type="button" class="link-button" data-id=${u.id} @click=${() => this.open(u.id)}>${this.name(u)}</button></td>
            <td>${u.email}</td><td>${u.phone}</td><td>${t(`role_${u.role}` as AdminKey)}</td><td>${this.statusText(u)}</td>
          </tr>`,
          ),
        )}
        ${r.items.length < r.total ? html`<button type="button" class="button button--secondary" @click=${() => this.call(() => this.search(this.query, true))}>${t('showMore')}</button>` : nothing}`
      }`;
  }

  private renderUser(u: AdminUser): TemplateResult {
    const t = this.t;
    const row = (label: string, value: unknown) => (value === undefined || value === '' ? nothing : html`<div><dt>${label}</dt><dd>${value}</dd></div>`);
    const reports = u.reports ?? [];
    const supports = u.supports ?? [];
    const messages = u.messages ?? [];
    return html`<p><button type="button" class="link-button" @click=${this.handleBack}>${t('backToResults')}</button></p>
      <section aria-labelledby="admin-user-title">
        <h3 id="admin-user-title" tabindex="-1">${t('accountOf', { name: this.name(u) })}</h3>
        <dl class="details" part="details">
          ${row(t('email'), u.email)}${row(t('phone'), u.phone)}${row(t('peselMasked'), u.peselMasked)}
          ${row(t('district'), u.district ? districtName(this.profile, u.district, t.lang) : undefined)}
          ${row(t('role'), t(`role_${u.role}` as AdminKey))}${row(t('department'), u.department ? this.departmentName(u.department) : undefined)}
          ${row(t('colStatus'), this.statusText(u))}${row(t('createdAt'), this.date(u.createdAt))}
          ${row(t('activeSessions'), String(u.activeSessions ?? 0))}${row(t('source'), u.source)}
        </dl>
        <p><button type="button" class="link-button" @click=${this.handleAuditOfUser}>${t('showAudit')}</button></p>
        <section aria-labelledby="submitted-title">
          <h4 id="submitted-title">${t('submittedTitle')}</h4>
          <p>${t('reportsCount', { n: reports.length })} · ${t('supportsCount', { n: supports.length })} · ${t('messagesCount', { n: messages.length })}</p>
          ${reports.length ? html`<ul>${reports.map((r) => html`<li>${r.title || this.categoryName(r.categoryId)}: ${this.categoryName(r.categoryId)}, ${t('colStatus').toLowerCase()}: ${t(`report_${r.status}` as AdminKey)}</li>`)}</ul>` : nothing}
          ${supports.length ? html`<ul>${supports.map((s) => html`<li>${t('supportOf', { id: s.reportId })}</li>`)}</ul>` : nothing}
          ${messages.length ? html`<ul>${messages.map((m) => html`<li>${m.body}</li>`)}</ul>` : nothing}
        </section>
        <section aria-labelledby="block-title">
          <h4 id="block-title">${t('blockTitle')}</h4>
          ${
            u.blocked
              ? html`<p>${t('blockedBecause', { reason: u.blockedReason ?? '' })}</p>
                <button type="button" class="button" part="button" @click=${this.handleUnblock}>${t('unblock')}</button>`
              : this.blockForm.render(k('block'))
          }
        </section>
        <section aria-labelledby="role-title">
          <h4 id="role-title">${t('roleTitle')}</h4>
          ${this.roleForm.render(k('saveRole'))}
        </section>
        <section aria-labelledby="sessions-title">
          <h4 id="sessions-title">${t('sessionsTitle')}</h4>
          <div class="actions">
            <button type="button" class="button button--secondary" @click=${this.handleRevoke}>${t('revoke')}</button>
            ${
              u.status === 'pending_activation'
                ? html`<button type="button" class="button button--secondary" @click=${this.handleResend}>${t('resendActivation')}</button>`
                : nothing
            }
          </div>
        </section>
        ${this.renderDelete(u)}
      </section>`;
  }

  private renderDelete(u: AdminUser): TemplateResult {
    const t = this.t;
    if (!this.deleting) {
      return html`<section aria-labelledby="delete-title">
        <h4 id="delete-title">${t('deleteTitle')}</h4>
        <button type="button" id="admin-delete-start" class="button button--danger" @click=${this.handleDeleteStart}>${t('deleteStart')}</button>
      </section>`;
    }
    return html`<section class="danger-zone" aria-labelledby="admin-delete-title">
      <h4 id="admin-delete-title" tabindex="-1">${t('deleteConfirmTitle', { email: u.email })}</h4>
      <p>${t('deleteConfirmText')}</p>
      ${this.deleteForm.render(k('deleteConfirm'), {
        after: html`<button type="button" class="button button--secondary" @click=${this.handleDeleteCancel}>${t('cancel')}</button>`,
      })}
    </section>`;
  }

  private renderAudit(): TemplateResult {
    const t = this.t;
    const a = this.audit;
    const f = this.auditFilter;
    const actionText = (action: string) => (`a_${action}` in pl ? t(`a_${action}` as AdminKey) : action);
    return html`${
      f.email
        ? html`<p>${t('filteredBy', { email: f.email })} <button type="button" class="link-button" @click=${this.handleClearFilter}>${t('clearFilter')}</button></p>`
        : nothing
    }
      <form class="inline-form" part="form" @submit=${this.handleAuditFilter}>
        <div class="field" part="field">
          <label for="audit-action" part="label">${t('filterAction')}</label>
          <select id="audit-action" class="input" part="input">
            <option value="">${t('allActions')}</option>
            ${AUDIT_ACTIONS.map((x) => html`<option value=${x} ?selected=${f.action === x}>${actionText(x)}</option>`)}
          </select>
        </div>
        <button type="submit" class="button" part="button">${t('applyFilter')}</button>
      </form>
      ${
        !a
          ? html`<p>${t('loading')}</p>`
          : !a.items.length
            ? html`<p>${t('auditEmpty')}</p>`
            : html`
        ${this.table(
          t('tabAudit'),
          [t('colAt'), t('colActor'), t('colAction'), t('colTarget'), t('colReason'), t('colOutcome')],
          a.items.map(
            (e) => html`<tr>
            <td>${this.date(e.at)}</td><td>${e.actorEmail ?? ''}</td><td>${actionText(e.action)}</td><td>${e.targetEmail ?? ''}</td>
            <td>${e.reason ?? ''}</td><td>${t(`outcome_${e.outcome ?? 'pending'}` as AdminKey)}</td>
          </tr>`,
          ),
        )}
        ${a.items.length < a.total ? html`<button type="button" class="button button--secondary" @click=${() => this.loadAudit(true)}>${t('showMore')}</button>` : nothing}`
      }`;
  }

  private renderOutbox(): TemplateResult {
    const t = this.t;
    const d = this.dead;
    return html`<p>${t('outboxIntro')}</p>
      ${
        !d
          ? html`<p>${t('loading')}</p>`
          : !d.items.length
            ? html`<p>${t('outboxEmpty')}</p>`
            : this.table(
                t('tabOutbox'),
                [t('colChannel'), t('colTo'), t('colKind'), t('colAttempts'), t('colError'), t('colRetry')],
                d.items.map(
                  (m) => html`<tr>
          <td>${m.channel}</td><td>${m.to}</td><td>${m.kind}</td><td>${m.attempts}</td><td>${m.lastError ?? ''}</td>
          <td><button type="button" class="button button--secondary" aria-label=${t('retry', { to: m.to })} @click=${() => this.retry(m)}>${t('colRetry')}</button></td>
        </tr>`,
                ),
              )
      }`;
  }

  private renderImport(): TemplateResult {
    const t = this.t;
    const r = this.imported;
    const rowError = (fields: Record<string, string>) =>
      Object.entries(fields)
        .map(([col, code]) => fieldErrorText(t, code, COLUMN_LABELS[col] ? t(COLUMN_LABELS[col]) : col))
        .join(' ');
    return html`<p>${t('importIntro')}</p>
      ${this.importForm.render(k('importButton'))}
      ${
        r
          ? html`<section aria-labelledby="import-result-title">
        <h3 id="import-result-title">${t('importDone', { n: r.created })}</h3>
        ${
          r.skipped.length
            ? html`<h4>${t('importSkipped', { n: r.skipped.length })}</h4>
          <ul>${r.skipped.map((x) => html`<li>${t('rowSkipped', { line: x.line, email: x.email })}</li>`)}</ul>`
            : nothing
        }
        ${
          r.errors.length
            ? html`<h4>${t('importErrors', { n: r.errors.length })}</h4>
          <ul>${r.errors.map((x) => html`<li>${t('rowError', { line: x.line, errors: rowError(x.fields) })}</li>`)}</ul>`
            : nothing
        }
      </section>`
          : nothing
      }`;
  }
}

defineElement('civic-admin-console', CivicAdminConsole);

declare global {
  interface HTMLElementTagNameMap {
    'civic-admin-console': CivicAdminConsole;
  }
}
