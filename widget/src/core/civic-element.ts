import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError } from './api.js';
import { resolveApiUrl } from './config.js';
import { errorText, isLangLoaded, loadLang, resolveLang, setAccountLang, translator, watchDocumentLang, type Translator } from './i18n.js';
import { getSession, type Session, type SessionChange, type User } from './session.js';
import { offerEmailAction, type EmailAction, type EmailActionKind } from './email-link.js';
import { ensureElement } from './registry.js';
import { loadProfile, type MunicipalityProfile } from './profile.js';
import { checkOrigin, type OriginRefusal } from './origin-check.js';

import type { MessageKey } from '../i18n/pl.js';

/** `civic_action=signin_error&reason=…` -> what the resident reads; other reasons: "signing in did not work". */
const SIGNIN_REASONS: Record<string, MessageKey> = {
  cancelled: 'signinCancelled',
  not_allowed: 'signinNotAllowed',
  no_department: 'signinNotAllowed',
  loa_too_low: 'signinLoaTooLow',
  account_blocked: 'e_account_blocked',
};

export type NoticeKind = 'success' | 'info' | 'error';
export interface Notice {
  kind: NoticeKind;
  text: string;
}

export interface CivicEventMap {
  'civic-signed-in': CustomEvent<{ user: User }>;
  /** `deleted`: the resident deleted their own account. */
  'civic-signed-out': CustomEvent<{ reason: 'user' | 'expired' | 'elsewhere' | 'deleted' }>;
  'civic-registered': CustomEvent<{ email: string; status: string }>;
  /** Asks a hosting portal to show another view; cancel it to handle navigation yourself. */
  'civic-navigate': CustomEvent<{ view: string; props?: Record<string, unknown> }>;
  /** The SMS code was accepted (civic-phone-verification); `status` of the account, or the updated `user`. */
  'civic-phone-verified': CustomEvent<{ status: string; user?: User }>;
}

/** Why the SMS step is shown: it words its introduction accordingly. */
export type PhoneStepContext = 'register' | 'activation' | 'login' | 'change';

declare global {
  interface GlobalEventHandlersEventMap {
    'civic-signed-in': CivicEventMap['civic-signed-in'];
    'civic-signed-out': CivicEventMap['civic-signed-out'];
    'civic-registered': CivicEventMap['civic-registered'];
    'civic-navigate': CivicEventMap['civic-navigate'];
    'civic-phone-verified': CivicEventMap['civic-phone-verified'];
  }
}

/**
 * Base of every CivicKit element: language, API URL, the page's shared session, the municipality
 * profile, the status live region and the email-link hand-off. Not an element itself.
 */
export class CivicElement extends LitElement {
  /** Base URL of the CivicKit server; defaults to the script's `data-api-url`, then its origin. */
  @property({ attribute: 'api-url' }) apiUrl?: string;

  /** Message shown in the element's live region (role=status). */
  @state() protected notice?: Notice;
  /** Another element shown in place of this one's content (e.g. the new-password form from an email link). */
  @state() protected embedded?: HTMLElement;
  @state() protected profile?: MunicipalityProfile;
  /** The server refuses this page's origin (CORS_ORIGINS): said on screen instead of "no connection". */
  @state() protected originRefused?: OriginRefusal;

