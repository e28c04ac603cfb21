/** The admin console's "webhooks" tab: every message to the city's applications, its attempts, and a resend. */
import { html, type TemplateResult } from 'lit';
import { errorText } from '../../core/i18n.js';
import type { components } from '../../core/api-types.js';
import { date, table, type AdminConsole, type Paged } from './shared.js';

type Delivery = components['schemas']['WebhookDelivery'];

export class WebhooksTab {
  private page?: Paged<Delivery>;

  constructor(private readonly host: AdminConsole) {}

  async load(): Promise<void> {
    const res = await this.host.call(() => this.host.session.authed<Paged<Delivery>>('GET', '/admin/webhooks/deliveries?limit=50'));
    if (res) this.page = res;
    this.host.requestUpdate();
  }

  private async resend(d: Delivery): Promise<void> {
    const { host } = this;
    try {
      await host.session.authed('POST', `/admin/webhooks/deliveries/${encodeURIComponent(d.id)}/resend`);
    } catch (err) {
      host.notice = { kind: 'error', text: errorText(host.t, err) };
      return;
    }
    await this.load();
    host.notice = { kind: 'success', text: host.t('webhookResent', { id: d.id }) };
  }

  private row(d: Delivery): TemplateResult {
    const t = this.host.t;
    const last = d.attempts.at(-1);
    const outcome = last ? (last.httpStatus ? `HTTP ${last.httpStatus}` : (last.error ?? '')) : '';
    return html`<tr>
      <td>${date(t, d.createdAt)}</td><td>${d.webhook}</td><td>${d.type}</td><td>${t(`webhook_${d.status}`)}</td>
      <td>${d.attempts.length}${outcome ? html` (${outcome})` : ''}</td><td>${d.nextAttemptAt ? date(t, d.nextAttemptAt) : ''}</td>
      <td>${
        d.status === 'pending'
          ? ''
          : html`<button type="button" class="button button--secondary" aria-label=${t('webhookResend', { id: d.id })} @click=${() => this.resend(d)}>
              ${t('colResend')}
            </button>`
      }</td>
    </tr>`;
  }

  render(): TemplateResult {
    const t = this.host.t;
    const p = this.page;
    return html`<p>${t('webhooksIntro')}</p>
      ${
        !p
          ? html`<p>${t('loading')}</p>`
          : !p.items.length
            ? html`<p>${t('webhooksEmpty')}</p>`
            : table(
                t('tabWebhooks'),
                [t('colCreated'), t('colWebhook'), t('colType'), t('colStatus'), t('colAttempts'), t('colNextAttempt'), t('colResend')],
                p.items.map((d) => this.row(d)),
              )
      }`;
  }
}
