/**
 * "It is not fixed" (API.md §4b, POST /reports/{id}/reopen): the reason and the button, shared by the
 * public map's report card (a signed-in reporter or supporter) and the tracker (an anonymous reporter
 * holding the tracking code).
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { FormController, type FieldDef, type FormValues } from '../core/form.js';
import { label, type ReportElement } from './report-element.js';

export class ReopenForm implements ReactiveController {
  private readonly form: FormController;

  /** `send` posts the reason; `done` refreshes the host's view of the report. */
  constructor(
    private readonly host: ReportElement,
    send: (reason: string) => Promise<unknown>,
    done: () => Promise<void>,
  ) {
    host.addController(this);
    const fields = (): FieldDef[] => [{ name: 'reason', label: label('reopenReason'), type: 'textarea', required: true, minLength: 3, maxLength: 2000 }];
    this.form = new FormController(host, 'reopen', fields, async (v: FormValues) => {
      await send(String(v.reason));
      this.form.reset();
      await done();
      host.announce(host.t('reopened'));
    });
  }

  hostConnected(): void {}

  reset(): void {
    this.form.reset();
  }

  /** The form while the report is resolved (the caller knows whether this visitor may reopen it). */
  render(status: string): TemplateResult | typeof nothing {
    if (status !== 'resolved') return nothing;
    return html`<section aria-labelledby="reopen-title"><h4 id="reopen-title">${this.host.t('notFixed')}</h4>${this.form.render(label('reopenSubmit'))}</section>`;
  }
}
