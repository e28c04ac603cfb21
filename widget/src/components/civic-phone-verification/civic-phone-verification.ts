import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError } from '../../core/api.js';
import { CivicElement } from '../../core/civic-element.js';
import type { PhoneStepContext } from '../../core/account-flows.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { errorText } from '../../core/i18n.js';
import { defineElement } from '../../core/registry.js';
import type { User } from '../../core/session.js';
import { baseStyles } from '../../core/styles.js';
import { styles } from './civic-phone-verification.styles.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController } from '../../core/email-link.js';
import '../../i18n/pl/phone-verification.js';
import type { components } from '../../core/api-types.js';

/** The server's wait between two codes (verification.ts RESEND_COOLDOWN_MS); a 429 says the exact rest. */
const RESEND_COOLDOWN_S = 60;

/**
 * @tagname civic-phone-verification
 * @summary The SMS-code step of profiles that verify mobile phones (Kraków): one code field, "send the
 * code again" with a visible countdown, and plain messages for wrong or expired codes. The one place
 * this step lives: civic-register shows it after registering, any element after an activation link
 * or a sign-in that answers `pending_phone`, and civic-account for a changed number (`context="change"`).
 *
 * @event civic-phone-verified - `{ status, user? }` once the code was accepted: the account's status
 *   (`active`, or `pending_activation` while the email link is still to be clicked); with `context="change"`
 *   also the updated `user`. Bubbles, composed.
 * @event civic-navigate - `{ view: 'login' }`, cancelable, from "back to log in".
 *
 * @csspart form - The code form.
 * @csspart field - The field wrapper.
 * @csspart label - The label.
 * @csspart input - The code input.
 * @csspart button - The confirm button.
 * @csspart resend - The "send the code again" button.
 * @csspart error-summary - The error summary shown after a failed submission.
 * @csspart status - The live region for status messages.
 *
 * @cssproperty --civic-color-primary - Buttons and accents.
 * @cssproperty --civic-color-error - Errors.
 * @cssproperty --civic-spacing - Base spacing unit.
 */
export class CivicPhoneVerification extends CivicElement {
  static override styles = [baseStyles, styles];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  /** Links from emails are for the elements around this step. */
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows, { priority: () => 0 });

  /** From POST /auth/register, /auth/activate or a `pending_phone` sign-in answer (not needed with `context="change"`). */
  @property({ attribute: 'registration-token' }) registrationToken = '';
  /** Why the step is shown; `change` verifies the signed-in resident's new number (POST /me/phone/verify). */
  @property() context: PhoneStepContext = 'register';
  /** The number the code went to, shown in the introduction. */
  @property() phone = '';
  /** Seconds until a new code may be asked for (a code was just sent). */
  @property({ type: Number }) cooldown = 0;
  /** `context="change"`: the cooldown kept the code back, nothing was sent yet (say so, not "we sent a code"). */
  @property({ type: Boolean }) notSent = false;

  @state() private remaining = 0;
  private timer?: ReturnType<typeof setInterval>;

  private readonly fields = (): FieldDef[] => [
    {
      name: 'code',
      label: 'code',
      autocomplete: 'one-time-code',
      inputmode: 'numeric',
      required: true,
      pattern: /^\d{6}$/,
      hint: this.t('codeHint'),
      messages: { invalid: 'codeInvalid' },
    },
  ];

  private readonly form = new FormController(this, 'sms', this.fields, (v) => this.verify(v));

  override connectedCallback(): void {
    super.connectedCallback();
    this.countDown(this.cooldown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  protected override firstUpdated(): void {
    // a new step: keyboard and screen reader users start at its heading
    this.renderRoot.querySelector<HTMLElement>('#sms-title')?.focus();
  }

  private get change(): boolean {
    return this.context === 'change';
  }

  private countDown(seconds: number): void {
    clearInterval(this.timer);
    this.remaining = Math.max(0, Math.ceil(seconds));
    if (!this.remaining) return;
    this.timer = setInterval(() => {
      if (--this.remaining <= 0) clearInterval(this.timer);
    }, 1000);
  }

  /** `invalid_token` means an expired, used or five-times-wrong code here, not a link. */
  private codeError(err: unknown): unknown {
    return err instanceof ApiError && err.code === 'invalid_token' ? new ApiError(400, { code: 'code_expired' }) : err;
  }

  private async verify(v: FormValues): Promise<void> {
    this.notice = undefined;
    const code = String(v.code);
    try {
      if (this.change) {
        const user = await this.session.authed<User>('POST', '/me/phone/verify', { code });
        this.session.setUser(user);
        this.emit('civic-phone-verified', { status: user.status, user });
      } else {
        const res = await this.session.api.request<components['schemas']['AccountStatus']>('POST', '/auth/verify-phone', {
          registrationToken: this.registrationToken,
          code,
        });
        this.emit('civic-phone-verified', { status: res.status, returnTo: res.returnTo, returnToName: res.returnToName });
      }
    } catch (err) {
      throw this.codeError(err);
    }
  }

  private readonly handleResend = async (): Promise<void> => {
    if (this.remaining > 0) return;
    try {
      if (this.change) await this.session.authed('POST', '/me/phone/resend');
      else await this.session.api.request('POST', '/auth/resend-phone-code', { registrationToken: this.registrationToken });
      this.form.reset();
      this.notice = { kind: 'success', text: this.t('codeResent') };
      this.countDown(RESEND_COOLDOWN_S);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'too_many_attempts') this.countDown(err.retryAfter ?? RESEND_COOLDOWN_S);
      const expired = err instanceof ApiError && err.code === 'invalid_token';
      this.notice = { kind: 'error', text: expired ? this.t('e_registration_expired') : errorText(this.t, err) };
    }
  };

  private readonly handleBack = (): void => {
    this.navigate('login');
  };

  private intro(): string {
    const t = this.t;
    switch (this.context) {
      case 'change':
        return this.notSent ? t('phoneChangeNotSent', { phone: this.phone }) : t('phoneChangeIntro', { phone: this.phone });
      case 'register':
        return this.phone ? t('phoneStepIntro', { phone: this.phone }) : t('phoneStepIntroLogin');
      case 'activation':
        return t('activatedPhone');
      default:
        return t('phoneStepIntroLogin');
    }
  }

  override render() {
    const t = this.t;
    const title = this.change ? t('phoneChangeTitle') : t('phoneStepTitle');
    const waiting = this.remaining > 0;
    return html`<section aria-labelledby="sms-title">
      ${this.change ? html`<h3 id="sms-title" tabindex="-1">${title}</h3>` : html`<h2 id="sms-title" tabindex="-1">${title}</h2>`}
      ${this.renderNotice()}
      <p>${this.intro()}</p>
      ${this.form.render('verifyPhone', {
        after: html`<button type="button" class="button button--secondary" part="resend" aria-disabled=${waiting ? 'true' : 'false'}
          aria-describedby="sms-countdown" @click=${this.handleResend}>${t('resendCode')}</button>`,
      })}
      <p id="sms-countdown" class="hint countdown">${waiting ? t('resendIn', { seconds: this.remaining }) : nothing}</p>
      ${
        this.context === 'login' || this.context === 'activation'
          ? html`<p><button type="button" class="link-button" @click=${this.handleBack}>${t('backToLogin')}</button></p>`
          : nothing
      }
    </section>`;
  }
}

defineElement('civic-phone-verification', CivicPhoneVerification);

declare global {
  interface HTMLElementTagNameMap {
    'civic-phone-verification': CivicPhoneVerification;
  }
}
