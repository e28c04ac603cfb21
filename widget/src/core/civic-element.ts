import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { resolveApiUrl } from './config.js';
import { errorText, isLangLoaded, loadLang, resolveLang, setAccountLang, translator, watchDocumentLang, type Translator } from './i18n.js';
import { offerReauth } from './reauth.js';
import { getSession, type Session, type SessionChange, type User } from './session.js';
import { loadProfile, type MunicipalityProfile } from './profile.js';
import { checkOrigin, type OriginRefusal } from './origin-check.js';

export type NoticeKind = 'success' | 'info' | 'error';
export interface Notice {
  kind: NoticeKind;
  text: string;
  /** A next step after the text (e.g. back to the application where a registration began). */
  link?: { href: string; text: string };
}

export interface CivicEventMap {
  'civic-signed-in': CustomEvent<{ user: User }>;
  /** `deleted`: the resident deleted their own account. */
  'civic-signed-out': CustomEvent<{ reason: 'user' | 'expired' | 'elsewhere' | 'deleted' }>;
  'civic-registered': CustomEvent<{ email: string; status: string }>;
  /** Asks a hosting portal to show another view; cancel it to handle navigation yourself. */
  'civic-navigate': CustomEvent<{ view: string; props?: Record<string, unknown> }>;
  /** The SMS code was accepted (civic-phone-verification); `status` of the account, or the updated `user`. */
  'civic-phone-verified': CustomEvent<{ status: string; user?: User; returnTo?: string; returnToName?: Record<string, string> }>;
}

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
 * Base of every CivicKit element: language, API URL, the page's shared session (and the municipality
 * profile that goes with its server) and the status live region. Not an element itself. What only
 * some elements do comes as controllers they hold: another flow in place of their content
 * (embed.ts), the account steps (account-flows.ts), the email-link hand-off (email-link.ts).
 */
export class CivicElement extends LitElement {
  /** Base URL of the CivicKit server; defaults to the script's `data-api-url`, then its origin. */
  @property({ attribute: 'api-url' }) apiUrl?: string;

  /** @internal Message shown in the element's live region (role=status); its controllers say things there too. */
  @state() notice?: Notice;
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
    // a sensitive change answered `reauthentication_required` asks "confirm it's you" in place (core/reauth.ts)
    offerReauth(this.session, this);
    // a view the portal re-attaches missed session changes while detached (e.g. "signed in as…" after a sign-out)
    this.requestUpdate();
    this.unwatchLang = watchDocumentLang(() => this.requestUpdate());
    void checkOrigin(resolveApiUrl(this.apiUrl)).then((r) => (this.originRefused = r));
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

  /** @internal Dispatches a bubbling, composed CustomEvent (crosses shadow roots, e.g. out of the portal). */
  emit<K extends keyof CivicEventMap>(name: K, detail: CivicEventMap[K]['detail'], options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, ...options }));
  }

  /** @internal Asks the hosting portal to switch view; returns false when nobody handled it. */
  navigate(view: string, props?: Record<string, unknown>): boolean {
    return !this.emit('civic-navigate', { view, props }, { cancelable: true });
  }

  /**
   * The gate in front of a signed-in-only view (my reports, the staff and admin consoles): what to show
   * while the session restores, when signed out (with a way to sign in), or when `allowed` is false.
   * Undefined when the view may render. Texts come from the caller's own language bundle; `signIn`
   * opens the sign-in (the portal's view, or civic-login in place: the caller's EmbedController.goTo).
   */
  protected renderAccessGate(message: string, allowed: boolean, text: { loading: string; signIn: string }, signIn: () => void): TemplateResult | undefined {
    const status = this.session.status;
    if (status === 'restoring') return html`${this.renderNotice()}<p>${text.loading}</p>`;
    if (status !== 'signed-in') {
      return html`${this.renderNotice()}<p>${message}</p>
        <button type="button" class="button" part="button" @click=${signIn}>${text.signIn}</button>`;
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
      ${
        n && n.kind !== 'error'
          ? html`<p class="notice notice--${n.kind}">${n.text}${n.link ? html` <a part="notice-link" href=${n.link.href}>${n.link.text}</a>` : nothing}</p>`
          : nothing
      }
    </div>
    <div class="status" role="alert">${n?.kind === 'error' ? html`<p class="notice notice--error">${n.text}</p>` : nothing}</div>`;
  }
}
