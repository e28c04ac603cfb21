import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { CivicElement } from '../../core/civic-element.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { errorText } from '../../core/i18n.js';
import type { EmailActionKind } from '../../core/email-link.js';
import { baseStyles } from '../../core/styles.js';
import { loadProviders, providerStartUrl, type IdentityProvider } from '../../core/providers.js';
import { styles } from './civic-login.styles.js';

/**
 * @tagname civic-login
 * @summary Resident sign-in: the profile's sign-in providers ("Zaloguj się przez login.gov.pl", the
 * city's staff SSO), email and password, "forgot password" and "register" links; once signed in, who
 * is signed in and a log-out button. Completes the return from a provider
 * (`civic_action=signin&code=…` / `signin_error&reason=…`).
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

  @state() private lastEmail = '';
  @state() private providers: IdentityProvider[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void loadProviders(this.session.api).then((list) => (this.providers = list));
    void this.requireProfile();
  }

  private readonly fields = (): FieldDef[] => [
    { name: 'email', label: 'email', type: 'email', autocomplete: 'email', required: true, value: this.lastEmail },
    { name: 'password', label: 'password', type: 'password', autocomplete: 'current-password', required: true },
  ];

  private readonly form = new FormController(this, 'login', this.fields, (v) => this.submit(v));

  private async submit(values: FormValues): Promise<void> {
    this.notice = undefined;
    this.lastEmail = String(values.email);
    const user = await this.session.login(String(values.email), String(values.password));
    this.form.reset();
    this.notice = { kind: 'success', text: this.t('signedInAs', { name: `${user.firstName} ${user.lastName}`.trim() || user.email }) };
    this.emit('civic-signed-in', { user });
  }

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
  private readonly handleForgot = (): void => this.goTo('password-reset', 'civic-password-reset');
  private readonly handleRegister = (): void => this.goTo('register', 'civic-register');

  override emailActionPriority(action: EmailActionKind): number {
    if (action === 'signin' || action === 'signin_error') return 3;
    return action === 'activate' ? 2 : 1;
  }

  private renderProviders(list: IdentityProvider[]) {
    const t = this.t;
    return html`<ul class="providers">
      ${list.map(
        (p) => html`<li>
          <a class="button provider provider--${p.type}" part="provider-button" href=${providerStartUrl(this.session.api, p.id)}>
            ${t('signInWith', { provider: p.label[t.lang] ?? p.label.pl })}
          </a>
        </li>`,
      )}
    </ul>`;
  }

  override render() {
    const t = this.t;
    if (this.embedded) return this.renderEmbedded();
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
          ${notActive
            ? html`<p><button type="button" class="button button--secondary" @click=${this.handleResend}>${t('resendActivation')}</button></p>`
            : nothing}`,
        after: noRegistration
          ? undefined
          : html`<button type="button" class="button button--secondary" part="register-button"
          @click=${this.handleRegister}>${t('register')}</button>`,
      })}
      ${forStaff.length
        ? html`<section class="staff-providers" aria-labelledby="staff-signin-title">
            <h3 id="staff-signin-title">${t('staffSignIn')}</h3>
            ${this.renderProviders(forStaff)}
          </section>`
        : nothing}
    </section>`;
  }
}

defineElement('civic-login', CivicLogin);

declare global {
  interface HTMLElementTagNameMap {
    'civic-login': CivicLogin;
  }
}
