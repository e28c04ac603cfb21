import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { CivicElement } from '../../core/civic-element.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { errorText, intlLocale, resolveLang } from '../../core/i18n.js';
import { isAlreadyRegistered, isCancelled, passkeysPossible, type PasskeyView } from '../../core/passkeys.js';
import type { SessionChange } from '../../core/session.js';
import { messageBundle, type BundleTranslator } from '../../i18n/bundle.js';
import pl, { type PasskeysKey } from '../../i18n/passkeys/pl.js';
import { baseStyles } from '../../core/styles.js';
import { styles } from './civic-passkeys.styles.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController } from '../../core/email-link.js';

const texts = messageBundle<PasskeysKey>(pl, {
  en: () => import('../../i18n/passkeys/en.js'),
  de: () => import('../../i18n/passkeys/de.js'),
  uk: () => import('../../i18n/passkeys/uk.js'),
});
const k = texts.key;

/**
 * @tagname civic-passkeys
 * @summary The signed-in resident's passkeys (shown inside civic-account): the list with when each was
 * added and last used, adding one (the browser's dialog asks for the fingerprint, face or PIN),
 * renaming and removing. Every change is announced in the live region. The WebAuthn code loads only
 * when a passkey is added. Signed out, it shows nothing.
 *
 * @csspart list - The list of passkeys.
 * @csspart item - Each passkey.
 * @csspart form - The add and rename forms.
 * @csspart field - Each field wrapper.
 * @csspart label - Each label.
 * @csspart input - Each input.
 * @csspart button - Primary buttons.
 * @csspart error-summary - Error summaries.
 * @csspart status - The live region for status messages.
 *
 * @cssproperty --civic-color-primary - Buttons and accents.
 * @cssproperty --civic-color-error - Errors.
 * @cssproperty --civic-spacing - Base spacing unit.
 */
