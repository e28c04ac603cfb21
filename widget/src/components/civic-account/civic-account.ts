import { html, nothing } from 'lit';
import { CivicElement } from '../../core/civic-element.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { LANGS } from '../../core/i18n.js';
import { districtName } from '../../core/profile.js';
import type { User } from '../../core/session.js';
import { baseStyles } from '../../core/styles.js';
import { styles } from './civic-account.styles.js';

const LANGUAGE_NAMES = { pl: 'Polski', en: 'English', de: 'Deutsch' } as const;

/**
 * @tagname civic-account
 * @summary The signed-in resident's account: their data, "Aktualizacja danych" (correct the data),
 * password change and log-out. Signed out, it offers the log-in.
 *
 * @event civic-signed-out - `{ reason: 'user' }` after the log-out button. Bubbles, composed.
 * @event civic-navigate - `{ view: 'login' }`, cancelable, when a signed-out resident chooses to log in.
 *
 * @csspart details - The list of the resident's data.
 * @csspart form - Each form (data update, password change).
 * @csspart field - Each field wrapper.
 * @csspart label - Each label.
 * @csspart input - Each input and select.
 * @csspart button - Primary buttons.
 * @csspart toggle - The password show/hide buttons.
 * @csspart error-summary - Error summaries.
 * @csspart status - The live region for status messages.
 *
 * @cssproperty --civic-color-primary - Buttons and accents.
 * @cssproperty --civic-color-error - Errors.
 * @cssproperty --civic-radius - Corner radius.
 * @cssproperty --civic-spacing - Base spacing unit.
 * @cssproperty --civic-font-family - Font; inherited from the page by default.
 *
 * @slot heading - Replaces the default "Moje konto" heading.
 */
export class CivicAccount extends CivicElement {
  static override styles = [baseStyles, styles];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.requireProfile();
  }

  private get user(): User | null {
    return this.session.user;
  }

  private readonly dataFields = (): FieldDef[] => {
    const u = this.user;
    const t = this.t;
    const list: FieldDef[] = [
      { name: 'firstName', label: 'firstName', autocomplete: 'given-name', required: true, maxLength: 100, value: u?.firstName },
      { name: 'lastName', label: 'lastName', autocomplete: 'family-name', required: true, maxLength: 100, value: u?.lastName },
      { name: 'phone', label: 'phone', type: 'tel', autocomplete: 'tel', required: true, pattern: /^\+?[\d\s()-]{6,20}$/, value: u?.phone },
    ];
    const rule = this.profile?.registration.fields.district ?? 'hidden';
    if (rule !== 'hidden' && this.profile) {
      list.push({
        name: 'district', label: 'district', type: 'select', required: rule === 'required', value: u?.district ?? '',
        options: [{ value: '', label: t('chooseDistrict') }, ...this.profile.districts.map((d) => ({ value: d.id, label: d.name[t.lang] ?? d.name.pl ?? d.id }))],
      });
    }
    list.push({
      name: 'locale', label: 'locale', type: 'select', required: true, value: u?.locale ?? t.lang,
      options: LANGS.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })),
    });
    return list;
  };

  private readonly dataForm = new FormController(this, 'data', this.dataFields, async (v: FormValues) => {
    const body = { ...v };
    if (body.district === '') delete body.district;
    const user = await this.session.authed<User>('PATCH', '/me', body);
    this.session.setUser(user);
    this.notice = { kind: 'success', text: this.t('saved') };
  });

  private readonly passwordForm = new FormController(
    this,
    'pw',
    (): FieldDef[] => {
      const pw = this.profile?.password ?? { minLength: 12, maxLength: 128 };
      return [
        { name: 'currentPassword', label: 'currentPassword', type: 'password', autocomplete: 'current-password', required: true },
        {
          name: 'password', label: 'newPassword', type: 'password', autocomplete: 'new-password', required: true,
          minLength: pw.minLength, maxLength: pw.maxLength, hint: this.t('passwordHint', { min: pw.minLength }),
        },
        { name: 'passwordConfirm', label: 'passwordConfirm', type: 'password', autocomplete: 'new-password', required: true, matches: 'password' },
      ];
    },
    async (v: FormValues) => {
      const email = this.user?.email ?? '';
      await this.session.authed('POST', '/me/password', v);
      // The server revoked every refresh token and issues no new pair: sign in again with the
      // new password, so this page (and only this page) stays signed in.
      try {
        await this.session.login(email, String(v.password));
      } catch {
        this.session.clear('expired');
      }
      (this.renderRoot.querySelector('#pw-form') as HTMLFormElement | null)?.reset();
      this.notice = { kind: 'success', text: this.t('passwordChanged') };
    },
  );

  private async handleLogout(): Promise<void> {
    await this.session.logout();
    this.notice = { kind: 'info', text: this.t('signedOut') };
    this.emit('civic-signed-out', { reason: 'user' });
  }

  override render() {
    const t = this.t;
    if (this.embedded) return this.renderEmbedded();
    const s = this.session;
    const u = this.user;
    if (s.status === 'restoring') return html`${this.renderNotice()}<p>${t('loading')}</p>`;
    if (!u) {
      return html`${this.renderNotice()}
        <p>${t('notSignedIn')}</p>
        <button type="button" class="button" part="button" @click=${() => this.goTo('login', 'civic-login')}>${t('signIn')}</button>`;
    }
    const lang = t.lang;
    return html`<section aria-labelledby="account-title">
      <slot name="heading"><h2 id="account-title">${t('accountTitle')}</h2></slot>
      ${this.renderNotice()}
      <dl part="details" class="details">
        <div><dt>${t('email')}</dt><dd>${u.email}</dd></div>
        <div><dt>${t('firstName')}</dt><dd>${u.firstName}</dd></div>
        <div><dt>${t('lastName')}</dt><dd>${u.lastName}</dd></div>
        <div><dt>${t('phone')}</dt><dd>${u.phone}</dd></div>
        ${u.district ? html`<div><dt>${t('district')}</dt><dd>${districtName(this.profile, u.district, lang)}</dd></div>` : nothing}
      </dl>
      <button type="button" class="button button--secondary" part="logout-button" @click=${this.handleLogout}>${t('logout')}</button>
      <section aria-labelledby="data-title">
        <h3 id="data-title">${t('updateTitle')}</h3>
        ${this.dataForm.render('save')}
      </section>
      <section aria-labelledby="pw-title">
        <h3 id="pw-title">${t('changePasswordTitle')}</h3>
        ${this.passwordForm.render('changePassword')}
      </section>
    </section>`;
  }
}

defineElement('civic-account', CivicAccount);

declare global {
  interface HTMLElementTagNameMap {
    'civic-account': CivicAccount;
  }
}
