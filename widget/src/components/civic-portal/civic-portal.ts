import { messageBundle } from '../../i18n/bundle.js';
import introPl, { type PortalKey } from '../../i18n/portal/pl.js';
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CivicElement } from '../../core/civic-element.js';
import { defineElement, ensureElement, hasElementLoader } from '../../core/registry.js';
import { LANGS, chooseLang, resolveLang, type Lang } from '../../core/i18n.js';
import type { User } from '../../core/session.js';
import { UrlRouteController, type Route } from '../../core/url-route.js';
import type { SessionChange } from '../../core/session.js';
// the theme without the forms' styles: the portal shows no form itself (its views bring their own; issue 20)
import { shellStyles } from '../../core/shell-styles.js';
import { styles } from './civic-portal.styles.js';
import { VIEWS, type PortalView } from './views.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController, deliverEmailAction, emailRoutes, type EmailAction } from '../../core/email-link.js';
import '../../i18n/pl/portal.js';
import { sessionEndText } from '../../i18n/session-end/index.js';

const portalTexts = messageBundle<PortalKey>(introPl, {
  en: () => import('../../i18n/portal/en.js'),
  de: () => import('../../i18n/portal/de.js'),
  uk: () => import('../../i18n/portal/uk.js'),
});
/** Views on the way to an account: a sign-in started elsewhere still returns there after them. */
const ACCOUNT_FLOWS = new Set(['login', 'register', 'password-reset']);