  private unwatchLang?: () => void;
  private readonly handleSessionChange = (e: Event) => {
    setAccountLang(this.session.user?.locale);
    this.sessionChanged((e as CustomEvent<SessionChange>).detail);
    this.requestUpdate();
  };
  private boundSession?: Session;
  /** The `apiUrl` value `boundSession` was resolved from. */
  private boundApiUrl?: string;

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && old !== value) this.requestUpdate();
  }

  private cachedT?: Translator;

  /** Translator for the element's current language (resolved once per update). */
  get t(): Translator {
    return (this.cachedT ??= translator(resolveLang(this)));
  }

  /** The page's session for this element's API URL (the bound one while `apiUrl` is unchanged). */
  get session(): Session {
    const s = this.boundSession;
    return s && this.boundApiUrl === this.apiUrl ? s : getSession(resolveApiUrl(this.apiUrl));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.bindSession();
    // a view the portal re-attaches missed session changes while detached (e.g. "signed in as…" after a sign-out)
    this.requestUpdate();
    this.unwatchLang = watchDocumentLang(() => this.requestUpdate());
    void checkOrigin(resolveApiUrl(this.apiUrl)).then((r) => (this.originRefused = r));
    offerEmailAction(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatchLang?.();
    this.boundSession?.removeEventListener('change', this.handleSessionChange);
    this.boundSession = undefined;
  }

  /** Waits for the language's messages rather than flashing another language. */
  protected override shouldUpdate(changed: PropertyValues): boolean {
    const lang = resolveLang(this);
    this.cachedT = undefined;
    if (isLangLoaded(lang)) {
      this.cachedT = translator(lang);
      return super.shouldUpdate(changed);
    }
    void loadLang(lang).then(() => this.requestUpdate());
    return false;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('apiUrl') && this.isConnected) this.bindSession();
  }

  private bindSession(): void {
    const s = getSession(resolveApiUrl(this.apiUrl));
    this.boundApiUrl = this.apiUrl;
    if (s === this.boundSession) return;
    this.boundSession?.removeEventListener('change', this.handleSessionChange);
    s.addEventListener('change', this.handleSessionChange);
    this.boundSession = s;
  }

  /** Called when the page's session changes (any element, or expiry). */
  protected sessionChanged(_change: SessionChange): void {}

  /** Loads the municipality profile into `this.profile` (cached per page). */
  protected async requireProfile(): Promise<MunicipalityProfile | undefined> {
    try {
      this.profile = await loadProfile(this.session.api);
    } catch (err) {
      this.notice = { kind: 'error', text: errorText(this.t, err) };
    }
    return this.profile;
  }

  /** Dispatches a bubbling, composed CustomEvent (crosses shadow roots, e.g. out of the portal). */
  protected emit<K extends keyof CivicEventMap>(name: K, detail: CivicEventMap[K]['detail'], options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, ...options }));
  }

  /** Asks the hosting portal to switch view; returns false when nobody handled it. */
  protected navigate(view: string, props?: Record<string, unknown>): boolean {
    return !this.emit('civic-navigate', { view, props }, { cancelable: true });
  }

  /** Shows another flow (with `props` for its element): the hosting portal's view if there is one, else the element in place. */
  protected goTo(view: string, tag: string, props: Record<string, unknown> = {}): void {
    if (!this.navigate(view, props)) void this.embed(tag, props);
  }

  /** Higher wins the email link when several elements are on the page. */
  emailActionPriority(_action: EmailActionKind): number {
    return 1;
  }

  /** Default handling: each link's flow in place of this element's content (or a notice). */
  handleEmailAction(a: EmailAction): void {
    switch (a.action) {
      case 'activate':
        void this.activate(a.token);
        break;
      case 'reset':
        void this.embed('civic-password-reset', { token: a.token });
        break;
      case 'confirm_email':
        void this.confirmEmail(a.token);
        break;
      case 'track':
        void this.embed('civic-report-tracker', { code: a.code });
        break;
      case 'report':
        void this.reportElementFor().then((tag) => this.embed(tag, { reportId: a.id }));
        break;
      case 'signin':
        void this.finishExternalSignIn(a.code);
        break;
      case 'signin_error':
        this.notice = { kind: 'error', text: this.t(SIGNIN_REASONS[a.reason] ?? 'signinFailed') };
        break;
    }
  }

  /** Back from login.gov.pl or the city's SSO: the code from the URL becomes this page's session. */
  protected async finishExternalSignIn(code: string): Promise<void> {
    this.notice = { kind: 'info', text: this.t('loading') };
    try {
      const user = await this.session.exchangeSigninCode(code);
      this.notice = { kind: 'success', text: this.t('signedInAs', { name: `${user.firstName} ${user.lastName}`.trim() || user.email }) };
      this.emit('civic-signed-in', { user });
    } catch (err) {
      this.notice = { kind: 'error', text: err instanceof ApiError && err.code === 'invalid_token' ? this.t('signinFailed') : errorText(this.t, err) };
    }
  }

  /** Staff open a report from a notification in their console; residents in "Moje zgłoszenia". */
  protected async reportElementFor(): Promise<string> {
    await this.session.ready();
    const role = this.session.user?.role ?? '';
    return role === 'staff' || role === 'admin' ? 'civic-staff-console' : 'civic-my-reports';
  }

  protected async activate(token: string): Promise<string | undefined> {
    this.notice = { kind: 'info', text: this.t('loading') };
    try {
      const res = await this.session.api.request<{ status: string; registrationToken?: string }>('POST', '/auth/activate', { token });
      if (res.status === 'pending_phone' && res.registrationToken) {
        this.notice = undefined; // the SMS step says "email confirmed, now the phone"
        void this.showPhoneStep(res.registrationToken, 'activation');
      } else {
        this.notice = { kind: 'success', text: this.t(res.status === 'pending_phone' ? 'activatedPhone' : 'activated') };
      }
      return res.status;
    } catch (err) {
      this.notice = { kind: 'error', text: errorText(this.t, err) };
      return undefined;
    }
  }

  /** The link sent to a new email address (POST /auth/confirm-email); true when the address changed. */
  protected async confirmEmail(token: string): Promise<boolean> {
    this.notice = { kind: 'info', text: this.t('loading') };
    try {
      const res = await this.session.api.request<{ status: string; email: string }>('POST', '/auth/confirm-email', { token });
      this.notice = { kind: 'success', text: this.t('emailChanged', { email: res.email }) };
      await this.session.ready();
      if (this.session.status === 'signed-in') this.session.setUser(await this.session.authed<User>('GET', '/me'));
      return true;
    } catch (err) {
      const taken = err instanceof ApiError && err.fields.email === 'taken';
      this.notice = { kind: 'error', text: taken ? this.t('emailTaken') : errorText(this.t, err) };
      return false;
    }
  }

  /** A sign-in refused with `pending_phone` (and its registration token): shows the SMS step instead of an error. */
  offerPhoneStep(err: unknown): boolean {
    const token = err instanceof ApiError && err.body.status === 'pending_phone' ? err.body.registrationToken : undefined;
    if (!token) return false;
    void this.showPhoneStep(token, 'login');
    return true;
  }

  /**
   * The one SMS-code step (civic-phone-verification, loaded on first use) in place of this element's
   * content; registration, activation and sign-in all come here.
   */
  async showPhoneStep(registrationToken: string, context: PhoneStepContext, phone = '', cooldown = 0): Promise<void> {
    await this.embed('civic-phone-verification', { registrationToken, context, phone, cooldown });
    this.embedded?.addEventListener('civic-phone-verified', (e) => {
      this.embedded = undefined;
      this.phoneVerified(e.detail.status);
    });
  }

  /** After the SMS code: this element's content again, saying what is left to do. */
  protected phoneVerified(status: string): void {
    this.notice = { kind: 'success', text: this.t(status === 'active' ? 'phoneVerifiedActive' : 'phoneVerifiedCheckEmail') };
  }

  protected async embed(tag: string, props: Record<string, unknown>): Promise<void> {
    if (!(await ensureElement(tag))) return;
    const el = document.createElement(tag);
    Object.assign(el, props);
    el.addEventListener('civic-navigate', (e) => {
      // The embedded flow ended (e.g. "back to log in"): show this element again.
      e.stopPropagation();
      e.preventDefault();
      this.embedded = undefined;
    });
    this.embedded = el;
  }

  /** The embedded element, if any, in place of the normal content; it follows this element's language. */
  protected renderEmbedded(): HTMLElement | typeof nothing {
    const el = this.embedded;
    if (!el) return nothing;
    el.setAttribute('lang', resolveLang(this));
    if (this.apiUrl) el.setAttribute('api-url', this.apiUrl);
    return el;
  }

  /**
   * The gate in front of a signed-in-only view (my reports, the staff and admin consoles): what to show
   * while the session restores, when signed out (with a way to sign in), or when `allowed` is false.
   * Undefined when the view may render. Texts come from the caller's own language bundle.
   */
  protected renderAccessGate(message: string, allowed: boolean, text: { loading: string; signIn: string }): TemplateResult | undefined {
    const status = this.session.status;
    if (status === 'restoring') return html`${this.renderNotice()}<p>${text.loading}</p>`;
    if (status !== 'signed-in') {
      return html`${this.renderNotice()}<p>${message}</p>
        <button type="button" class="button" part="button" @click=${() => this.goTo('login', 'civic-login')}>${text.signIn}</button>`;
    }
    return allowed ? undefined : html`${this.renderNotice()}<p>${message}</p>`;
  }

  /** Always present so screen readers announce changes; errors are assertive. */
  protected renderNotice(): TemplateResult {
    // said once, by the outermost element (a portal's views would repeat it)
    const root = this.getRootNode();
    const refused = root instanceof ShadowRoot && root.host instanceof CivicElement ? undefined : this.originRefused;
    // the one message that matters then: who must do what (the other calls can only fail)
    const n: Notice | undefined = refused
      ? { kind: 'error', text: this.t('e_origin_not_allowed', { origin: refused.origin, server: refused.server }) }
      : this.notice;
    return html`<div part="status" class="status" role="status" aria-live="polite">
      ${n && n.kind !== 'error' ? html`<p class="notice notice--${n.kind}">${n.text}</p>` : nothing}
    </div>
    <div class="status" role="alert">${n?.kind === 'error' ? html`<p class="notice notice--error">${n.text}</p>` : nothing}</div>`;
  }
}
