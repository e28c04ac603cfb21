import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { ApiError } from '../../core/api.js';
import { errorText, intlLocale } from '../../core/i18n.js';
import type { Notice } from '../../core/civic-element.js';
import type { Session } from '../../core/session.js';
import type { BundleTranslator } from '../../i18n/bundle.js';
import type { AccountKey } from '../../i18n/account/pl.js';
import type { components } from '../../core/api-types.js';
import { prepareHandoff } from '../../core/handoff.js';
import { loadProviders, type IdentityProvider } from '../../core/providers.js';

type LinkedIdentity = components['schemas']['LinkedIdentity'];
/** POST /me/identities/link's answer. */
type LinkStart = { startUrl: string };

interface Host extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** What the controller borrows from its element (protected there). */
interface Borrowed {
  session(): Session;
  t(): BundleTranslator<AccountKey>;
  say(notice: Notice): void;
}

/**
 * civic-account's "linked sign-in methods": the identities from login.gov.pl or the city's SSO linked
 * to the account (GET /me/identities), each with an unlink button (DELETE /me/identities/{id}), and the
 * verified identity behind the PESEL.
 */
export class LinkedIdentities implements ReactiveController {
  private list?: LinkedIdentity[];
  /** The residents' providers the account may link (GET /auth/providers). */
  private providers: IdentityProvider[] = [];
  private loadedFor?: string;

  constructor(
    private readonly host: Host,
    private readonly from: Borrowed,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const user = this.from.session().user;
    if (user && this.loadedFor !== user.id) {
      this.loadedFor = user.id;
      void this.load();
    }
    if (!user) {
      this.loadedFor = undefined;
      this.list = undefined;
    }
  }

  private async load(): Promise<void> {
    const session = this.from.session();
    try {
      this.list = await session.authed<LinkedIdentity[]>('GET', '/me/identities');
    } catch {
      this.list = [];
    }
    this.providers = (await loadProviders(session.api)).filter((p) => p.purpose !== 'staff');
    this.host.requestUpdate();
  }

  /**
   * Links a provider (POST /me/identities/link): the server asks for a recent authentication first (the
   * session's "confirm it's you" dialog), then the browser goes to the provider and comes back signed in.
   */
  private async link(provider: IdentityProvider): Promise<void> {
    const session = this.from.session();
    const back = new URL(location.href);
    for (const k of ['civic_action', 'token', 'id', 'code', 'reason']) back.searchParams.delete(k);
    back.hash = '';
    try {
      const challenge = await prepareHandoff(session.api.base);
      const { startUrl } = await session.authed<LinkStart>('POST', '/me/identities/link', { provider: provider.id, challenge, returnTo: back.href });
      location.assign(startUrl);
    } catch (err) {
      this.from.say({ kind: 'error', text: errorText(this.from.t(), err) });
    }
  }

  private name(row: { provider: string; label?: Record<string, string> }): string {
    return row.label?.[this.from.t().lang] ?? row.label?.pl ?? row.provider;
  }

  private date(iso: string): string {
    return new Intl.DateTimeFormat(intlLocale(this.from.t().lang), { dateStyle: 'medium' }).format(new Date(iso));
  }

  private async unlink(row: LinkedIdentity, index: number): Promise<void> {
    const t = this.from.t();
    try {
      await this.from.session().authed('DELETE', `/me/identities/${row.id}`);
      this.list = this.list?.filter((r) => r.id !== row.id);
      this.from.say({ kind: 'success', text: t('unlinked', { provider: this.name(row) }) });
      await this.host.updateComplete;
      // focus stays in the list: the next row's button, else the heading
      const buttons = this.host.renderRoot.querySelectorAll<HTMLElement>('[part=unlink-button]');
      (buttons[Math.min(index, buttons.length - 1)] ?? this.host.renderRoot.querySelector<HTMLElement>('#identities-title'))?.focus();
    } catch (err) {
      const onlyWay = err instanceof ApiError && err.code === 'conflict';
      this.from.say({ kind: 'error', text: onlyWay ? t('unlinkOnlyWay') : errorText(t, err) });
    }
  }

  private renderLinking() {
    const t = this.from.t();
    const linked = new Set(this.list?.map((r) => r.provider));
    const open = this.providers.filter((p) => !linked.has(p.id));
    if (!open.length) return nothing;
    return html`<section aria-labelledby="link-title" part="link-identities">
      <h3 id="link-title">${t('linkTitle')}</h3>
      <p>${t('linkIntro')}</p>
      ${open.map(
        (p) =>
          html`<button type="button" class="button button--secondary" part="link-button" @click=${() => this.link(p)}>
            ${t('linkProvider', { provider: this.name({ provider: p.id, label: p.label }) })}
          </button>`,
      )}
    </section>`;
  }

  render() {
    const list = this.list;
    if (!list) return nothing;
    return html`${this.renderIdentities(list)}${this.renderLinking()}`;
  }

  private renderIdentities(list: LinkedIdentity[]) {
    const t = this.from.t();
    const verified = this.from.session().user?.identity;
    if (!list.length && !verified) return nothing;
    const verifiedBy = verified && (list.find((r) => r.provider === verified.provider) ?? { provider: verified.provider });
    return html`<section aria-labelledby="identities-title" part="identities">
      <h3 id="identities-title" tabindex="-1">${t('identitiesTitle')}</h3>
      ${
        verified && verifiedBy
          ? html`<p class="verified">${t('identityVerified', { provider: this.name(verifiedBy), date: this.date(verified.verifiedAt) })}</p>`
          : nothing
      }
      ${
        list.length
          ? html`<ul class="identities">
            ${list.map(
              (row, i) => html`<li>
                <span class="identity-name">${this.name(row)}</span>
                <span class="identity-meta">
                  ${row.loa ? html`${t('identityLoa', { loa: t(`loa_${row.loa}`) })} · ` : nothing}${t('identityLastUsed', { date: this.date(row.lastUsedAt) })}
                </span>
                <button type="button" class="button button--secondary" part="unlink-button" aria-label=${t('unlinkLabel', { provider: this.name(row) })} @click=${() => this.unlink(row, i)}>
                  ${t('unlink')}
                </button>
              </li>`,
            )}
          </ul>`
          : html`<p>${t('identitiesNone')}</p>`
      }
    </section>`;
  }
}
