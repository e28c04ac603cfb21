/**
 * The staff console's moderation box (API.md §4b): redact the public text, take photos off the public
 * report, hide it, always with a reason the reporter receives. The original text stays visible here.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { FormController, type FieldDef, type FormValues } from '../core/form.js';
import { label, type ReportElement } from './report-element.js';
import type { StaffReport } from './staff-view.js';

export type { StaffReport } from './staff-view.js';

export class ModerationBox implements ReactiveController {
  report?: StaffReport;
  private readonly form: FormController;

  constructor(
    private readonly host: ReportElement,
    private readonly send: (id: string, body: Record<string, unknown>) => Promise<StaffReport>,
    private readonly updated: (r: StaffReport) => void,
  ) {
    host.addController(this);
    const fields = (): FieldDef[] => [
      { name: 'reason', label: label('modReason'), type: 'textarea', required: true, minLength: 3, maxLength: 1000 },
      {
        name: 'publicDescription',
        label: label('modPublicText'),
        type: 'textarea',
        maxLength: 5000,
        value: this.report?.description ?? '',
        hint: host.t('modPublicHint'),
      },
      { name: 'hidden', label: label('modHide'), type: 'checkbox', value: Boolean(this.report?.hidden) },
    ];
    this.form = new FormController(host, 'moderation', fields, async (v: FormValues) => {
      const r = this.report!;
      const hidePhotos = [...host.renderRoot.querySelectorAll<HTMLInputElement>('input[name="hidePhoto"]:checked')].map((i) => Number(i.value));
      const body: Record<string, unknown> = { reason: v.reason, hidden: v.hidden === true };
      if (v.publicDescription && v.publicDescription !== r.description) body.publicDescription = v.publicDescription;
      if (hidePhotos.length) body.hidePhotos = hidePhotos;
      this.report = await this.send(r.id, body);
      this.updated(this.report);
      this.form.reset();
      host.announce(host.t('modSaved'));
    });
  }

  hostConnected(): void {}

  open(r: StaffReport): void {
    this.report = r;
    this.form.reset();
  }

  render(): TemplateResult {
    const t = this.host.t;
    const r = this.report;
    if (!r) return html``;
    const shown = (r.staffPhotos ?? []).filter((p) => !p.hidden);
    return html`<section class="moderation" aria-labelledby="moderation-title">
      <h4 id="moderation-title">${t('moderation')}${r.hidden ? html` <span class="badge">${t('hiddenBadge')}</span>` : nothing}</h4>
      ${r.flags?.length ? html`<ul>${r.flags.map((f) => html`<li>${f.reason} <span class="muted">${this.host.date(f.createdAt)}</span></li>`)}</ul>` : nothing}
      ${r.moderation?.originalDescription ? html`<h5>${t('originalText')}</h5><p class="description">${r.moderation.originalDescription}</p>` : nothing}
      ${this.form.render(label('modSave'), {
        // photos by their own number: a hidden one keeps it (and is shown again from the photo list)
        before: shown.length
          ? html`<fieldset class="field"><legend>${t('modHidePhotos')}</legend>${shown.map(
              (p) =>
                html`<div class="checkbox"><input type="checkbox" id="hide-photo-${p.n}" name="hidePhoto" value=${p.n} /><label for="hide-photo-${p.n}">${t('photoAlt', { n: p.n + 1 })}</label></div>`,
            )}</fieldset>`
          : undefined,
      })}
    </section>`;
  }
}
