/** The admin console's "accounts" tab: search, one account with what it submitted, and what an admin may do to it. */
import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../../core/api.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { errorText } from '../../core/i18n.js';
import { districtName, localText } from '../../core/profile.js';
import type { AdminKey } from '../../i18n/admin/pl.js';
import { date, hasText, k, table, type AdminConsole, type AdminUser, type Paged } from './shared.js';

const ROLES = ['resident', 'staff', 'admin'] as const;

interface Category {
  id: string;
  name: Partial<Record<string, string>>;
  department: string;
}

export class UsersTab {
  private results?: Paged<AdminUser>;
  private user?: AdminUser;
  private deleting = false;
  private departments: string[] = [];
  /** Category names (GET /categories), for what an account submitted. */
  private categories: Category[] = [];
  private query = '';
  /** Only the newest search's answer is shown (the first load may answer after a search). */
  private searchSeq = 0;

  constructor(private readonly host: AdminConsole) {}

  /** The signed-in admin arrived (or changed): departments and categories, then the search. */
  async start(): Promise<void> {
    const host = this.host;
    // departments as the categories name them (the public profile does not list departments)
    host.session.api
      .request<Category[]>('GET', '/categories')
      .then((cats) => {
        this.categories = cats;
        this.departments = [...new Set(cats.map((c) => c.department))].sort();
        host.requestUpdate();
      })
      .catch(() => undefined);
    await this.search(this.query);
  }

  /** Signed out or another account: nothing of the previous one stays. */
  forget(): void {
    this.user = undefined;
    this.results = undefined;
    this.host.requestUpdate();
  }

  /** The tab is chosen again: the list is fresh unless an account is open. */
  async shown(): Promise<void> {
    if (!this.user) await this.host.call(() => this.search(this.query));
  }

  private async search(q: string, more = false): Promise<void> {
    this.query = q;
    const seq = ++this.searchSeq;
    const page = more && this.results ? this.results.page + 1 : 1;
    const res = await this.host.session.authed<Paged<AdminUser>>('GET', `/admin/users?${new URLSearchParams({ q, page: String(page), limit: '20' })}`);
    if (seq !== this.searchSeq) return;
    this.results = more && this.results ? { ...res, items: [...this.results.items, ...res.items] } : res;
    this.host.requestUpdate();
  }

  private readonly searchForm = new FormController(
    this.host,
    'admin-search',
    (): FieldDef[] => [
      { name: 'q', label: k('searchLabel'), type: 'text', autocomplete: 'off', maxLength: 200, hint: this.host.t('searchHint'), value: this.query },
    ],
    async (v) => {
      this.host.notice = undefined;
      this.user = undefined;
      await this.search(String(v.q));
    },
  );

  private async open(id: string, focus = true): Promise<void> {
    const user = await this.host.call(() => this.host.session.authed<AdminUser>('GET', `/admin/users/${id}`));
    if (!user) return;
    this.user = user;
    this.deleting = false;
    this.blockForm.reset();
    this.roleForm.reset();
    this.host.requestUpdate();
    if (focus) await this.host.focusOn('#admin-user-title');
  }

  private readonly handleBack = async (): Promise<void> => {
    const id = this.user?.id;
    this.user = undefined;
    this.host.notice = undefined;
    await this.host.call(() => this.search(this.query));
    await this.host.focusOn(`[data-id="${id}"]`);
  };

  /** A change to the open account, then the account again and what was done; failures shown by the caller. */
  private async change(method: 'PATCH' | 'POST' | 'DELETE', path: string, body: unknown, done: AdminKey): Promise<void> {
    await this.host.session.authed(method, `/admin/users/${this.user!.id}${path}`, body);
    await this.open(this.user!.id, false);
    this.host.notice = { kind: 'success', text: this.host.t(done) };
  }

  private readonly blockForm = new FormController(
    this.host,
    'block',
    (): FieldDef[] => [{ name: 'reason', label: k('reason'), type: 'textarea', required: true, minLength: 3, maxLength: 500, hint: this.host.t('reasonHint') }],
    (v) => this.change('PATCH', '', { blocked: true, reason: v.reason }, 'blockedDone'),
  );

  private readonly handleUnblock = async (): Promise<void> => {
    if ((await this.host.call(() => this.host.session.authed('PATCH', `/admin/users/${this.user!.id}`, { blocked: false }))) !== undefined) {
      await this.open(this.user!.id, false);
      this.host.notice = { kind: 'success', text: this.host.t('unblockedDone') };
    }
  };

  private readonly roleForm = new FormController(
    this.host,
    'role',
    (): FieldDef[] => {
      const u = this.user;
      const t = this.host.t;
      const departments = [...new Set([...this.departments, ...(u?.department ? [u.department] : [])])];
      return [
        { name: 'role', label: k('role'), type: 'select', required: true, value: u?.role, options: ROLES.map((r) => ({ value: r, label: t(`role_${r}`) })) },
        {
          name: 'department',
          label: k('department'),
          type: 'select',
          value: u?.department ?? '',
          hint: t('departmentHint'),
          options: [{ value: '', label: t('noDepartment') }, ...departments.map((d) => ({ value: d, label: this.departmentName(d) }))],
        },
      ];
    },
    (v) => this.change('PATCH', '', { role: v.role, department: v.department || null }, 'roleSaved'),
  );

