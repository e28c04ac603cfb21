/** civic-account's "delete the account" section: the button, then a confirmation step asking for the password. */
import { html, type TemplateResult } from 'lit';
import type { CivicElement } from '../../core/civic-element.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import type { MessageKey } from '../../i18n/pl.js';
import type { BundleTranslator } from '../../i18n/bundle.js';
import type { AccountKey } from '../../i18n/account/pl.js';

interface Host extends CivicElement {
  readonly t: BundleTranslator<AccountKey>;
}

export class DeleteAccount {
  private confirming = false;
  private readonly form: FormController;

  /** `passwordField`: the current-password field (none for an account without a password). */
  constructor(
    private readonly host: Host,
    passwordField: () => FieldDef[],
    private readonly key: (k: AccountKey) => MessageKey,
  ) {
    this.form = new FormController(host, 'delete', passwordField, async (v: FormValues) => {
      await host.session.authed('DELETE', '/me', v.password === undefined ? {} : { password: v.password });
      this.confirming = false;
      host.emit('civic-signed-out', { reason: 'deleted' });
      host.session.clear('user');
      host.notice = { kind: 'success', text: host.t('accountDeleted') };
    });
  }

  private readonly handleStart = async (): Promise<void> => {
    this.confirming = true;
    this.form.reset();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>('#delete-confirm-title')?.focus();
  };

  private readonly handleCancel = async (): Promise<void> => {
    this.confirming = false;
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>('[part=delete-button]')?.focus();
  };

  render(): TemplateResult {
    const t = this.host.t;
    if (!this.confirming) {
      return html`<section aria-labelledby="delete-title">
        <h3 id="delete-title">${t('deleteTitle')}</h3>
        <p>${t('deleteIntro')}</p>
        <button type="button" class="button button--danger" part="delete-button" @click=${this.handleStart}>${t('deleteButton')}</button>
      </section>`;
    }
    return html`<section aria-labelledby="delete-confirm-title" class="danger-zone">
      <h3 id="delete-confirm-title" tabindex="-1">${t('deleteConfirmTitle')}</h3>
      <p>${t('deleteConfirmText')}</p>
      ${this.form.render(this.key('deleteConfirm'), {
        after: html`<button type="button" class="button button--secondary" @click=${this.handleCancel}>${t('cancel')}</button>`,
      })}
    </section>`;
  }
}
