/**
 * The report detail (status, history with staff comments, photos, supporters) and the private
 * conversation, shared by civic-my-reports, civic-report-tracker and civic-staff-console.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { FormController, type FieldDef } from '../core/form.js';
import { label, type ReportElement } from './report-element.js';
import type { Message, Report } from './types.js';

type ReportHost = ReportElement;

/** The report as its reporter or staff see it. */
export function renderReport(host: ReportHost, r: Report, opts: { headingId: string; extra?: TemplateResult } = { headingId: 'report-title' }): TemplateResult {
  const t = host.t;
  const h = host;
  return html`<article class="report" part="report" aria-labelledby=${opts.headingId}>
    <h3 id=${opts.headingId} tabindex="-1">${h.reportName(r)}</h3>
    <p><span class="badge badge--${r.status}" part="status-badge">${t('status')}: ${h.statusText(r.status)}</span></p>
    <dl class="meta" part="details">
      <div><dt>${t('category')}</dt><dd>${h.categoryName(r.categoryId)}</dd></div>
      <div><dt>${t('reportedAt')}</dt><dd>${h.date(r.createdAt)}</dd></div>
      <div><dt>${t('supportCount')}</dt><dd>${r.supportCount}</dd></div>
      ${r.trackingCode ? html`<div><dt>${t('trackingCode')}</dt><dd class="code-inline">${r.trackingCode}</dd></div>` : nothing}
    </dl>
    ${h.locationView(r)}
    <h4>${t('description')}</h4>
    <p class="description">${r.description}</p>
    ${
      r.photos.length
        ? html`<ul class="photos" part="photos">
          ${r.photos.map(
            (p, i) => html`<li><a href=${p.url} target="_blank" rel="noopener"><img src=${p.url} alt=${t('photoAlt', { n: i + 1 })}
            width=${p.width} height=${p.height} loading="lazy" /></a></li>`,
          )}
        </ul>`
        : nothing
    }
    ${
      r.statusHistory?.length
        ? html`<h4>${t('history')}</h4>
          <ol class="history" part="history">
            ${r.statusHistory.map(
              (e) => html`<li><strong>${h.statusText(e.status)}</strong> <span class="muted">${h.date(e.at)}</span>
                ${e.comment ? html`<p class="comment">${e.comment}</p>` : nothing}</li>`,
            )}
          </ol>`
        : nothing
    }
    ${opts.extra ?? nothing}
  </article>`;
}

/** One report in a list (the staff queue, the public map's list twin); `extra` follows its status line. */
export function renderListItem(host: ReportHost, r: Report, open: () => void, extra: TemplateResult | typeof nothing = nothing): TemplateResult {
  return html`<li>
    <p><button type="button" class="link-button item-title" data-id=${r.id} @click=${open}>${host.reportName(r)}</button></p>
    <p><span class="badge badge--${r.status}">${host.statusText(r.status)}</span>
      <span class="muted">${host.categoryName(r.categoryId)} · ${host.date(r.createdAt)} · ${host.t('supportCount')}: ${r.supportCount}</span>${extra}</p>
    ${r.location.address ? html`<p class="muted">${r.location.address}</p>` : nothing}
  </li>`;
}

export interface ConversationTransport {
  list(reportId: string): Promise<Message[]>;
  post(reportId: string, body: string): Promise<Message>;
}

/**
 * The conversation with the responsible department: the messages and a form to write one.
 * `me` is the side the host speaks for (the reporter, or staff), so its messages read "you".
 */
export class Conversation implements ReactiveController {
  messages: Message[] = [];
  reportId = '';
  private readonly form: FormController;

  constructor(
    private readonly host: ReportHost,
    private readonly id: string,
    private readonly transport: ConversationTransport,
  ) {
    host.addController(this);
    const fields = (): FieldDef[] => [{ name: 'body', label: label('message'), type: 'textarea', required: true, maxLength: 2000 }];
    this.form = new FormController(host, id, fields, async (v) => {
      const m = await this.transport.post(this.reportId, String(v.body));
      this.messages = [...this.messages, m];
      (host.renderRoot.querySelector(`#${id}-form`) as HTMLFormElement | null)?.reset();
      this.form.reset();
      host.announce(host.t('messageSent'));
    });
  }

  hostConnected(): void {}

  /** Shows a report's conversation: the given messages, or loads them. */
  async open(reportId: string, messages?: Message[]): Promise<void> {
    this.reportId = reportId;
    this.messages = messages ?? [];
    this.form.reset();
    if (!messages) {
      this.messages = await this.transport.list(reportId);
      this.host.requestUpdate();
    }
  }

  render(): TemplateResult {
    const t = this.host.t;
    const h = this.host;
    return html`<section class="conversation" part="conversation" aria-labelledby="${this.id}-title">
      <h4 id="${this.id}-title">${t('conversation')}</h4>
      ${
        this.messages.length
          ? html`<ol class="messages">
            ${this.messages.map(
              (m) => html`<li class="message message--${m.from}" part="message">
                <p class="message__meta"><strong>${m.from === 'staff' ? t('fromStaff') : t('fromReporter')}</strong>
                  <span class="muted">${h.date(m.createdAt)}</span></p>
                <p class="message__body">${m.body}</p>
              </li>`,
            )}
          </ol>`
          : html`<p>${t('noMessages')}</p>`
      }
      ${this.form.render(label('sendMessage'))}
    </section>`;
  }
}
