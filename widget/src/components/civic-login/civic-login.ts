import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CivicElement, type Notice } from '../../core/civic-element.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { errorText, resolveLang } from '../../core/i18n.js';
import type { SessionChange, User } from '../../core/session.js';
import { baseStyles } from '../../core/styles.js';
import type { IdentityProvider, providerStartUrl } from '../../core/providers.js';
import { styles } from './civic-login.styles.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController } from '../../core/email-link.js';
import { localText } from '../../core/profile.js';
import '../../i18n/pl/login.js';
import type { PasskeyOffer } from './passkey-offer.js';
import { sessionEndText } from '../../i18n/session-end/index.js';

/**
 * @tagname civic-login
 * @summary Resident sign-in: the profile's sign-in providers ("Zaloguj się przez login.gov.pl", the
 * city's staff SSO), email and password, "forgot password" and "register" links, and "Sign in with a
 * passkey" where the browser can use passkeys on this page (also offered in the email field's autofill
 * where the browser supports conditional mediation); once signed in, who is signed in and a log-out
 * button. Completes the return from a provider (`civic_action=signin&code=…` / `signin_error&reason=…`).
 * The WebAuthn code loads only when a passkey is used or offered.
 *
 * @event civic-signed-in - `{ user }` after a successful log-in. Bubbles, composed.
 * @event civic-signed-out - `{ reason: 'user' }` after the log-out button. Bubbles, composed.
 * @event civic-navigate - `{ view: 'register' | 'password-reset' }`, cancelable; a hosting portal
 *   cancels it and shows that view, otherwise the element shows the flow in place.
 *
 * @csspart provider-button - Each "Sign in with …" link (login.gov.pl, the city's SSO).
 * @csspart form - The form.
 * @csspart field - Each field wrapper.
 * @csspart label - Each label.
 * @csspart input - Each input.
 * @csspart button - The primary button.
 * @csspart passkey-button - "Sign in with a passkey".
 * @csspart toggle - The password show/hide button.
 * @csspart error-summary - The error summary shown after a failed submission.
 * @csspart status - The live region for status messages.
 *
 * @cssproperty --civic-color-primary - Buttons and accents (default #0b5cab).
 * @cssproperty --civic-color-text - Text colour.
 * @cssproperty --civic-color-error - Errors (default #b00020).
 * @cssproperty --civic-radius - Corner radius of inputs and buttons.
 * @cssproperty --civic-spacing - Base spacing unit.
 * @cssproperty --civic-font-family - Font; inherited from the page by default.
 *
 * @slot heading - Replaces the default "Logowanie" heading.
 */
