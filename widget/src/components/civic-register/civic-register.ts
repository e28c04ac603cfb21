import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CivicElement, type CivicEventMap } from '../../core/civic-element.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { localText, serverLocale, type FieldRule } from '../../core/profile.js';
import { baseStyles } from '../../core/styles.js';
import { styles } from './civic-register.styles.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController } from '../../core/email-link.js';
import '../../i18n/pl/register.js';
import type { components } from '../../core/api-types.js';

/**
 * @tagname civic-register
 * @summary Resident registration. The fields come from the municipality profile (GET /profile):
 * profile fields such as district and PESEL appear when the profile shows them; where the profile
 * requires it, the SMS-code step (civic-phone-verification, loaded then) follows. Ends with
 * "Potwierdzenie rejestracji".
 *
 * @event civic-registered - `{ email, status }` once the server accepted the registration. Bubbles, composed.
 * @event civic-navigate - `{ view: 'login' }`, cancelable, from "Already have an account?".
 *
 * @csspart form - The form.
 * @csspart field - Each field wrapper.
 * @csspart label - Each label.
 * @csspart input - Each input and select.
 * @csspart button - The primary button.
 * @csspart toggle - The password show/hide buttons.
 * @csspart error-summary - The error summary shown after a failed submission.
 * @csspart status - The live region for status messages.
 * @csspart confirmation - The confirmation shown after registering.
 *
 * @cssproperty --civic-color-primary - Buttons and accents.
 * @cssproperty --civic-color-error - Errors.
 * @cssproperty --civic-radius - Corner radius.
 * @cssproperty --civic-spacing - Base spacing unit.
 * @cssproperty --civic-font-family - Font; inherited from the page by default.
 *
 * @slot heading - Replaces the default "Rejestracja" heading.
 */
