import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { resolveApiUrl } from './config.js';
import { errorText, isLangLoaded, loadLang, resolveLang, translator, watchDocumentLang, type Translator } from './i18n.js';
import { getSession, type Session, type SessionChange, type User } from './session.js';
import { offerEmailAction, type EmailAction, type EmailActionKind } from './email-link.js';
import { ensureElement } from './registry.js';
import { loadProfile, type MunicipalityProfile } from './profile.js';

export type NoticeKind = 'success' | 'info' | 'error';
export interface Notice {
  kind: NoticeKind;
  text: string;
}

export interface CivicEventMap {
  'civic-signed-in': CustomEvent<{ user: User }>;
  'civic-signed-out': CustomEvent<{ reason: 'user' | 'expired' | 'elsewhere' }>;
  'civic-registered': CustomEvent<{ email: string; status: string }>;
  /** Asks a hosting portal to show another view; cancel it to handle navigation yourself. */
  'civic-navigate': CustomEvent<{ view: string }>;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'civic-signed-in': CivicEventMap['civic-signed-in'];
    'civic-signed-out': CivicEventMap['civic-signed-out'];
    'civic-registered': CivicEventMap['civic-registered'];
    'civic-navigate': CivicEventMap['civic-navigate'];
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

  private unwatchLang?: () => void;
  private readonly handleSessionChange = (e: Event) => {
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
    this.unwatchLang = watchDocumentLang(() => this.requestUpdate());
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
  protected emit<K extends keyof CivicEventMap>(
    name: K,
    detail: CivicEventMap[K]['detail'],
    options: { cancelable?: boolean } = {},
  ): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, ...options }));
  }

  /** Asks the hosting portal to switch view; returns false when nobody handled it. */
  protected navigate(view: string): boolean {
    return !this.emit('civic-navigate', { view }, { cancelable: true });
  }

  /** Shows another flow: the hosting portal's view if there is one, else the element in place. */
  protected goTo(view: string, tag: string): void {
    if (!this.navigate(view)) void this.embed(tag, {});
  }

  /** Higher wins the email link when several elements are on the page. */
  emailActionPriority(_action: EmailActionKind): number {
    return 1;
  }

  /** Default handling: activate in place and say so; show the new-password form in place. */
  handleEmailAction({ action, token }: EmailAction): void {
    if (action === 'activate') void this.activate(token);
    else void this.embed('civic-password-reset', { token });
  }

  protected async activate(token: string): Promise<string | undefined> {
    this.notice = { kind: 'info', text: this.t('loading') };
    try {
      const res = await this.session.api.request<{ status: string }>('POST', '/auth/activate', { token });
      this.notice = { kind: 'success', text: this.t(res.status === 'pending_phone' ? 'activatedPhone' : 'activated') };
      return res.status;
    } catch (err) {
      this.notice = { kind: 'error', text: errorText(this.t, err) };
      return undefined;
    }
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

  /** Always present so screen readers announce changes; errors are assertive. */
  protected renderNotice(): TemplateResult {
    const n = this.notice;
    return html`<div part="status" class="status" role="status" aria-live="polite">
      ${n && n.kind !== 'error' ? html`<p class="notice notice--${n.kind}">${n.text}</p>` : nothing}
    </div>
    <div class="status" role="alert">${n?.kind === 'error' ? html`<p class="notice notice--error">${n.text}</p>` : nothing}</div>`;
  }
}