export class CivicLogin extends CivicElement {
  static override styles = [baseStyles, styles];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows, {
    priority: (action) => {
      if (action === 'signin' || action === 'signin_error') return 3;
      return action === 'activate' ? 2 : 1;
    },
  });

  /**
   * Where an activation begun here leads back to: a registration started from this sign-in carries it
   * (the city's OpenID Provider sets its application's sign-in; API.md §8).
   */
  @property({ attribute: 'return-to' }) returnTo?: string;
  @state() private lastEmail = '';
  /**
   * @internal What this browser can do with passkeys on this page: nothing, a button, or the button and the
   * email field's autofill (set by the passkey offer, ./passkey-offer.ts).
   */
  @state() passkeys: 'none' | 'button' | 'autofill' = 'none';
  /** The passkey offer and the providers' sign-in links load after the first screen (issue 20). */
  private offer?: PasskeyOffer;
  @state() private providers: IdentityProvider[] = [];
  private providerStartUrl?: typeof providerStartUrl;

  private readonly fields = (): FieldDef[] => [
    {
      name: 'email',
      label: 'email',
      type: 'email',
      required: true,
      value: this.lastEmail,
      autocomplete: this.passkeys === 'autofill' ? 'username webauthn' : 'email',
    },
    { name: 'password', label: 'password', type: 'password', autocomplete: 'current-password', required: true },
  ];

  private readonly form = new FormController(this, 'login', this.fields, (v) => this.submit(v));

  private async submit(values: FormValues): Promise<void> {
    this.notice = undefined;
    this.lastEmail = String(values.email);
    this.signedIn(await this.session.login(String(values.email), String(values.password)));
  }

  private signedInNotice?: Notice;

  /** @internal */
  signedIn(user: User): void {
    this.form.reset();
    this.notice = this.signedInNotice = { kind: 'success', text: this.t('signedInAs', { name: `${user.firstName} ${user.lastName}`.trim() || user.email }) };
    this.emit('civic-signed-in', { user });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // re-attached by the portal after a sign-out elsewhere: "signed in as…" no longer holds
    if (this.session.status !== 'signed-in' && this.notice && this.notice === this.signedInNotice) this.notice = undefined;
    void this.detectPasskeys();
    void import('../../core/providers.js')
      .then(async (m) => {
        this.providerStartUrl = m.providerStartUrl;
        this.providers = await m.loadProviders(this.session.api);
      })
      .catch(() => undefined); // no chunk, no provider buttons: as when the provider list cannot be fetched
    void this.requireProfile();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offer?.stop();
  }

  protected override sessionChanged(change: SessionChange): void {
    if (change.status === 'signed-out') void this.updateComplete.then(() => this.offer?.start());
    else if (change.status === 'signed-in') this.offer?.stop();
    // the server ended the session (password changed elsewhere, role changed, blocked): say why, as the
    // portal does; inside another element (the portal's login view) that element says it
    const root = this.getRootNode();
    const hosted = root instanceof ShadowRoot && root.host instanceof CivicElement;
    if (change.status === 'signed-out' && change.reason === 'expired' && !hosted) {
      void sessionEndText(resolveLang(this), change.ended).then((text) => (this.notice = { kind: 'info', text: text ?? this.t('signedOut') }));
    }
  }

  /** The passkey offer loads after the first screen (its own chunk, with the passkey helpers): the form never waits for it. */
  private async detectPasskeys(): Promise<void> {
    const { PasskeyOffer } = await import('./passkey-offer.js');
    this.offer ??= new PasskeyOffer(this);
    await this.offer.detect();
  }

  private readonly handlePasskey = (): void => void this.offer?.press();

  private async handleResend(): Promise<void> {
    try {
      await this.session.api.request('POST', '/auth/resend-activation', { email: this.lastEmail });
      this.form.reset();
      this.notice = { kind: 'success', text: this.t('activationResent') };
    } catch (err) {
      this.notice = { kind: 'error', text: errorText(this.t, err) };
    }
  }

  private async handleLogout(): Promise<void> {
    await this.session.logout();
    this.notice = { kind: 'info', text: this.t('signedOut') };
    this.emit('civic-signed-out', { reason: 'user' });
  }

  // One listener each for the element's life, not a new closure per render.
  private readonly handleForgot = (): void => this.embed.goTo('password-reset', 'civic-password-reset');
  private readonly handleRegister = (): void => this.embed.goTo('register', 'civic-register', this.returnTo ? { returnTo: this.returnTo } : {});

  private renderProviders(list: IdentityProvider[]) {
    const t = this.t;
    return html`<ul class="providers">
      ${list.map(
        (p) => html`<li>
          <a class="button provider provider--${p.type}" part="provider-button" href=${this.providerStartUrl?.(this.session.api, p.id) ?? nothing}>
            ${t('signInWith', { provider: localText(p.label, t.lang) ?? '' })}
          </a>
        </li>`,
      )}
    </ul>`;
  }

  override render() {
    const t = this.t;
    if (this.embed.active) return this.embed.render();
    const s = this.session;
    if (s.status === 'signed-in' && s.user) {
      return html`${this.renderNotice()}
        <p>${t('signedInAs', { name: `${s.user.firstName} ${s.user.lastName}`.trim() || s.user.email })}</p>
        <button type="button" class="button button--secondary" part="button" @click=${this.handleLogout}>${t('logout')}</button>`;
    }
    const notActive = this.form.formErrorCode === 'account_not_active';
    const forResidents = this.providers.filter((p) => p.purpose !== 'staff');
    const forStaff = this.providers.filter((p) => p.purpose === 'staff');
    const noRegistration = this.profile?.registration.requireVerifiedIdentity === true;
    return html`<section aria-labelledby="login-title">
      <slot name="heading"><h2 id="login-title">${t('loginTitle')}</h2></slot>
      ${this.renderNotice()}
      ${forResidents.length ? html`${this.renderProviders(forResidents)}<p class="or">${t('orPassword')}</p>` : nothing}
      ${this.form.render('login', {
        before: html`<p class="forgot">
            <button type="button" class="link-button" @click=${this.handleForgot}>
              ${t('forgot')}
            </button>
          </p>
          ${
            notActive
              ? html`<p><button type="button" class="button button--secondary" @click=${this.handleResend}>${t('resendActivation')}</button></p>`
              : nothing
          }`,
        after: noRegistration
          ? undefined
          : html`<button type="button" class="button button--secondary" part="register-button"
          @click=${this.handleRegister}>${t('register')}</button>`,
      })}
      ${
        this.passkeys === 'none'
          ? nothing
          : html`<p class="passkey"><button type="button" class="button button--secondary" part="passkey-button"
            @click=${this.handlePasskey}>${t('passkeySignIn')}</button></p>`
      }
      ${
        forStaff.length
          ? html`<section class="staff-providers" aria-labelledby="staff-signin-title">
            <h3 id="staff-signin-title">${t('staffSignIn')}</h3>
            ${this.renderProviders(forStaff)}
          </section>`
          : nothing
      }
    </section>`;
  }
}

defineElement('civic-login', CivicLogin);

declare global {
  interface HTMLElementTagNameMap {
    'civic-login': CivicLogin;
  }
}