  private readonly handleRevoke = async (): Promise<void> => {
    try {
      await this.change('POST', '/revoke-sessions', undefined, 'revoked');
    } catch (err) {
      this.host.notice = { kind: 'error', text: errorText(this.host.t, err) };
    }
  };

  private readonly handleResend = async (): Promise<void> => {
    const { host } = this;
    try {
      await host.session.authed('POST', `/admin/users/${this.user!.id}/resend-activation`);
      host.notice = { kind: 'success', text: host.t('activationSent') };
    } catch (err) {
      const active = err instanceof ApiError && err.code === 'conflict';
      host.notice = { kind: 'error', text: active ? host.t('alreadyActive') : errorText(host.t, err) };
    }
  };

  private readonly handleDeleteStart = async (): Promise<void> => {
    this.deleting = true;
    this.deleteForm.reset();
    await this.host.focusOn('#admin-delete-title');
  };

  private readonly handleDeleteCancel = async (): Promise<void> => {
    this.deleting = false;
    this.host.requestUpdate();
    await this.host.focusOn('#admin-delete-start');
  };

  private readonly deleteForm = new FormController(
    this.host,
    'admin-delete',
    (): FieldDef[] => [
      { name: 'cascade', label: k('cascade'), type: 'checkbox', extra: html`<p class="hint">${this.host.t('cascadeHint')}</p>` },
      { name: 'reason', label: k('reason'), type: 'textarea', required: true, minLength: 3, maxLength: 500, hint: this.host.t('reasonHint') },
    ],
    async (v: FormValues) => {
      const u = this.user!;
      await this.host.session.authed('DELETE', `/admin/users/${u.id}?cascade=${v.cascade === true}`, { reason: v.reason });
      this.user = undefined;
      this.deleting = false;
      await this.search(this.query);
      this.host.notice = { kind: 'success', text: this.host.t('deletedDone', { email: u.email }) };
      await this.host.focusOn('#admin-title');
    },
  );

  private statusText(u: AdminUser): string {
    if (u.blocked) return this.host.t('status_blocked');
    const key = `status_${u.status}`;
    return hasText(key) ? this.host.t(key) : u.status;
  }

  private name(u: AdminUser): string {
    return `${u.firstName} ${u.lastName}`.trim() || u.email;
  }

  /** A department's name in the element's language (the profile's departments), else its id. */
  private departmentName(id: string | undefined): string {
    const departments = this.host.municipality?.departments;
    const d = departments?.find((x) => x.id === id);
    return (d && localText(d.name, this.host.t.lang)) || (id ?? '');
  }

  private categoryName(id: string): string {
    const c = this.categories.find((x) => x.id === id);
    return (c && (c.name[this.host.t.lang] ?? c.name.pl)) || id;
  }

  render(): TemplateResult {
    return this.user ? this.renderUser(this.user) : this.renderSearch();
  }

  private renderSearch(): TemplateResult {
    const t = this.host.t;
    const r = this.results;
    return html`${this.searchForm.render(k('search'))}
      ${
        !r
          ? html`<p>${t('loading')}</p>`
          : !r.items.length
            ? html`<p>${t('noResults')}</p>`
            : html`
        ${table(
          t('results', { total: r.total }),
          [t('colName'), t('colEmail'), t('colPhone'), t('colRole'), t('colStatus')],
          r.items.map(
            (u) => html`<tr>
            <td><button type="button" class="link-button" data-id=${u.id} @click=${() => this.open(u.id)}>${this.name(u)}</button></td>
            <td>${u.email}</td><td>${u.phone}</td><td>${t(`role_${u.role}` as AdminKey)}</td><td>${this.statusText(u)}</td>
          </tr>`,
          ),
        )}
        ${r.items.length < r.total ? html`<button type="button" class="button button--secondary" @click=${() => this.host.call(() => this.search(this.query, true))}>${t('showMore')}</button>` : nothing}`
      }`;
  }

  // one template for the account page, in the order an admin reads it
  private renderUser(u: AdminUser): TemplateResult {
    const t = this.host.t;
    const row = (label: string, value: unknown) => (value === undefined || value === '' ? nothing : html`<div><dt>${label}</dt><dd>${value}</dd></div>`);
    const reports = u.reports ?? [];
    const supports = u.supports ?? [];
    const messages = u.messages ?? [];
    return html`<p><button type="button" class="link-button" @click=${this.handleBack}>${t('backToResults')}</button></p>
      <section aria-labelledby="admin-user-title">
        <h3 id="admin-user-title" tabindex="-1">${t('accountOf', { name: this.name(u) })}</h3>
        <dl class="details" part="details">
          ${row(t('email'), u.email)}${row(t('phone'), u.phone)}${row(t('peselMasked'), u.peselMasked)}
          ${row(t('district'), u.district ? districtName(this.host.municipality, u.district, t.lang) : undefined)}
          ${row(t('role'), t(`role_${u.role}` as AdminKey))}${row(t('department'), u.department ? this.departmentName(u.department) : undefined)}
          ${row(t('colStatus'), this.statusText(u))}${row(t('createdAt'), date(t, u.createdAt))}
          ${row(t('activeSessions'), String(u.activeSessions ?? 0))}${row(t('source'), u.source)}
        </dl>
        <p><button type="button" class="link-button" @click=${() => this.host.showAuditOf(u)}>${t('showAudit')}</button></p>
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
    const t = this.host.t;
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
}