export class CivicRegister extends CivicElement {
  static override styles = [baseStyles, styles];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed, (status, detail) => this.phoneVerified(status, detail));
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows);

  /**
   * Where the activation leads back to (sent with the registration): the city's OpenID Provider sets
   * its application's sign-in here, and the activation page then offers the way back to it.
   */
  @property({ attribute: 'return-to' }) returnTo?: string;
  /** Once active (the email link was clicked before the SMS code): the way back, from the server. */
  private back?: { href: string; name?: string };

  @state() private step: 'form' | 'done' = 'form';
  /** The account's status once registered (`active` when the email link was clicked before the SMS code). */
  private status = 'pending_activation';
  private email = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.requireProfile();
  }

  private rule(name: 'district' | 'pesel'): FieldRule {
    return this.profile?.registration.fields[name] ?? 'hidden';
  }

  /** The fields the municipality's profile adds (district, PESEL), as it asks for them. */
  private profileFields(): FieldDef[] {
    const t = this.t;
    const p = this.profile;
    const list: FieldDef[] = [];
    const district = this.rule('district');
    if (district !== 'hidden' && p) {
      list.push({
        name: 'district',
        label: 'district',
        type: 'select',
        required: district === 'required',
        options: [{ value: '', label: t('chooseDistrict') }, ...p.districts.map((d) => ({ value: d.id, label: localText(d.name, t.lang) ?? d.id }))],
      });
    }
    const pesel = this.rule('pesel');
    if (pesel !== 'hidden') {
      list.push({
        name: 'pesel',
        label: 'pesel',
        inputmode: 'numeric',
        autocomplete: 'off',
        required: pesel === 'required',
        pattern: /^\d{11}$/,
        hint: t('peselHint'),
        // the FAQ's next step: the office, with an ID document (its contact from the profile)
        messages: { taken: 'peselTaken' },
        params: { contact: this.profile?.contactEmail ?? '' },
      });
    }
    return list;
  }

  private readonly fields = (): FieldDef[] => {
    const t = this.t;
    const p = this.profile;
    const pw = p?.password ?? { minLength: 12, maxLength: 128 };
    const list: FieldDef[] = [
      { name: 'email', label: 'email', type: 'email', autocomplete: 'email', required: true, maxLength: 254 },
      {
        name: 'password',
        label: 'password',
        type: 'password',
        autocomplete: 'new-password',
        required: true,
        minLength: pw.minLength,
        maxLength: pw.maxLength,
        hint: t('passwordHint', { min: pw.minLength }),
      },
      { name: 'passwordConfirm', label: 'passwordConfirm', type: 'password', autocomplete: 'new-password', required: true, matches: 'password' },
      { name: 'firstName', label: 'firstName', autocomplete: 'given-name', required: true, maxLength: 100 },
      { name: 'lastName', label: 'lastName', autocomplete: 'family-name', required: true, maxLength: 100 },
      {
        name: 'phone',
        label: 'phone',
        type: 'tel',
        autocomplete: 'tel',
        required: true,
        hint: t('phoneHint'),
        pattern: /^\+?[\d\s()-]{6,20}$/,
        messages: p?.registration.requirePhoneVerification ? { invalid: 'phoneNotMobile' } : undefined,
      },
    ];
    list.push(...this.profileFields());
    list.push({
      name: 'acceptTerms',
      label: 'acceptTerms',
      type: 'checkbox',
      required: true,
      extra: p?.termsUrl ? html`<p class="terms"><a href=${p.termsUrl} target="_blank" rel="noopener">${t('termsLink')}</a></p>` : undefined,
    });
    return list;
  };

  private readonly form = new FormController(this, 'register', this.fields, (v) => this.submit(v));

  private async submit(values: FormValues): Promise<void> {
    const body: Record<string, unknown> = { ...values, acceptTerms: true, locale: serverLocale(this.profile, this.t.lang) };
    for (const k of ['district', 'pesel']) if (!body[k]) delete body[k];
    if (this.returnTo) body.returnTo = this.returnTo;
    const res = await this.session.api.request<components['schemas']['Registered']>('POST', '/auth/register', body);
    this.email = String(values.email);
    this.emit('civic-registered', { email: this.email, status: res.status });
    if (this.profile?.registration.requirePhoneVerification && res.registrationToken) {
      // the SMS was sent with the registration: a new code only after the server's cooldown
      await this.flows.showPhoneStep(res.registrationToken, 'register', String(values.phone), 60);
    } else {
      await this.finish();
    }
  }

  /** After the SMS code: the confirmation (the email link may still be to click). */
  private phoneVerified(status: string, detail: CivicEventMap['civic-phone-verified']['detail']): void {
    this.status = status;
    if (status === 'active' && detail.returnTo) this.back = { href: detail.returnTo, name: detail.returnToName?.[this.t.lang] ?? detail.returnToName?.pl };
    void this.finish();
  }

  private async finish(): Promise<void> {
    this.step = 'done';
    await this.focusHeading();
  }

  private async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  private renderDone(): TemplateResult {
    const t = this.t;
    const contact = this.profile?.contactEmail;
    return html`<section part="confirmation" class="confirmation" aria-labelledby="done-title">
      <h2 id="done-title" tabindex="-1">${t('registeredTitle')}</h2>
      <p>${t('registeredThanks')}</p>
      <p>${this.status === 'active' ? t('phoneVerifiedActive') : t('registeredEmail', { email: this.email })}</p>
      ${this.back ? html`<p><a href=${this.back.href}>${this.back.name ? t('returnToApp', { name: this.back.name }) : t('returnToStart')}</a></p>` : nothing}
      ${contact ? html`<p>${t('registeredContact')} <a href="mailto:${contact}">${contact}</a></p>` : nothing}
    </section>`;
  }

  override render() {
    const t = this.t;
    if (this.embed.active) return this.embed.render();
    if (this.step === 'done') return html`${this.renderNotice()}${this.renderDone()}`;
    return html`<section aria-labelledby="register-title">
      <slot name="heading"><h2 id="register-title">${t('registerTitle')}</h2></slot>
      ${this.renderNotice()}
      ${this.profile ? this.form.render('register') : html`<p>${t('loading')}</p>`}
      <p class="switch">${t('haveAccount')}
        <button type="button" class="link-button" @click=${() => this.embed.goTo('login', 'civic-login', this.returnTo ? { returnTo: this.returnTo } : {})}>${t('login')}</button>
      </p>
    </section>`;
  }
}

defineElement('civic-register', CivicRegister);

declare global {
  interface HTMLElementTagNameMap {
    'civic-register': CivicRegister;
  }
}