export class CivicPasskeys extends CivicElement {
  static override styles = [baseStyles, styles];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows);

  @state() private items?: PasskeyView[];
  /** The passkey whose name is being edited. */
  @state() private renaming?: string;

  override get t(): BundleTranslator<PasskeysKey> {
    return texts.translator(resolveLang(this));
  }

  protected override shouldUpdate(changed: PropertyValues): boolean {
    return texts.ready(resolveLang(this), () => this.requestUpdate()) && super.shouldUpdate(changed);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.session.ready().then(() => this.load());
  }

  protected override sessionChanged(change: SessionChange): void {
    if (change.status === 'signed-in') void this.load();
    else this.items = undefined;
  }

  private async load(): Promise<void> {
    if (this.session.status !== 'signed-in') return;
    try {
      this.items = await this.session.authed<PasskeyView[]>('GET', '/me/passkeys');
    } catch (err) {
      this.notice = { kind: 'error', text: errorText(this.t, err) };
    }
  }

  private readonly addForm = new FormController(
    this,
    'passkey-add',
    (): FieldDef[] => [
      { name: 'name', label: k('passkeyName'), required: true, maxLength: 64, hint: this.t('passkeyNameHint'), value: this.t('passkeyDefaultName') },
    ],
    async (v: FormValues) => {
      this.notice = undefined;
      const { addPasskey } = await import('../../passkeys/webauthn.js');
      try {
        const added = await addPasskey(this.session, String(v.name));
        this.items = [...(this.items ?? []), added];
        this.notice = { kind: 'success', text: this.t('passkeyAdded', { name: added.name }) };
      } catch (err) {
        if (isCancelled(err)) this.notice = { kind: 'info', text: this.t('passkeyAddCancelled') };
        else if (isAlreadyRegistered(err)) this.notice = { kind: 'error', text: this.t('passkeyAlreadyHere') };
        else throw err;
      }
    },
  );

  private readonly renameForm = new FormController(
    this,
    'passkey-rename',
    (): FieldDef[] => [
      { name: 'name', label: k('passkeyName'), required: true, maxLength: 64, value: this.items?.find((p) => p.id === this.renaming)?.name ?? '' },
    ],
    async (v: FormValues) => {
      const id = this.renaming!;
      const renamed = await this.session.authed<PasskeyView>('PATCH', `/me/passkeys/${encodeURIComponent(id)}`, { name: v.name });
      this.items = this.items?.map((p) => (p.id === id ? renamed : p));
      this.renaming = undefined;
      this.notice = { kind: 'success', text: this.t('passkeyRenamed', { name: renamed.name }) };
      await this.focusAction('rename', id);
    },
  );

  private async focusAction(action: string, id: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`button[data-action="${action}"][data-id="${id}"]`)?.focus();
  }

  private readonly handleRename = async (e: Event): Promise<void> => {
    this.renaming = (e.currentTarget as HTMLElement).dataset.id;
    this.renameForm.reset();
    await this.updateComplete;
    this.renameForm.focusField('name');
  };

  private readonly handleRenameCancel = async (): Promise<void> => {
    const id = this.renaming!;
    this.renaming = undefined;
    await this.focusAction('rename', id);
  };

  private readonly handleRemove = async (e: Event): Promise<void> => {
    const id = (e.currentTarget as HTMLElement).dataset.id!;
    const name = this.items?.find((p) => p.id === id)?.name ?? '';
    try {
      await this.session.authed('DELETE', `/me/passkeys/${encodeURIComponent(id)}`);
      this.items = this.items?.filter((p) => p.id !== id);
      this.notice = { kind: 'success', text: this.t('passkeyRemoved', { name }) };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#passkeys-title')?.focus();
    } catch (err) {
      this.notice = { kind: 'error', text: errorText(this.t, err) };
    }
  };

  private date(iso: string): string {
    return new Intl.DateTimeFormat(intlLocale(this.t.lang), { dateStyle: 'medium' }).format(new Date(iso));
  }

  private renderItem(p: PasskeyView) {
    const t = this.t;
    const used = p.lastUsedAt ? t('passkeyLastUsed', { date: this.date(p.lastUsedAt) }) : t('passkeyNeverUsed');
    const synced = p.deviceType === 'multiDevice' ? html` · ${t('passkeySynced')}` : nothing;
    return html`<li part="item" class="passkey">
      <p class="passkey__name">${p.name}</p>
      <p class="hint">${t('passkeyCreated', { date: this.date(p.createdAt) })} · ${used}${synced}</p>
      ${
        this.renaming === p.id
          ? this.renameForm.render(k('savePasskeyName'), {
              after: html`<button type="button" class="button button--secondary" @click=${this.handleRenameCancel}>${t('cancel')}</button>`,
            })
          : html`<div class="actions">
            <button type="button" class="button button--secondary" data-action="rename" data-id=${p.id}
              aria-label=${t('renamePasskeyOf', { name: p.name })} @click=${this.handleRename}>${t('renamePasskey')}</button>
            <button type="button" class="button button--secondary" data-action="remove" data-id=${p.id}
              aria-label=${t('removePasskeyOf', { name: p.name })} @click=${this.handleRemove}>${t('removePasskey')}</button>
          </div>`
      }
    </li>`;
  }

  override render() {
    const t = this.t;
    if (this.session.status !== 'signed-in') return nothing;
    const items = this.items;
    return html`<section aria-labelledby="passkeys-title">
      <h3 id="passkeys-title" tabindex="-1">${t('passkeysTitle')}</h3>
      <p>${t('passkeysIntro')}</p>
      ${this.renderNotice()}
      ${
        items === undefined
          ? html`<p>${t('loading')}</p>`
          : items.length
            ? html`<ul part="list" class="passkey-list">${items.map((p) => this.renderItem(p))}</ul>`
            : html`<p>${t('passkeysNone')}</p>`
      }
      ${passkeysPossible() ? this.addForm.render(k('addPasskey')) : html`<p class="hint">${t('passkeysUnsupported')}</p>`}
    </section>`;
  }
}

defineElement('civic-passkeys', CivicPasskeys);

declare global {
  interface HTMLElementTagNameMap {
    'civic-passkeys': CivicPasskeys;
  }
}
