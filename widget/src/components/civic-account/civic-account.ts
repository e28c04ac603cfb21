import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiError } from '../../core/api.js';
import { CivicElement } from '../../core/civic-element.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { LANGS, errorText, resolveLang } from '../../core/i18n.js';
import { ensureElement } from '../../core/registry.js';
import { messageBundle, type BundleTranslator } from '../../i18n/bundle.js';
import pl, { type AccountKey } from '../../i18n/account/pl.js';
import { districtName, localText, serverLocale } from '../../core/profile.js';
import type { User } from '../../core/session.js';
import { baseStyles } from '../../core/styles.js';
import { styles } from './civic-account.styles.js';
import { DeleteAccount } from './delete-account.js';
import { LinkedIdentities } from './linked-identities.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController } from '../../core/email-link.js';
import '../../i18n/pl/account.js';

const LANGUAGE_NAMES = { pl: 'Polski', en: 'English', de: 'Deutsch', uk: 'Українська' } as const;

const texts = messageBundle<AccountKey>(pl, {
  en: () => import('../../i18n/account/en.js'),
  de: () => import('../../i18n/account/de.js'),
  uk: () => import('../../i18n/account/uk.js'),
});
const k = texts.key;

/**
 * @tagname civic-account
 * @summary The signed-in resident's account: their data, "Aktualizacja danych" (correct the data; a
 * changed phone is confirmed with an SMS code where the profile asks for it), password change, email
 * change (confirmed from the new mailbox), passkeys (civic-passkeys: add, rename, remove), download
 * of their data (JSON), account deletion (password, then a confirmation step) and log-out. Signed
 * out, it offers the log-in.
 *
 * @event civic-signed-out - `{ reason: 'user' }` after the log-out button, `{ reason: 'deleted' }` after
 *   deleting the account. Bubbles, composed.
 * @event civic-navigate - `{ view: 'login' }`, cancelable, when a signed-out resident chooses to log in.
 *
 * @csspart details - The list of the resident's data.
 * @csspart form - Each form (data update, password change, email change, deletion).
 * @csspart phone-verification - The SMS-code step for a changed phone number.
 * @csspart passkeys - The passkeys section (a civic-passkeys element).
 * @csspart identities - "Linked sign-in methods": identities from login.gov.pl or the city's SSO.
 * @csspart unlink-button - Each identity's "Unlink" button.
 * @csspart export-button - "Download my data".
 * @csspart delete-button - "Delete account" (and the confirmation's button).
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
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  /** The new address's confirmation link is shown here (with the account's new email). */
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows, { priority: (action) => (action === 'confirm_email' ? 4 : 1) });

  /** The SMS step for a changed phone (civic-phone-verification), while a number waits for its code. */
  @state() private phoneStep?: HTMLElement;
  private readonly identities = new LinkedIdentities(this, { session: () => this.session, t: () => this.t, say: (n) => (this.notice = n) });
  /** A confirmation shown in the section where the resident acted (and focused), not at the top of the page. */
  @state() private sectionNotice?: { section: 'email' | 'pesel'; text: string };

  override get t(): BundleTranslator<AccountKey> {
    return texts.translator(resolveLang(this));
  }

  protected override shouldUpdate(changed: PropertyValues): boolean {
    return texts.ready(resolveLang(this), () => this.requestUpdate()) && super.shouldUpdate(changed);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.requireProfile();
    void ensureElement('civic-passkeys');
    void ensureElement('civic-connected-apps');
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
      // an account made by a verified identity may have no phone yet: then it is optional here
      { name: 'phone', label: 'phone', type: 'tel', autocomplete: 'tel', required: Boolean(u?.phone), pattern: /^\+?[\d\s()-]{6,20}$/, value: u?.phone },
    ];
    const rule = this.profile?.registration.fields.district ?? 'hidden';
    if (rule !== 'hidden' && this.profile) {
      list.push({
        name: 'district',
        label: 'district',
        type: 'select',
        required: rule === 'required',
        value: u?.district ?? '',
        options: [{ value: '', label: t('chooseDistrict') }, ...this.profile.districts.map((d) => ({ value: d.id, label: localText(d.name, t.lang) ?? d.id }))],
      });
    }
    list.push({
      name: 'locale',
      label: 'locale',
      type: 'select',
      required: true,
      value: u?.locale ?? t.lang,
      // the languages the city's server writes emails in
      options: LANGS.filter((l) => serverLocale(this.profile, l) === l).map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })),
    });
    return list;
  };

  private readonly dataForm = new FormController(this, 'data', this.dataFields, async (v: FormValues) => {
    const body = { ...v };
    if (body.district === '') delete body.district;
    if (body.phone === '') delete body.phone;
    const before = this.user?.pendingPhone;
    const user = await this.session.authed<User>('PATCH', '/me', body);
    this.session.setUser(user);
    const waiting = !!user.pendingPhone && user.pendingPhone !== before;
    this.notice = { kind: 'success', text: this.t(waiting ? 'savedPendingPhone' : 'saved') };
    // a code was just sent to the new number, or the cooldown kept it back (`phoneCodeRetryAfter`): say which
    const retry = (user as { phoneCodeRetryAfter?: number }).phoneCodeRetryAfter;
    if (waiting) await this.openPhoneStep(retry ?? 60, !!retry);
  });

  /** An account created by a verified identity has no password: nothing to ask for. */
  private passwordField(): FieldDef[] {
    if (this.user?.hasPassword === false) return [];
    return [
      { name: 'password', label: 'password', type: 'password', autocomplete: 'current-password', required: true, messages: { invalid: k('wrongPassword') } },
    ];
  }

  private readonly emailForm = new FormController(
    this,
    'email-change',
    (): FieldDef[] => [
      { name: 'email', label: k('newEmail'), type: 'email', autocomplete: 'email', required: true, maxLength: 254, messages: { same: k('sameEmail') } },
      ...this.passwordField(),
    ],
    async (v: FormValues) => {
      this.sectionNotice = undefined;
      const email = String(v.email).toLowerCase();
      if (email === this.user?.email) throw new ApiError(400, { code: 'validation_failed', fields: { email: 'same' } });
      await this.session.authed('POST', '/me/email', v.password === undefined ? { email } : { email, password: v.password });
      (this.renderRoot.querySelector('#email-change-form') as HTMLFormElement | null)?.reset();
      await this.confirmIn('email', this.t('emailChangeSent', { email }));
    },
  );

  /** The Kraków FAQ: all data can be corrected after signing in, the PESEL too (unless login.gov.pl proved it). */
  private readonly peselForm = new FormController(
    this,
    'pesel-change',
    (): FieldDef[] => [
      {
        name: 'pesel',
        label: 'pesel',
        inputmode: 'numeric',
        autocomplete: 'off',
        required: true,
        maxLength: 11,
        hint: this.t('peselHint'),
        messages: { taken: 'peselTaken' },
        params: { contact: this.profile?.contactEmail ?? '' },
      },
      ...this.passwordField(),
    ],
    async (v: FormValues) => {
      this.sectionNotice = undefined;
      const user = await this.session.authed<User>('PUT', '/me/pesel', v);
      this.session.setUser(user);
      (this.renderRoot.querySelector('#pesel-change-form') as HTMLFormElement | null)?.reset();
      await this.confirmIn('pesel', this.t('peselCorrected'));
    },
  );

  private renderPesel() {
    const u = this.user;
    const rule = this.profile?.registration.fields.pesel ?? 'hidden';
    if (!u || rule === 'hidden') return nothing;
    if (u.identity) return html`<p class="hint">${this.t('peselVerified')}</p>`;
    return html`<section aria-labelledby="pesel-title">
      <h3 id="pesel-title">${this.t('peselTitle')}</h3>
      ${this.renderSectionNotice('pesel')}
      ${this.peselForm.render(k('peselButton'))}
    </section>`;
  }

  private readonly deletion = new DeleteAccount(this, () => this.passwordField(), k);

  protected override updated(): void {
    // a number still waiting from an earlier visit: offer its code field (a new code at once)
    if (this.user?.pendingPhone && !this.phoneStep) void this.openPhoneStep(0);
    if (!this.user?.pendingPhone && this.phoneStep) this.phoneStep = undefined;
  }

  /** Says `text` in the section's own status line and moves focus there (GOV.UK: the message is where focus goes). */
  private async confirmIn(section: 'email' | 'pesel', text: string): Promise<void> {
    this.notice = undefined;
    this.sectionNotice = { section, text };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${section}-done`)?.focus();
  }

  private renderSectionNotice(section: 'email' | 'pesel') {
    const n = this.sectionNotice;
    return n?.section === section ? html`<p id="${section}-done" class="notice notice--success" role="status" tabindex="-1">${n.text}</p>` : nothing;
  }

  private opening = false;

  private async openPhoneStep(cooldown: number, notSent = false): Promise<void> {
    const phone = this.user?.pendingPhone;
    if (!phone || this.opening) return;
    this.opening = true;
    const loaded = await ensureElement('civic-phone-verification');
    if (!loaded) return;
    const el = document.createElement('civic-phone-verification');
    Object.assign(el, { context: 'change', phone, cooldown, notSent });
    el.setAttribute('part', 'phone-verification');
    el.addEventListener('civic-phone-verified', () => {
      this.phoneStep = undefined;
      this.notice = { kind: 'success', text: this.t('phoneChanged') };
    });
    this.phoneStep = el;
    this.opening = false;
  }

  private readonly handleExport = async (): Promise<void> => {
    try {
      const data = await this.session.authed<unknown>('GET', '/me/export');
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `civickit-export-${new Date().toISOString().slice(0, 10)}.json`;
      a.hidden = true;
      this.renderRoot.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this.notice = { kind: 'success', text: this.t('exportDone') };
    } catch (err) {
      this.notice = { kind: 'error', text: errorText(this.t, err) };
    }
  };

  private readonly passwordForm = new FormController(
    this,
    'pw',
    (): FieldDef[] => {
      const pw = this.profile?.password ?? { minLength: 12, maxLength: 128 };
      return [
        { name: 'currentPassword', label: 'currentPassword', type: 'password', autocomplete: 'current-password', required: true },
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

  private renderPhoneStep() {
    const el = this.phoneStep;
    if (!el) return html`<p>${this.t('loading')}</p>`;
    el.setAttribute('lang', resolveLang(this));
    if (this.apiUrl) el.setAttribute('api-url', this.apiUrl);
    return el;
  }

  /** What the account holds today, as a definition list. */
  private renderDetails(u: NonNullable<typeof this.user>) {
    const t = this.t;
    const lang = t.lang;
    return html`<dl part="details" class="details">
        <div><dt>${t('email')}</dt><dd>${u.email}</dd></div>
        <div><dt>${t('firstName')}</dt><dd>${u.firstName}</dd></div>
        <div><dt>${t('lastName')}</dt><dd>${u.lastName}</dd></div>
        <div><dt>${t('phone')}</dt><dd>${u.phone}</dd></div>
        ${u.district ? html`<div><dt>${t('district')}</dt><dd>${districtName(this.profile, u.district, lang)}</dd></div>` : nothing}
        ${u.peselMasked ? html`<div><dt>${t('pesel')}</dt><dd>${u.peselMasked}</dd></div>` : nothing}
      </dl>`;
  }

  override render() {
    const t = this.t;
    if (this.embed.active) return this.embed.render();
    const s = this.session;
    const u = this.user;
    if (s.status === 'restoring') return html`${this.renderNotice()}<p>${t('loading')}</p>`;
    if (!u) {
      return html`${this.renderNotice()}
        <p>${t('notSignedIn')}</p>
        <button type="button" class="button" part="button" @click=${() => this.embed.goTo('login', 'civic-login')}>${t('signIn')}</button>`;
    }
    return html`<section aria-labelledby="account-title">
      <slot name="heading"><h2 id="account-title">${t('accountTitle')}</h2></slot>
      ${this.renderNotice()}
      ${u.email ? nothing : html`<p class="notice notice--info">${t('noEmailYet')}</p>`}
      ${this.renderDetails(u)}
      <button type="button" class="button button--secondary" part="logout-button" @click=${this.handleLogout}>${t('logout')}</button>
      <section aria-labelledby="data-title">
        <h3 id="data-title">${t('updateTitle')}</h3>
        ${this.dataForm.render('save')}
      </section>
      ${
        u.pendingPhone
          ? html`<section class="phone-step">
        <p>${t('pendingPhone', { phone: u.pendingPhone })}</p>
        ${this.renderPhoneStep()}
      </section>`
          : nothing
      }
      ${this.identities.render()}
      ${
        u.hasPassword === false
          ? nothing
          : html`<section aria-labelledby="pw-title">
            <h3 id="pw-title">${t('changePasswordTitle')}</h3>
            ${this.passwordForm.render('changePassword')}
          </section>`
      }
      ${this.renderPesel()}
      <section aria-labelledby="email-change-title">
        <h3 id="email-change-title">${t('emailChangeTitle')}</h3>
        ${this.renderSectionNotice('email')}
        ${this.emailForm.render(k('changeEmail'))}
      </section>
      <civic-passkeys part="passkeys" lang=${resolveLang(this)} api-url=${this.apiUrl ?? nothing}></civic-passkeys>
      <civic-connected-apps part="connected-apps" lang=${resolveLang(this)} api-url=${this.apiUrl ?? nothing}></civic-connected-apps>
      <section aria-labelledby="export-title">
        <h3 id="export-title">${t('exportTitle')}</h3>
        <p>${t('exportIntro')}</p>
        <button type="button" class="button button--secondary" part="export-button" @click=${this.handleExport}>${t('exportButton')}</button>
      </section>
      ${this.deletion.render()}
    </section>`;
  }
}

defineElement('civic-account', CivicAccount);

declare global {
  interface HTMLElementTagNameMap {
    'civic-account': CivicAccount;
  }
}
