import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CivicElement } from '../../core/civic-element.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { baseStyles } from '../../core/styles.js';
import { styles } from './civic-password-reset.styles.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController, type EmailAction } from '../../core/email-link.js';
import '../../i18n/pl/password-reset.js';

/**
 * @tagname civic-password-reset
 * @summary Password reset: asks for the email address and sends a link ("Resetowanie hasła");
 * opened from that link (`?civic_action=reset&token=…`, or the `token` property) it sets a new password.
 *
 * @event civic-navigate - `{ view: 'login' }`, cancelable, from "Back to log in" after the flow.
 *
 * @csspart form - The form.
 * @csspart field - Each field wrapper.
 * @csspart label - Each label.
 * @csspart input - Each input.
 * @csspart button - The primary button.
 * @csspart toggle - The password show/hide buttons.
 * @csspart error-summary - The error summary shown after a failed submission.
 * @csspart status - The live region for status messages.
 *
 * @cssproperty --civic-color-primary - Buttons and accents.
 * @cssproperty --civic-color-error - Errors.
 * @cssproperty --civic-radius - Corner radius.
 * @cssproperty --civic-spacing - Base spacing unit.
 * @cssproperty --civic-font-family - Font; inherited from the page by default.
 *
 * @slot heading - Replaces the default heading.
 */
export class CivicPasswordReset extends CivicElement {
  static override styles = [baseStyles, styles];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows, {
    priority: (action) => (action === 'reset' ? 4 : 1),
    handle: (a) => this.handleEmailAction(a),
  });

  /** Token from the emailed link; when set, the element shows the new-password form. */
  @property({ attribute: false }) token = '';

  @state() private done = false;
  /** The account the link was mailed to, for the hidden username field (password managers save the new password for it). */
  @state() private account = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.requireProfile();
  }

  private readonly requestForm = new FormController(
    this,
    'reset-request',
    (): FieldDef[] => [{ name: 'email', label: 'resetEmail', type: 'email', autocomplete: 'email', required: true }],
    async (v: FormValues) => {
      await this.session.api.request('POST', '/auth/password-reset/request', { email: v.email });
      this.notice = { kind: 'success', text: this.t('resetSent', { email: String(v.email) }) };
      this.done = true;
    },
  );

  private readonly confirmForm = new FormController(
    this,
    'reset-confirm',
    (): FieldDef[] => {
      const pw = this.profile?.password ?? { minLength: 12, maxLength: 128 };
      return [
        {
          name: 'password',
          label: 'newPassword',
          type: 'password',
          autocomplete: 'new-password',
          required: true,
          minLength: pw.minLength,
          maxLength: pw.maxLength,
          hint: this.t('passwordHint', { min: pw.minLength }),
        },
        { name: 'passwordConfirm', label: 'passwordConfirm', type: 'password', autocomplete: 'new-password', required: true, matches: 'password' },
      ];
    },
    async (v: FormValues) => {
      await this.session.api.request('POST', '/auth/password-reset/confirm', {
        token: this.token,
        password: v.password,
        passwordConfirm: v.passwordConfirm,
      });
      // Every refresh token of the account was revoked; a session on this page is no longer valid.
      if (this.session.status === 'signed-in') this.session.clear('expired');
      this.notice = { kind: 'success', text: this.t('passwordResetDone') };
      this.done = true;
    },
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('token') && changed.get('token') !== undefined) {
      // A new link (or "start over"): a fresh form.
      this.done = false;
      this.notice = undefined;
      this.confirmForm.reset();
    }
    if (changed.has('token')) {
      this.account = '';
      if (this.token) void this.lookUpAccount(this.token);
    }
  }

  /**
   * The address of the link's account (only a live link has one). Without it the form still works, just
   * without the username, so any failure here is silent: the submission says what is wrong with the link.
   */
  private async lookUpAccount(token: string): Promise<void> {
    try {
      const { email } = await this.session.api.request<{ email: string }>('POST', '/auth/password-reset/account', { token });
      if (this.token === token) this.account = email;
    } catch {
      // a dead link, the per-client limit or the network: no username
    }
  }

  /** @internal The email link this element was chosen for; what it leaves goes to the default handling. */
  handleEmailAction(a: EmailAction): void {
    if (a.action === 'reset') this.token = a.token;
    else void this.emailLink.handleDefault(a);
  }

  private readonly handleStartOver = (): void => {
    this.token = '';
  };

  override render() {
    const t = this.t;
    if (this.embed.active) return this.embed.render();
    const confirming = !!this.token;
    const invalid = this.confirmForm.formErrorCode === 'invalid_token';
    return html`<section aria-labelledby="reset-title">
      <slot name="heading"><h2 id="reset-title">${t(confirming ? 'newPasswordTitle' : 'resetTitle')}</h2></slot>
      ${this.renderNotice()}
      ${
        this.done
          ? nothing
          : confirming
            ? this.confirmForm.render('setPassword', {
                // Chromium's "Password Form Styles": the username in the same form, hidden, before the new password
                start: this.account ? html`<input type="email" name="username" autocomplete="username" .value=${this.account} readonly hidden />` : undefined,
                before: invalid
                  ? html`<p><button type="button" class="link-button" @click=${this.handleStartOver}>${t('resetButton')}</button></p>`
                  : undefined,
              })
            : html`<p>${t('resetIntro')}</p>${this.requestForm.render('resetButton')}`
      }
      <p class="back">
        <button type="button" class="link-button" @click=${() => this.embed.goTo('login', 'civic-login')}>${t('backToLogin')}</button>
      </p>
    </section>`;
  }
}

defineElement('civic-password-reset', CivicPasswordReset);

declare global {
  interface HTMLElementTagNameMap {
    'civic-password-reset': CivicPasswordReset;
  }
}
