import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CivicElement } from '../../core/civic-element.js';
import { defineElement, ensureElement, hasElementLoader } from '../../core/registry.js';
import { LANGS, resolveLang, type Lang } from '../../core/i18n.js';
import type { EmailAction, EmailActionKind } from '../../core/email-link.js';
import type { SessionChange } from '../../core/session.js';
import { baseStyles } from '../../core/styles.js';
import { styles } from './civic-portal.styles.js';
import { VIEWS, type PortalView } from './views.js';

const LANGUAGE_NAMES: Record<Lang, string> = { pl: 'Polski', en: 'English', de: 'Deutsch' };

/**
 * @tagname civic-portal
 * @summary The whole resident portal in one element (the Siemianowice shell): title, language
 * switch, the KOMUNIKATY / DODAJ ZGŁOSZENIE / ZALOGUJ SIĘ navigation, the introduction with
 * "URUCHOM BEZ LOGOWANIA", and the other CivicKit elements as views, each loaded on first use.
 *
 * @event civic-signed-in - Re-emitted from the hosted log-in (bubbles out of the portal).
 * @event civic-signed-out - From the hosted account view or the log-out.
 * @event civic-registered - From the hosted registration.
 *
 * @csspart header - The title bar with language switch and navigation.
 * @csspart title - The portal title.
 * @csspart languages - The language switch.
 * @csspart nav - The main navigation.
 * @csspart nav-item - Each navigation button.
 * @csspart main - The area showing the current view.
 * @csspart intro - The introduction on the home screen.
 * @csspart button - The "run without logging in" button.
 * @csspart status - The live region for status messages.
 *
 * @cssproperty --civic-color-primary - Buttons and accents.
 * @cssproperty --civic-header-bg - Header background (default #0b3f75).
 * @cssproperty --civic-header-color - Header text (default #ffffff).
 * @cssproperty --civic-radius - Corner radius.
 * @cssproperty --civic-spacing - Base spacing unit.
 * @cssproperty --civic-font-family - Font; inherited from the page by default.
 *
 * @slot logo - The city's logo, left of the title.
 * @slot intro - Replaces the introduction text on the home screen.
 * @slot announcements - Content for the announcements view until civic-announcements exists (likewise
 *   `report`, `my-reports`, `track`, `staff`, `admin`: one slot per view id).
 */
export class CivicPortal extends CivicElement {
  static override styles = [baseStyles, styles];

  /** The portal title; defaults to the municipality profile's name. */
  @property() heading?: string;
  /** The view shown first (`home`, `login`, `register`, `account`, …). */
  @property({ reflect: true }) view = 'home';

