/** The admin console's audit log tab: newest first, filtered by action or by one account. */
import { html, nothing, type TemplateResult } from 'lit';
import type { AdminKey } from '../../i18n/admin/pl.js';
import { date, hasText, table, type AdminConsole, type AuditEntry, type Paged } from './shared.js';

const AUDIT_ACTIONS = [
  'user.block',
  'user.unblock',
  'user.role',
  'user.delete',
  'user.revoke_sessions',
  'user.resend_activation',
  'users.import',
  'outbox.retry',
  'api_key.create',
  'api_key.revoke',
  'report.moderate',
] as const;

export class AuditTab {
  private audit?: Paged<AuditEntry>;
  private filter: { targetId?: string; email?: string; action?: string } = {};

  constructor(private readonly host: AdminConsole) {}

  /** From an account's page: only what was done to that account. */
  filterBy(targetId: string, email: string): void {
    this.filter = { targetId, email };
  }

  async load(more = false): Promise<void> {
    const f = this.filter;
    const page = more && this.audit ? this.audit.page + 1 : 1;
    const q = new URLSearchParams({ page: String(page), limit: '20' });
    if (f.targetId) q.set('targetId', f.targetId);
    if (f.action) q.set('action', f.action);
    const res = await this.host.call(() => this.host.session.authed<Paged<AuditEntry>>('GET', `/admin/audit?${q}`));
    if (res) this.audit = more && this.audit ? { ...res, items: [...this.audit.items, ...res.items] } : res;
    this.host.requestUpdate();
  }

  private readonly handleFilter = (e: Event): void => {
    e.preventDefault();
    const action = (this.host.renderRoot.querySelector('#audit-action') as HTMLSelectElement).value;
    this.filter = { ...this.filter, action: action || undefined };
    void this.load();
  };

  private readonly handleClearFilter = (): void => {
    this.filter = {};
    void this.load();
  };

  render(): TemplateResult {
    const t = this.host.t;
    const a = this.audit;
    const f = this.filter;
    const actionText = (action: string) => {
      const key = `a_${action}`;
      return hasText(key) ? t(key) : action;
    };
    return html`${
      f.email
        ? html`<p>${t('filteredBy', { email: f.email })} <button type="button" class="link-button" @click=${this.handleClearFilter}>${t('clearFilter')}</button></p>`
        : nothing
    }
      <form class="inline-form" part="form" @submit=${this.handleFilter}>
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
        ${table(
          t('tabAudit'),
          [t('colAt'), t('colActor'), t('colAction'), t('colTarget'), t('colReason'), t('colOutcome')],
          a.items.map(
            (e) => html`<tr>
            <td>${date(t, e.at)}</td><td>${e.actorEmail ?? e.actorId ?? ''}</td><td>${actionText(e.action)}</td><td>${e.targetEmail ?? e.targetId ?? ''}</td>
            <td>${e.reason ?? ''}</td><td>${t(`outcome_${e.outcome ?? 'pending'}` as AdminKey)}</td>
          </tr>`,
          ),
        )}
        ${a.items.length < a.total ? html`<button type="button" class="button button--secondary" @click=${() => this.load(true)}>${t('showMore')}</button>` : nothing}`
      }`;
  }
}
