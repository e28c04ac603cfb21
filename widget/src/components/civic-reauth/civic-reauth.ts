import { css, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiError } from '../../core/api.js';
import { CivicElement } from '../../core/civic-element.js';
import { resolveLang } from '../../core/i18n.js';
import { passkeysPossible } from '../../core/passkeys.js';
import { loadProviders, providerStartUrl, type IdentityProvider } from '../../core/providers.js';
import { markReauthReturn } from '../../core/handoff.js';
import { defineElement } from '../../core/registry.js';
import { baseStyles } from '../../core/styles.js';
import { messageBundle, type BundleTranslator } from '../../i18n/bundle.js';
import pl, { type ReauthKey } from '../../i18n/reauth/pl.js';

const texts = messageBundle<ReauthKey>(pl, {
  en: () => import('../../i18n/reauth/en.js'),
  de: () => import('../../i18n/reauth/de.js'),
  uk: () => import('../../i18n/reauth/uk.js'),
});

/**
 * @tagname civic-reauth
 * @summary "Confirm it's you": the modal dialog a sensitive change (a passkey, the email, password or
 * phone, a linked identity, deleting the account) opens when the server asks for a recent authentication
 * (API.md §3b). The resident proves the account with the password, a passkey or the provider it came
 * from; the change then goes through without being typed again. Created by core/reauth.ts on demand.
 *
 * @csspart dialog - The dialog.
 * @csspart button - Its buttons.
 */
export class CivicReauth extends CivicElement {
  static override styles = [
    baseStyles,
    css`
      dialog {
        max-width: min(32rem, calc(100vw - 2rem));
        border: 2px solid var(--civic-color-text, #1b1b1b);
        padding: calc(var(--_space) * 1.5);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 50%);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_space);
        margin-top: var(--_space);
      }
    `,
  ];

  @state() private error?: string;
  @state() private busy = false;
  @state() private providers: IdentityProvider[] = [];
  private settle?: (ok: boolean) => void;

  override get t(): BundleTranslator<ReauthKey> {
    return texts.translator(resolveLang(this));
  }

  protected override shouldUpdate(changed: PropertyValues): boolean {
    return texts.ready(resolveLang(this), () => this.requestUpdate()) && super.shouldUpdate(changed);
  }

  /** Opens the dialog; resolves true once the server accepted the proof, false when the resident cancels. */
  async ask(): Promise<boolean> {
    this.providers = (await loadProviders(this.session.api)).filter((p) => p.purpose !== 'staff' || this.session.user?.role !== 'resident');
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog')!;
    dialog.showModal();
    this.renderRoot.querySelector<HTMLInputElement>('#reauth-password')?.focus();
    return new Promise<boolean>((resolve) => (this.settle = resolve));
  }

  private done(ok: boolean): void {
    this.renderRoot.querySelector('dialog')?.close();
    this.settle?.(ok);
    this.settle = undefined;
  }

  private readonly handleSubmit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#reauth-password')!;
    await this.prove(() => this.session.reauthenticate({ password: input.value }));
  };

  private readonly handlePasskey = async (): Promise<void> => {
    const { reauthenticateWithPasskey } = await import('../../passkeys/webauthn.js');
    await this.prove(() => reauthenticateWithPasskey(this.session));
  };

  private async prove(proof: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.error = undefined;
    try {
      await proof();
      this.done(true);
    } catch (err) {
      const wrong = err instanceof ApiError && (err.fields.password === 'invalid' || err.code === 'invalid_credentials');
      this.error = this.t(wrong ? 'reauthWrong' : 'reauthFailed');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#reauth-error')?.focus();
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const t = this.t;
    const user = this.session.user;
    const lang = resolveLang(this);
    return html`<dialog part="dialog" aria-labelledby="reauth-title" aria-describedby="reauth-intro" @cancel=${() => this.done(false)}>
      <h2 id="reauth-title">${t('reauthTitle')}</h2>
      <p id="reauth-intro">${t('reauthIntro')}</p>
      ${this.error ? html`<p id="reauth-error" class="error" role="alert" tabindex="-1">${this.error}</p>` : nothing}
      ${
        user?.hasPassword
          ? html`<form @submit=${this.handleSubmit}>
              <label for="reauth-password">${t('reauthPassword')}</label>
              <input id="reauth-password" name="password" type="password" autocomplete="current-password" required ?disabled=${this.busy} />
              <div class="actions"><button class="button" part="button" type="submit" ?disabled=${this.busy}>${t('reauthConfirm')}</button></div>
            </form>`
          : nothing
      }
      <div class="actions">
        ${
          passkeysPossible()
            ? html`<button class="button button--secondary" part="button" type="button" ?disabled=${this.busy} @click=${this.handlePasskey}>${t('reauthPasskey')}</button>`
            : nothing
        }
        ${this.providers.map(
          (p) =>
            html`<a class="button button--secondary" part="button" href=${providerStartUrl(this.session.api, p.id)} @click=${() => markReauthReturn(this.session.api.base)}
              >${t('reauthProvider', { provider: p.label[lang as 'pl'] ?? p.label.pl })}</a
            >`,
        )}
        <button class="button button--secondary" part="button" type="button" @click=${() => this.done(false)}>${t('reauthCancel')}</button>
      </div>
      ${this.providers.length ? html`<p class="hint">${t('reauthProviderHint')}</p>` : nothing}
    </dialog>`;
  }
}

defineElement('civic-reauth', CivicReauth);

declare global {
  interface HTMLElementTagNameMap {
    'civic-reauth': CivicReauth;
  }
}
