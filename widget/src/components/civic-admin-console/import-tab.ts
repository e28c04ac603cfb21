/** The admin console's legacy CSV import tab: the file, then what was created, skipped and refused per line. */
import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../../core/api.js';
import { FormController, type FieldDef } from '../../core/form.js';
import { fieldErrorText } from '../../core/i18n.js';
import type { MessageKey } from '../../i18n/pl.js';
import { k, type AdminConsole, type ImportResult } from './shared.js';

/** Import columns → the labels residents know (core texts). */
const COLUMN_LABELS: Record<string, MessageKey> = {
  email: 'email',
  firstName: 'firstName',
  lastName: 'lastName',
  phone: 'phone',
  district: 'district',
  pesel: 'pesel',
  locale: 'locale',
};

export class ImportTab {
  private imported?: ImportResult;

  constructor(private readonly host: AdminConsole) {}

  private readonly form = new FormController(
    this.host,
    'import',
    (): FieldDef[] => [{ name: 'file', label: k('csvFile'), type: 'file', required: true, accept: '.csv,text/csv,text/plain', hint: this.host.t('csvHint') }],
    async () => {
      const { host } = this;
      this.imported = undefined;
      const file = host.renderRoot.querySelector<HTMLInputElement>('#import-file')?.files?.[0];
      if (!file) return;
      // as text/csv whatever the system called the file (Windows says application/vnd.ms-excel)
      const body = new Blob([await file.text()], { type: 'text/csv' });
      try {
        this.imported = await host.session.authed<ImportResult>('POST', '/admin/users/import', body);
      } catch (err) {
        const missing = err instanceof ApiError && err.code === 'validation_failed' ? Object.keys(err.fields) : [];
        if (!missing.length) throw err;
        host.notice = { kind: 'error', text: host.t('importMissing', { columns: missing.join(', ') }) };
        return;
      }
      host.notice = { kind: 'success', text: host.t('importDone', { n: this.imported.created }) };
      (host.renderRoot.querySelector('#import-form') as HTMLFormElement | null)?.reset();
    },
  );

  render(): TemplateResult {
    const t = this.host.t;
    const r = this.imported;
    const rowError = (fields: Record<string, string>) =>
      Object.entries(fields)
        // (their Polish, i18n/pl/form-errors.ts, came with the forms' checks this submission went through)
        .map(([col, code]) => fieldErrorText(t, code, COLUMN_LABELS[col] ? t(COLUMN_LABELS[col]) : col))
        .join(' ');
    return html`<p>${t('importIntro')}</p>
      ${this.form.render(k('importButton'))}
      ${
        r
          ? html`<section aria-labelledby="import-result-title">
        <h3 id="import-result-title">${t('importDone', { n: r.created })}</h3>
        ${
          r.skipped.length
            ? html`<h4>${t('importSkipped', { n: r.skipped.length })}</h4>
          <ul>${r.skipped.map((x) => html`<li>${t('rowSkipped', { line: x.line, email: x.email })}</li>`)}</ul>`
            : nothing
        }
        ${
          r.errors.length
            ? html`<h4>${t('importErrors', { n: r.errors.length })}</h4>
          <ul>${r.errors.map((x) => html`<li>${t('rowError', { line: x.line, errors: rowError(x.fields) })}</li>`)}</ul>`
            : nothing
        }
      </section>`
          : nothing
      }`;
  }
}
