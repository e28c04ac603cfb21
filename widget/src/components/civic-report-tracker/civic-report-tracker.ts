import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError } from '../../core/api.js';
import { FormController, type FieldDef, type FormValues } from '../../core/form.js';
import { defineElement } from '../../core/registry.js';
import { baseStyles } from '../../core/styles.js';
import { ReportElement, label } from '../../reports/report-element.js';
import { Conversation, renderReport } from '../../reports/report-view.js';
import { ReopenForm } from '../../reports/reopen-form.js';
import { reportStyles } from '../../reports/styles.js';
import type { Message, Report } from '../../reports/types.js';
import { styles } from './civic-report-tracker.styles.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController, type EmailAction } from '../../core/email-link.js';

/**
 * @tagname civic-report-tracker
 * @summary For anyone holding a tracking code (an anonymous reporter above all): the report's
 * status, its history with the staff's comments, and the conversation with the city office, where
 * the reporter can reply. The code travels in a header, never in a URL.
 *
 * @csspart form - The tracking-code form and the message form.
 * @csspart field - Each field wrapper.
 * @csspart label - Each label.
 * @csspart input - Each input and textarea.
 * @csspart button - Primary buttons.
 * @csspart error-summary - The error summary shown after a failed submission.
 * @csspart report - The report found.
 * @csspart status-badge - Its status.
 * @csspart details - Its details list.
 * @csspart photos - Its photos.
 * @csspart history - Its status history.
 * @csspart conversation - The conversation.
 * @csspart message - Each message.
 * @csspart status - The live region for status messages.
 *
 * @cssproperty --civic-color-primary - Buttons and accents.
 * @cssproperty --civic-color-error - Errors.
 * @cssproperty --civic-radius - Corner radius.
 * @cssproperty --civic-spacing - Base spacing unit.
 * @cssproperty --civic-font-family - Font; inherited from the page by default.
 *
 * @slot heading - Replaces the default "Sprawdź status zgłoszenia" heading.
 */
export class CivicReportTracker extends ReportElement {
  static override styles = [baseStyles, reportStyles, styles];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  /** A notification's `civic_action=track&code=…` link: the code filled in and looked up. */
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows, {
    priority: (action) => (action === 'track' ? 4 : 1),
    handle: (a) => this.handleEmailAction(a),
  });

  /** A tracking code to look up at once (e.g. handed over by the page). */
  @property() code = '';

  @state() private report?: Report;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadCategories();
  }

  /** A code handed over (the report form's "check the status", the portal's URL) is looked up at once. */
  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (changed.has('code') && this.code && this.code !== this.report?.trackingCode) {
      this.lookUp(this.code).catch((err) => (this.notice = { kind: 'error', text: this.errorText(err) }));
    }
  }

  /** @internal The email link this element was chosen for; what it leaves goes to the default handling. */
  handleEmailAction(a: EmailAction): void {
    if (a.action !== 'track') void this.emailLink.handleDefault(a);
    else this.code = a.code;
  }

  private readonly fields = (): FieldDef[] => [
    {
      name: 'code',
      label: label('trackingCodeField'),
      required: true,
      maxLength: 40,
      autocomplete: 'off',
      hint: this.t('trackingCodeFieldHint'),
      value: this.code,
    },
  ];

  private readonly form = new FormController(this, 'track', this.fields, (v: FormValues) => this.lookUp(String(v.code)));

  /** The conversation as the reporter: the tracking code proves it. */
  private readonly conversation = new Conversation(this, 'tracker-msg', {
    list: (id) => this.session.api.request<Message[]>('GET', `/reports/${id}/messages`, undefined, undefined, this.codeHeader()),
    post: (id, body) => this.session.api.request<Message>('POST', `/reports/${id}/messages`, { body }, undefined, this.codeHeader()),
  });

  /** "Not fixed" for the code holder: the reporter. */
  private readonly reopen = new ReopenForm(
    this,
    (reason) => this.session.api.request('POST', `/reports/${this.report!.id}/reopen`, { reason }, undefined, this.codeHeader()),
    () => this.lookUp(this.code),
  );

  private codeHeader(): Record<string, string> {
    return { 'x-tracking-code': this.report?.trackingCode ?? this.code };
  }

  private async lookUp(code: string): Promise<void> {
    this.notice = undefined;
    try {
      const r = await this.session.api.request<Report>('GET', `/reports/track/${encodeURIComponent(code.trim())}`);
      this.code = r.trackingCode ?? code;
      this.report = r;
      await this.conversation.open(r.id, r.messages ?? []);
      void this.focusAfterRender('#tracked-title');
    } catch (err) {
      // An unknown or mistyped code: say so plainly (a code is not a field the server names).
      if (err instanceof ApiError && (err.code === 'not_found' || err.code === 'validation_failed')) {
        this.notice = { kind: 'error', text: this.t('trackNotFound') };
        this.form.focusField('code');
        return;
      }
      throw err;
    }
  }

  private readonly handleAnother = (): void => {
    this.report = undefined;
    this.code = '';
    this.notice = undefined;
    void this.focusAfterRender('#track-code');
  };

  override render() {
    const t = this.t;
    if (this.embed.active) return this.embed.render();
    const r = this.report;
    return html`<section aria-labelledby="tracker-title">
      <slot name="heading"><h2 id="tracker-title">${t('trackerTitle')}</h2></slot>
      ${this.renderNotice()}
      ${
        r
          ? html`${renderReport(this, r, { headingId: 'tracked-title', extra: html`${this.reopen.render(r.status)}` })}
            ${this.conversation.render()}
            <p><button type="button" class="button button--secondary" @click=${this.handleAnother}>${t('checkAnother')}</button></p>`
          : html`<p>${t('trackerIntro')}</p>${this.form.render(label('check'))}`
      }
    </section>`;
  }
}

defineElement('civic-report-tracker', CivicReportTracker);

declare global {
  interface HTMLElementTagNameMap {
    'civic-report-tracker': CivicReportTracker;
  }
}
