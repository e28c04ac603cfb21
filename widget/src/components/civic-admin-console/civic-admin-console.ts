import { html, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { AccountFlows } from '../../core/account-flows.js';
import { CivicElement } from '../../core/civic-element.js';
import { EmailLinkController } from '../../core/email-link.js';
import { EmbedController } from '../../core/embed.js';
import { errorText, resolveLang } from '../../core/i18n.js';
import type { MunicipalityProfile } from '../../core/profile.js';
import { defineElement } from '../../core/registry.js';
import type { SessionChange } from '../../core/session.js';
import { baseStyles } from '../../core/styles.js';
import type { BundleTranslator } from '../../i18n/bundle.js';
import type { AdminKey } from '../../i18n/admin/pl.js';
import { AuditTab } from './audit-tab.js';
import { styles } from './civic-admin-console.styles.js';
import { ImportTab } from './import-tab.js';
import { OutboxTab } from './outbox-tab.js';
import { texts, type AdminConsole, type AdminUser } from './shared.js';
import { UsersTab } from './users-tab.js';
import { WebhooksTab } from './webhooks-tab.js';

type Tab = 'users' | 'audit' | 'outbox' | 'webhooks' | 'import';

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
export class CivicAdminConsole extends CivicElement implements AdminConsole {
  static override styles = [baseStyles, styles];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  /** The gate's "log in". */
  private readonly signIn = (): void => this.embed.goTo('login', 'civic-login');
  /** Links from emails are for the elements around the console. */
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows, { priority: () => 0 });

  @state() private tab: Tab = 'users';
  // one module per tab, each keeping its own state and rendering into this element
  private readonly users = new UsersTab(this);
  private readonly audit = new AuditTab(this);
  private readonly outbox = new OutboxTab(this);
  private readonly webhooks = new WebhooksTab(this);
  private readonly panes: Record<Tab, { render(): TemplateResult }> = {
    users: this.users,
    audit: this.audit,
    outbox: this.outbox,
    webhooks: this.webhooks,
    import: new ImportTab(this),
  };

  override get t(): BundleTranslator<AdminKey> {
    return texts.translator(resolveLang(this));
  }

  /** @internal The municipality profile, for the tabs (districts, departments). */
  get municipality(): MunicipalityProfile | undefined {
    return this.profile;
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
    this.users.forget();
    if (change.status === 'signed-in') void this.start();
  }

  private get isAdmin(): boolean {
    return this.session.status === 'signed-in' && this.session.user?.role === 'admin';
  }

  private async start(): Promise<void> {
    if (this.isAdmin) await this.users.start();
  }

  /** @internal */
  async call<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      this.notice = { kind: 'error', text: errorText(this.t, err) };
      return undefined;
    }
  }

  /** @internal */
  async focusOn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /** @internal */
  showAuditOf(user: AdminUser): void {
    this.audit.filterBy(user.id, user.email);
    void this.show('audit');
  }

  private async show(tab: Tab): Promise<void> {
    this.tab = tab;
    this.notice = undefined;
    if (tab === 'audit') await this.audit.load();
    if (tab === 'outbox') await this.outbox.load();
    if (tab === 'webhooks') await this.webhooks.load();
    if (tab === 'users') await this.users.shown();
    await this.focusOn(`#tab-${tab}`);
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
      ['webhooks', 'tabWebhooks'],
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
      ${this.panes[this.tab].render()}
    </section>`;
  }
}

defineElement('civic-admin-console', CivicAdminConsole);

declare global {
  interface HTMLElementTagNameMap {
    'civic-admin-console': CivicAdminConsole;
  }
}
