import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { CivicElement } from '../../core/civic-element.js';
import { defineElement } from '../../core/registry.js';
import { errorText, intlLocale, resolveLang } from '../../core/i18n.js';
import type { SessionChange } from '../../core/session.js';
import { messageBundle, type BundleTranslator } from '../../i18n/bundle.js';
import pl, { type ConnectedAppsKey } from '../../i18n/connected-apps/pl.js';
import { baseStyles } from '../../core/styles.js';

const texts = messageBundle<ConnectedAppsKey>(pl, {
  en: () => import('../../i18n/connected-apps/en.js'),
  de: () => import('../../i18n/connected-apps/de.js'),
  uk: () => import('../../i18n/connected-apps/uk.js'),
});

/** GET /api/v1/me/applications (API.md §8). */
interface ConnectedApp {
  clientId: string;
  name: Record<'pl' | 'en' | 'de' | 'uk', string>;
  scopes: string[];
  connectedAt: string;
  lastUsedAt: string;
}

/**
 * @tagname civic-connected-apps
 * @summary The city applications the signed-in resident signs in to through CivicKit (shown inside
 * civic-account): each with what it may see, and a button that disconnects it (its grant and tokens
 * end; the next sign-in asks for consent again). Signed out, it shows nothing.
 *
 * @csspart list - The list of applications.
 * @csspart item - Each application.
 * @csspart status - The live region for status messages.
 *
 * @cssproperty --civic-color-primary - Buttons and accents.
 * @cssproperty --civic-spacing - Base spacing unit.
 */
export class CivicConnectedApps extends CivicElement {
  static override styles = [baseStyles];

  @state() private items?: ConnectedApp[];

  override get t(): BundleTranslator<ConnectedAppsKey> {
    return texts.translator(resolveLang(this));
  }

  protected override shouldUpdate(changed: PropertyValues): boolean {
    return texts.ready(resolveLang(this), () => this.requestUpdate()) && super.shouldUpdate(changed);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.session.ready().then(() => this.load());
  }

  protected override sessionChanged(change: SessionChange): void {
    if (change.status === 'signed-in') void this.load();
    else this.items = undefined;
  }

  private async load(): Promise<void> {
    if (this.session.status !== 'signed-in') return;
    try {
      this.items = await this.session.authed<ConnectedApp[]>('GET', '/me/applications');
    } catch (err) {
      this.notice = { kind: 'error', text: errorText(this.t, err) };
    }
  }

  private nameOf(app: ConnectedApp): string {
    return app.name[this.t.lang as keyof ConnectedApp['name']] ?? app.name.pl;
  }

  private readonly handleRevoke = async (e: Event): Promise<void> => {
    const id = (e.currentTarget as HTMLElement).dataset.id!;
    const app = this.items?.find((a) => a.clientId === id);
    try {
      await this.session.authed('DELETE', `/me/applications/${encodeURIComponent(id)}`);
      this.items = this.items?.filter((a) => a.clientId !== id);
      this.notice = { kind: 'success', text: this.t('appsRevoked', { name: app ? this.nameOf(app) : id }) };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#apps-title')?.focus();
    } catch (err) {
      this.notice = { kind: 'error', text: errorText(this.t, err) };
    }
  };

  private renderItem(app: ConnectedApp) {
    const t = this.t;
    const date = new Intl.DateTimeFormat(intlLocale(t.lang), { dateStyle: 'medium' }).format(new Date(app.connectedAt));
    const scopes = app.scopes.map((s) => (`scope_${s}` in pl ? t(`scope_${s}` as ConnectedAppsKey) : s)).join(', ');
    const name = this.nameOf(app);
    return html`<li part="item">
      <p><strong>${name}</strong></p>
      <p class="hint">${t('appsSince', { date })} · ${t('appsScopes', { scopes })}</p>
      <button type="button" class="button button--secondary" data-id=${app.clientId} aria-label=${t('appsRevokeOf', { name })} @click=${this.handleRevoke}>
        ${t('appsRevoke')}
      </button>
    </li>`;
  }

  override render() {
    const t = this.t;
    if (this.session.status !== 'signed-in') return nothing;
    const items = this.items;
    return html`<section aria-labelledby="apps-title">
      <h3 id="apps-title" tabindex="-1">${t('appsTitle')}</h3>
      <p>${t('appsIntro')}</p>
      ${this.renderNotice()}
      ${
        items === undefined
          ? html`<p>${t('loading')}</p>`
          : items.length
            ? html`<ul part="list">${items.map((a) => this.renderItem(a))}</ul>`
            : html`<p>${t('appsNone')}</p>`
      }
    </section>`;
  }
}

defineElement('civic-connected-apps', CivicConnectedApps);

declare global {
  interface HTMLElementTagNameMap {
    'civic-connected-apps': CivicConnectedApps;
  }
}