  @state() private loaded = new Set<string>();
  private readonly elements = new Map<string, HTMLElement>();
  private returnTo?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.requireProfile();
    this.addEventListener('civic-navigate', this.handleNavigate);
    this.addEventListener('civic-signed-in', this.handleSignedIn);
    this.addEventListener('civic-signed-out', this.handleSignedOut);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('civic-navigate', this.handleNavigate);
    this.removeEventListener('civic-signed-in', this.handleSignedIn);
    this.removeEventListener('civic-signed-out', this.handleSignedOut);
  }

  private readonly handleNavigate = (e: CustomEvent<{ view: string; props?: Record<string, unknown> }>): void => {
    if (!VIEWS.some((v) => v.id === e.detail.view)) return;
    e.preventDefault();
    void this.show(e.detail.view, e.detail.props);
  };

  private readonly handleSignedIn = (): void => {
    const next = this.returnTo ?? 'home';
    this.returnTo = undefined;
    void this.show(next);
  };

  /** The account view is gone with the account: say so here. */
  private readonly handleSignedOut = (e: CustomEvent<{ reason: string }>): void => {
    if (e.detail.reason === 'deleted') this.notice = { kind: 'success', text: this.t('accountDeleted') };
  };

  protected override sessionChanged(change: SessionChange): void {
    if (change.status === 'signed-out' && this.current?.when === 'signed-in') void this.show('home');
  }

  private get current(): PortalView | undefined {
    return VIEWS.find((v) => v.id === this.view);
  }

  private visible(v: PortalView): boolean {
    const s = this.session;
    const signedIn = s.status === 'signed-in';
    if (v.when === 'signed-in' && !signedIn) return false;
    if (v.when === 'signed-out' && signedIn) return false;
    if (v.roles && !v.roles.includes(s.user?.role ?? '')) return false;
    return true;
  }

  /** Switches view, loading its element first; focus moves to the view for keyboard and screen reader users. */
  async show(id: string, props: Record<string, unknown> = {}): Promise<void> {
    const view = VIEWS.find((v) => v.id === id) ?? VIEWS[0];
    // Reports need an account unless the city allows anonymous ones: log in first, then come back.
    if (view.id === 'report' && this.session.status !== 'signed-in' && this.profile && !this.profile.allowAnonymousReports) {
      this.returnTo = 'report';
      return this.show('login');
    }
    this.embedded = undefined; // e.g. the SMS step after an activation link
    if (view.tag && (await ensureElement(view.tag))) {
      this.loaded = new Set(this.loaded).add(view.id);
      const el = this.viewElement(view);
      Object.assign(el, props);
    }
    this.view = view.id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#main')?.focus();
  }

  private viewElement(view: PortalView): HTMLElement {
    let el = this.elements.get(view.id);
    if (!el) {
      el = document.createElement(view.tag!);
      el.setAttribute('part', 'view');
      this.elements.set(view.id, el);
    }
    el.setAttribute('lang', resolveLang(this));
    if (this.apiUrl) el.setAttribute('api-url', this.apiUrl);
    return el;
  }

  private readonly prefetch = (view: PortalView): void => {
    if (view.tag) void ensureElement(view.tag).catch(() => undefined);
  };

  override emailActionPriority(_action: EmailActionKind): number {
    return 3;
  }

  override handleEmailAction(a: EmailAction): void {
    switch (a.action) {
      case 'reset':
        void this.show('password-reset', { token: a.token });
        break;
      case 'activate':
        void this.show('login').then(() => this.activate(a.token));
        break;
      case 'confirm_email':
        void this.confirmEmail(a.token).then(async (ok) => {
          if (ok && this.session.status === 'signed-in') await this.show('account');
        });
        break;
      case 'track':
        void this.show('track', { code: a.code });
        break;
      case 'report':
        void this.reportElementFor().then((tag) => this.show(tag === 'civic-staff-console' ? 'staff' : 'my-reports', { reportId: a.id }));
        break;
    }
  }

  private setLang(lang: Lang): void {
    this.setAttribute('lang', lang);
  }

  private renderLanguages(current: Lang): TemplateResult {
    const t = this.t;
    return html`<div class="languages" part="languages" role="group" aria-labelledby="lang-label">
      <span id="lang-label">${t('language')}:</span>
      ${LANGS.map(
        (l) => html`<button type="button" class="lang" lang=${l} aria-pressed=${l === current ? 'true' : 'false'}
          @click=${() => this.setLang(l)}><span aria-hidden="true">${l.toUpperCase()}</span><span
          class="visually-hidden">${l.toUpperCase()} – ${LANGUAGE_NAMES[l]}</span></button>`,
      )}
    </div>`;
  }

  private renderHome(): TemplateResult {
    const t = this.t;
    const signedIn = this.session.status === 'signed-in';
    return html`<div class="intro" part="intro">
      <slot name="intro"><p>${t('intro1')}</p><p>${t('intro2')}</p><p>${t('intro3')}</p></slot>
      ${signedIn
        ? html`<button type="button" class="button" part="button" @click=${() => this.show('report')}>${t('addReport')}</button>`
        : this.profile?.allowAnonymousReports === false
          ? nothing
          : html`<button type="button" class="button" part="button" @click=${() => this.show('report')}
              @pointerenter=${() => this.prefetch(VIEWS.find((v) => v.id === 'report')!)}>${t('runAnonymously')}</button>`}
    </div>`;
  }

  private renderView(view: PortalView): TemplateResult | HTMLElement {
    if (!view.tag) return this.renderHome();
    if (this.loaded.has(view.id)) return this.viewElement(view);
    if (hasElementLoader(view.tag)) return html`<p>${this.t('loading')}</p>`;
    return html`<slot name=${view.id}><p class="placeholder">${this.t('comingSoon')}</p></slot>`;
  }

  override render() {
    const t = this.t;
    const lang = resolveLang(this);
    const current = this.current ?? VIEWS[0];
    const title = this.heading || this.profile?.name || this.originRefused?.name || t('portalTitle');
    return html`<div class="header" part="header">
        <div class="brand">
          <slot name="logo"></slot>
          <h2 class="title-h"><button type="button" class="title" part="title" @click=${() => this.show('home')}
            aria-current=${current.id === 'home' ? 'page' : nothing}>${title}</button></h2>
        </div>
        ${this.renderLanguages(lang)}
        <nav class="nav" part="nav" aria-label=${t('mainNav')}>
          <ul>
            ${VIEWS.filter((v) => v.nav && this.visible(v)).map(
              (v) => html`<li><button type="button" class="nav-item" part="nav-item"
                aria-current=${v.id === current.id ? 'page' : nothing}
                @click=${() => this.show(v.id)} @pointerenter=${() => this.prefetch(v)} @focus=${() => this.prefetch(v)}
              >${t(v.nav!)}</button></li>`,
            )}
          </ul>
        </nav>
      </div>
      ${this.renderNotice()}
      <div id="main" class="main" part="main" tabindex="-1">${this.embedded ? this.renderEmbedded() : this.renderView(current)}</div>`;
  }
}

defineElement('civic-portal', CivicPortal);

declare global {
  interface HTMLElementTagNameMap {
    'civic-portal': CivicPortal;
  }
}
