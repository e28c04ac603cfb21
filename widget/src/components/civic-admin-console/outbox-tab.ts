/** The admin console's "undelivered messages" tab: the outbox's dead letters, each with a retry. */
import { html, type TemplateResult } from 'lit';
import { errorText } from '../../core/i18n.js';
import { table, type AdminConsole, type DeadLetter, type Paged } from './shared.js';

export class OutboxTab {
  private dead?: Paged<DeadLetter>;

  constructor(private readonly host: AdminConsole) {}

  async load(): Promise<void> {
    const res = await this.host.call(() => this.host.session.authed<Paged<DeadLetter>>('GET', '/admin/outbox?status=dead&limit=50'));
    if (res) this.dead = res;
    this.host.requestUpdate();
  }

  private async retry(m: DeadLetter): Promise<void> {
    const { host } = this;
    try {
      await host.session.authed('POST', `/admin/outbox/${m.id}/retry`);
    } catch (err) {
      host.notice = { kind: 'error', text: errorText(host.t, err) };
      return;
    }
    await this.load();
    host.notice = { kind: 'success', text: host.t('retried', { to: m.to }) };
  }

  render(): TemplateResult {
    const t = this.host.t;
    const d = this.dead;
    return html`<p>${t('outboxIntro')}</p>
      ${
        !d
          ? html`<p>${t('loading')}</p>`
          : !d.items.length
            ? html`<p>${t('outboxEmpty')}</p>`
            : table(
                t('tabOutbox'),
                [t('colChannel'), t('colTo'), t('colKind'), t('colAttempts'), t('colError'), t('colRetry')],
                d.items.map(
                  (m) => html`<tr>
          <td>${m.channel}</td><td>${m.to}</td><td>${m.kind}</td><td>${m.attempts}</td><td>${m.lastError ?? ''}</td>
          <td><button type="button" class="button button--secondary" aria-label=${t('retry', { to: m.to })} @click=${() => this.retry(m)}>${t('colRetry')}</button></td>
        </tr>`,
                ),
              )
      }`;
  }
}