const LANGUAGE_NAMES: Record<Lang, string> = { pl: 'Polski', en: 'English', de: 'Deutsch', uk: 'Українська' };

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
  static override styles = [shellStyles, styles];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows, { priority: () => 3, handle: (a) => void this.handleEmailAction(a) });

  /** The portal title; defaults to the municipality profile's name. */
  @property() heading?: string;
  /** The view shown first (`home`, `login`, `register`, `account`, …); the page address wins when it names one. */
  @property({ reflect: true }) view = 'home';
  /** How the view is kept in the page address: `query` (default), `hash` or `none` (docs/embedding.md "Addresses"). */
  @property() routing?: string;

  @state() private loaded = new Set<string>();
  /** The menu on a narrow screen: folded behind "Menu" until opened (at 320 px it would cover the view). */
  @state() private menuOpen = false;
  private readonly elements = new Map<string, HTMLElement>();
  /** Where a sign-in in between returns to (a signed-in view reached by a link or an email). */
  private returnTo?: { view: string; props: Record<string, unknown> };
  private readonly route = new UrlRouteController(this, (r) => void this.follow(r));

  override connectedCallback(): void {
    super.connectedCallback();
    void this.requireProfile();
    const start = this.route.read();
    if (start) void this.follow(start);
    this.addEventListener('civic-navigate', this.handleNavigate);
    this.addEventListener('civic-signed-in', this.handleSignedIn);
    this.addEventListener('civic-signed-out', this.handleSignedOut);
    this.addEventListener('civic-report-shown', this.handleReportShown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('civic-navigate', this.handleNavigate);
    this.removeEventListener('civic-signed-in', this.handleSignedIn);
    this.removeEventListener('civic-signed-out', this.handleSignedOut);
    this.removeEventListener('civic-report-shown', this.handleReportShown);
  }

  /** The address named a view (a reload, a shared link, Back or Forward). */
  private follow(r: Route | undefined): Promise<void> {
    return this.show(r?.view ?? 'home', r?.report ? { reportId: r.report } : {}, 'none');
  }

  /** A report opened or closed inside a view: the address follows, so it can be shared and Back closes it. */
  private readonly handleReportShown = (e: CustomEvent<{ id: string }>): void => {
    this.route.write({ view: this.view, ...(e.detail.id ? { report: e.detail.id } : {}) });
  };

  private readonly handleNavigate = (e: CustomEvent<{ view: string; props?: Record<string, unknown> }>): void => {
    if (!VIEWS.some((v) => v.id === e.detail.view)) return;
    e.preventDefault();
    void this.show(e.detail.view, e.detail.props);
  };

  private readonly handleSignedIn = (e: CustomEvent<{ user: User }>): void => {
    const next = this.returnTo;
    this.returnTo = undefined;
    this.notice = undefined; // "account activated" and the like are done with once signed in
    if (!next) return void this.show('home');
    // a report link opens in the console for staff, in "my reports" for residents
    const staff = ['staff', 'admin'].includes(e.detail.user?.role ?? this.session.user?.role ?? '');
    const view = next.props.reportId ? (staff ? 'staff' : 'my-reports') : next.view;
    void this.show(view, next.props, 'replace');
  };

  /** The account view is gone with the account: say so here. */
  private readonly handleSignedOut = (e: CustomEvent<{ reason: string }>): void => {
    if (e.detail.reason === 'deleted') this.notice = { kind: 'success', text: this.t('accountDeleted') };
  };

  protected override sessionChanged(change: SessionChange): void {
    if (change.status === 'signed-out' && this.current?.when === 'signed-in') void this.show('home');
    // the server ended the session (password changed elsewhere, blocked, …): say why, not just "signed out"
    if (change.status === 'signed-out' && change.reason === 'expired') {
      void sessionEndText(resolveLang(this), change.ended).then((text) => (this.notice = { kind: 'info', text: text ?? this.t('signedOut') }));
    }
  }

  /** The portal's own texts (menu, introduction, session notices) merged with core's. */
  private get pt() {
    return portalTexts.translator(resolveLang(this));
  }

  /** Waits for the portal's texts in the page's language as CivicElement waits for core's (no flash of Polish). */
  protected override shouldUpdate(changed: Map<PropertyKey, unknown>): boolean {
    if (!portalTexts.ready(resolveLang(this), () => this.requestUpdate())) return false;
    return super.shouldUpdate(changed);
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

  /**
   * Switches view, loading its element first; focus moves to the view for keyboard and screen reader
   * users. `history`: a new entry in the page address (`push`), in place of the current one
   * (`replace`), or none (the address already says it: reload, Back/Forward).
   */
  async show(id: string, props: Record<string, unknown> = {}, history: 'push' | 'replace' | 'none' = 'push', signInFirst = history === 'none'): Promise<void> {
    // the latest request wins: a view still loading (home after a sign-out) never replaces one chosen after it
    const seq = ++this.showSeq;
    const view = VIEWS.find((v) => v.id === id) ?? VIEWS[0];
    if (view.when || view.id === 'report') await this.session.ready(); // a reload restores the session first
    if (seq !== this.showSeq) return;
    if (!ACCOUNT_FLOWS.has(view.id)) this.returnTo = undefined;
    // Reports need an account unless the city allows anonymous ones; signed-in views need one. Either way
    // a sign-in comes back here: at once for reports and for links (an address, an email), else from the view's own "log in".
    const anonymousReports = !this.profile || this.profile.allowAnonymousReports;
    if (this.session.status !== 'signed-in' && (view.when === 'signed-in' || (view.id === 'report' && !anonymousReports))) {
      this.returnTo = { view: view.id, props };
      if (signInFirst || view.id === 'report') return this.show('login', {}, history);
    }
    this.embed.clear(); // e.g. the SMS step after an activation link
    if (view.tag && (await ensureElement(view.tag))) {
      if (seq !== this.showSeq) return;
      const existing = this.elements.has(view.id);
      this.loaded = new Set(this.loaded).add(view.id);
      const el = this.viewElement(view);
      Object.assign(el, props);
      const list = el as Partial<{ showReport(id?: string): void }>;
      if (existing && list.showReport) list.showReport(props.reportId as string | undefined);
    }
    this.view = view.id;
    if (history !== 'none') this.route.write({ view: view.id, ...(props.reportId ? { report: String(props.reportId) } : {}) }, history === 'replace');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#main')?.focus();
  }

  /** Counts show() calls: only the newest may set the view. */
  private showSeq = 0;

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

  /**
   * @internal The email link this element was chosen for, routed by the one table (core/email-routes.ts):
   * its view first (the owner element then completes it), or the account step and then its view.
   */
  async handleEmailAction(a: EmailAction): Promise<void> {
    const { ACTION_ROUTES, routeTarget } = await emailRoutes();
    const route = ACTION_ROUTES[a.action];
    const { view } = routeTarget(route, await this.emailLink.role());
    if (route.flow === 'confirmEmail' || route.flow === 'signin') {
      // the step first: it may end the session (a new address) or start one (civic-signed-in moves on)
      if ((await this.emailLink.runFlow(a)) && view && this.session.status === 'signed-in') await this.show(view);
      return;
    }
    if (route.flow) {
      await this.show(view ?? 'home');
      await this.emailLink.runFlow(a);
      return;
    }
    // a report of one's own needs an account: signing in first comes back to it (returnTo keeps the id)
    if (a.action === 'report') return this.show(view!, { reportId: a.id }, 'push', true);
    await this.show(view!);
    deliverEmailAction(this.elements.get(view!), a);
  }

  /**
   * The page's language only, remembered on this device. The account's email language is the resident's
   * own setting in "Moje konto" (a click on EN must not turn the next reset email English; the tooltip says so).
   */
  private setLang(lang: Lang): void {
    chooseLang(lang);
    this.setAttribute('lang', lang);
  }

  private renderLanguages(current: Lang): TemplateResult {
    const t = this.pt;
    return html`<div class="languages" part="languages" role="group" aria-labelledby="lang-label" aria-describedby="lang-hint">
      <span id="lang-label">${t('language')}:</span><span id="lang-hint" class="visually-hidden">${t('langHint')}</span>
      ${LANGS.map(
        (l) => html`<button type="button" class="lang" lang=${l} aria-pressed=${l === current ? 'true' : 'false'} title=${t('langHint')}
          @click=${() => this.setLang(l)}><span aria-hidden="true">${l.toUpperCase()}</span><span
          class="visually-hidden">${l.toUpperCase()} – ${LANGUAGE_NAMES[l]}</span></button>`,
      )}
    </div>`;
  }

  /** The introduction's texts come with the portal's chunk, not with core (other elements never show them). */
  private renderIntro() {
    const t = this.pt;
    return html`<p>${t('intro1')}</p><p>${t('intro2')}</p><p>${t('intro3')}</p>`;
  }

  private renderHome(): TemplateResult {
    const t = this.t;
    const signedIn = this.session.status === 'signed-in';
    return html`<div class="intro" part="intro">
      <slot name="intro">${this.renderIntro()}</slot>
      ${
        signedIn
          ? html`<button type="button" class="button" part="button" @click=${() => this.show('report')}>${t('addReport')}</button>`
          : this.profile?.allowAnonymousReports === false
            ? nothing
            : html`<button type="button" class="button" part="button" @click=${() => this.show('report')}
              @pointerenter=${() => this.prefetch(VIEWS.find((v) => v.id === 'report')!)}>${t('runAnonymously')}</button>`
      }
    </div>`;
  }

  private renderView(view: PortalView): TemplateResult | HTMLElement {
    if (!view.tag) return this.renderHome();
    if (this.loaded.has(view.id)) return this.viewElement(view);
    if (hasElementLoader(view.tag)) return html`<p>${this.t('loading')}</p>`;
    return html`<slot name=${view.id}><p class="placeholder">${this.t('comingSoon')}</p></slot>`;
  }

  /** Who is signed in and "Wyloguj", at the end of the menu. */
  private renderSession() {
    const u = this.session.status === 'signed-in' ? this.session.user : undefined;
    if (!u) return nothing;
    const name = [u.firstName, u.lastName].filter(Boolean).join(' ') || u.email;
    return html`<li class="who"><span class="who-name">${this.pt('signedInName', { name })}</span></li>
      <li><button type="button" class="nav-item" part="nav-item logout" @click=${() => this.logout()}>${this.t('logout')}</button></li>`;
  }

  private async logout(): Promise<void> {
    await this.session.logout();
    this.emit('civic-signed-out', { reason: 'user' });
    this.notice = { kind: 'success', text: this.t('signedOut') };
    await this.show('home');
  }

  private renderNav(current: PortalView) {
    const t = this.pt;
    return html`<button type="button" class="menu-toggle" aria-expanded=${this.menuOpen ? 'true' : 'false'} aria-controls="nav"
        @click=${() => (this.menuOpen = !this.menuOpen)}>${t('menu')}</button>
      <nav id="nav" class="nav ${this.menuOpen ? 'nav--open' : ''}" part="nav" aria-label=${t('mainNav')}>
        <ul>
          ${VIEWS.filter((v) => v.nav && this.visible(v)).map(
            (v) => html`<li><button type="button" class="nav-item" part="nav-item"
              aria-current=${v.id === current.id ? 'page' : nothing}
              @click=${() => this.choose(v.id)} @pointerenter=${() => this.prefetch(v)} @focus=${() => this.prefetch(v)}
            >${t(v.nav! as PortalKey)}</button></li>`,
          )}
          ${this.renderSession()}
        </ul>
      </nav>`;
  }

  /** A menu choice: the folded menu closes again on a narrow screen. */
  private choose(id: string): void {
    this.menuOpen = false;
    void this.show(id);
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
        ${this.renderNav(current)}
      </div>
      ${this.renderNotice()}
      <div id="main" class="main" part="main" tabindex="-1">${this.embed.active ? this.embed.render() : this.renderView(current)}</div>`;
  }
}

defineElement('civic-portal', CivicPortal);

declare global {
  interface HTMLElementTagNameMap {
    'civic-portal': CivicPortal;
  }
}
