import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { ApiError } from './api.js';
import { errorText, fieldErrorText, type Params } from './i18n.js';
import type { MessageKey } from '../i18n/pl.js';
import '../i18n/pl/forms.js';
import type { CivicElement } from './civic-element.js';
import { accountFlowsOf } from './account-flows.js';

export type FieldType = 'text' | 'email' | 'password' | 'tel' | 'checkbox' | 'select' | 'textarea' | 'file';

export interface FieldDef {
  name: string;
  label: MessageKey;
  type?: FieldType;
  autocomplete?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  /** Must equal this other field (password confirmation). */
  matches?: string;
  /** A RegExp, or any check with `test` (e.g. a date that must also exist). */
  pattern?: Pick<RegExp, 'test'>;
  inputmode?: 'numeric' | 'tel' | 'email' | 'text';
  hint?: string;
  options?: { value: string; label: string }[];
  /** Initial value (account form); the resident's edits are kept across re-renders. */
  value?: string | boolean;
  /** Rendered after a checkbox's label, e.g. the terms link. */
  extra?: TemplateResult;
  /** Texts for this field's error codes where the generic ones would mislead (e.g. `invalid` on an SMS code). */
  messages?: Partial<Record<string, MessageKey>>;
  /** `accept` of a file input. */
  accept?: string;
  /** Values for this field's error texts (e.g. the office's contact in "PESEL taken"). */
  params?: Params;
}

export type FormValues = Record<string, string | boolean>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * GOV.UK-style form behaviour shared by every element: validation on submit, an error summary
 * that takes focus and links to fields, inline errors wired with aria-invalid/aria-describedby,
 * server field codes mapped to text, one submission at a time, password show/hide.
 */
export class FormController implements ReactiveController {
  submitting = false;
  /** field name → [code, params] */
  private errors = new Map<string, [string, Params]>();
  private formError?: unknown;
  /** The values last submitted, and the fields the server refused: its verdict stays until that value changes. */
  private submitted: FormValues = {};
  private fromServer = new Set<string>();
  private shown = new Set<string>();
  /** One show/hide listener per password field for the form's life (not a closure per render). */
  private toggles = new Map<string, () => void>();

  constructor(
    private readonly host: CivicElement,
    private readonly id: string,
    private readonly fields: () => FieldDef[],
    private readonly onSubmit: (values: FormValues) => Promise<void>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // on the host, so forms an element lays out itself (the report form) are covered too
    this.host.addEventListener('input', this.handleInput);
    this.host.addEventListener('change', this.handleInput);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('input', this.handleInput);
    this.host.removeEventListener('change', this.handleInput);
  }

  /** A field that stopped being required (e.g. the address once a point is on the map) loses its "required" error. */
  hostUpdate(): void {
    for (const [name, [code]] of this.errors) {
      if (code === 'required' && !this.fromServer.has(name) && !this.fields().find((f) => f.name === name)?.required) this.errors.delete(name);
    }
  }

  /**
   * Errors clear when fixed (GOV.UK): each edit re-checks the fields that have an error, and one
   * that now passes loses its message (a server's code such as `taken` goes once the value changes).
   */
  private readonly handleInput = (e: Event): void => {
    const form = (e.composedPath()[0] as HTMLInputElement).form;
    if (!form || form.id !== `${this.id}-form` || !this.errors.size) return;
    const values = this.read(form);
    const now = this.validate(values);
    let changed = false;
    for (const [name, [code]] of this.errors) {
      const again = now.get(name);
      if (again && again[0] === code) continue;
      if (!again && this.fromServer.has(name) && values[name] === this.submitted[name]) continue;
      if (again) this.errors.set(name, again);
      else this.errors.delete(name);
      changed = true;
    }
    if (changed) this.host.requestUpdate();
  };

  /** Error code of the last form-level failure (e.g. `account_not_active`), if any. */
  get formErrorCode(): string | undefined {
    return this.formError instanceof ApiError ? this.formError.code : undefined;
  }

  get hasErrors(): boolean {
    return this.errors.size > 0 || this.formError !== undefined;
  }

  reset(): void {
    this.errors.clear();
    this.formError = undefined;
    this.host.requestUpdate();
  }

  readonly handleSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (this.submitting) return;
    const form = e.currentTarget as HTMLFormElement;
    const values = this.read(form);
    this.submitted = values;
    this.fromServer.clear();
    this.errors = this.validate(values);
    this.formError = undefined;
    if (this.errors.size) return this.showErrors();
    this.submitting = true;
    this.host.requestUpdate();
    try {
      await this.onSubmit(values);
    } catch (err) {
      this.fail(err);
    } finally {
      this.submitting = false;
      this.host.requestUpdate();
    }
  };

  /** Maps a failure to field errors (known fields) or a form-level message, then shows the summary. */
  fail(err: unknown): void {
    // "confirm your phone first" (login of a pending_phone account): the host shows the SMS step instead
    if (accountFlowsOf(this.host)?.offerPhoneStep(err)) return;
    const known = new Set(this.fields().map((f) => f.name));
    if (err instanceof ApiError && Object.keys(err.fields).length) {
      for (const [name, code] of Object.entries(err.fields)) {
        if (!known.has(name)) continue;
        this.errors.set(name, [code, this.params(name)]);
        this.fromServer.add(name);
      }
    }
    if (!this.errors.size) this.formError = err;
    void this.showErrors();
  }

  private params(name: string): Params {
    const f = this.fields().find((x) => x.name === name);
    return { min: f?.minLength ?? '', max: f?.maxLength ?? '', ...f?.params };
  }

  private read(form: HTMLFormElement): FormValues {
    const values: FormValues = {};
    for (const f of this.fields()) {
      const el = form.elements.namedItem(f.name) as HTMLInputElement | HTMLSelectElement | null;
      if (!el) continue;
      // a file field's value is the chosen file's name; the host reads the file itself
      values[f.name] = f.type === 'checkbox' ? (el as HTMLInputElement).checked : el.value.trim();
    }
    // Passwords are taken as typed (leading/trailing spaces are part of a passphrase).
    for (const f of this.fields()) {
      const el = form.elements.namedItem(f.name) as HTMLInputElement | null;
      if (el && f.type === 'password') values[f.name] = el.value;
    }
    return values;
  }

  private validate(values: FormValues): Map<string, [string, Params]> {
    const errors = new Map<string, [string, Params]>();
    for (const f of this.fields()) {
      const v = values[f.name];
      const p = this.params(f.name);
      if (f.type === 'checkbox') {
        if (f.required && v !== true) errors.set(f.name, ['must_accept', p]);
        continue;
      }
      const s = typeof v === 'string' ? v : '';
      if (!s) {
        if (f.required) errors.set(f.name, ['required', p]);
      } else if (f.type === 'email' && !EMAIL.test(s)) errors.set(f.name, ['invalid', p]);
      else if (f.pattern && !f.pattern.test(s)) errors.set(f.name, ['invalid', p]);
      else if (f.minLength && s.length < f.minLength) errors.set(f.name, ['too_short', p]);
      else if (f.maxLength && s.length > f.maxLength) errors.set(f.name, ['too_long', p]);
      else if (f.matches && s !== values[f.matches]) errors.set(f.name, ['mismatch', p]);
    }
    return errors;
  }

  private async showErrors(): Promise<void> {
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>(`#${this.id}-summary`)?.focus();
  }

  focusField(name: string): void {
    this.host.renderRoot.querySelector<HTMLElement>(`#${this.id}-${name}`)?.focus();
  }

  private message(name: string, def?: FieldDef): string | undefined {
    const e = this.errors.get(name);
    if (!e) return undefined;
    const f = def ?? this.fields().find((x) => x.name === name);
    const own = f?.messages?.[e[0]];
    if (own) return this.host.t(own, { label: this.host.t(f.label), ...e[1] });
    return fieldErrorText(this.host.t, e[0], f ? this.host.t(f.label) : name, e[1]);
  }

  /** The error summary (GOV.UK): heading, then a link per field error; focused after a failed submit. */
  renderSummary(): TemplateResult | typeof nothing {
    if (!this.hasErrors) return nothing;
    const t = this.host.t;
    return html`<div id="${this.id}-summary" class="error-summary" part="error-summary" tabindex="-1"
      role="alert" aria-labelledby="${this.id}-summary-title">
      <h3 id="${this.id}-summary-title" class="error-summary__title">${t('errorSummary')}</h3>
      <ul class="error-summary__list">
        ${this.formError !== undefined ? html`<li>${errorText(t, this.formError)}</li>` : nothing}
        ${this.fields()
          .filter((f) => this.errors.has(f.name))
          .map(
            (f) => html`<li><a href="#${this.id}-${f.name}"
              @click=${(e: Event) => {
                e.preventDefault();
                this.focusField(f.name);
              }}>${this.message(f.name, f)}</a></li>`,
          )}
      </ul>
    </div>`;
  }

  renderField(f: FieldDef): TemplateResult {
    const t = this.host.t;
    const id = `${this.id}-${f.name}`;
    const err = this.errors.size ? this.message(f.name, f) : undefined;
    const describedBy = f.hint || err ? [f.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') : nothing;
    const errorEl = err ? html`<p id="${id}-error" class="error-message"><span class="visually-hidden">${t('errorPrefix')}</span> ${err}</p>` : nothing;
    const hint = f.hint ? html`<div id="${id}-hint" class="hint">${f.hint}</div>` : nothing;
    const optional = !f.required && f.type !== 'checkbox' ? html` <span class="optional">${t('optional')}</span>` : nothing;

    if (f.type === 'checkbox') {
      return html`<div class="field ${err ? 'field--error' : ''}" part="field">
        ${errorEl}
        <div class="checkbox">
          <input id=${id} name=${f.name} type="checkbox" .checked=${f.value === true} ?required=${!!f.required}
            aria-invalid=${err ? 'true' : 'false'} aria-describedby=${describedBy} />
          <label for=${id} part="label">${t(f.label)}</label>
        </div>
        ${f.extra ?? nothing}
      </div>`;
    }
    const control =
      f.type === 'textarea'
        ? html`<textarea id=${id} name=${f.name} part="input" class="input" rows="5" .value=${typeof f.value === 'string' ? f.value : ''}
            ?required=${!!f.required} aria-invalid=${err ? 'true' : 'false'} aria-describedby=${describedBy}></textarea>`
        : f.type === 'select'
          ? html`<select id=${id} name=${f.name} part="input" class="input" ?required=${!!f.required}
            aria-invalid=${err ? 'true' : 'false'} aria-describedby=${describedBy} autocomplete=${f.autocomplete ?? nothing}>
            ${(f.options ?? []).map((o) => html`<option value=${o.value} ?selected=${o.value === f.value}>${o.label}</option>`)}
          </select>`
          : html`<input id=${id} name=${f.name} part="input" class="input"
            type=${f.type === 'password' && this.shown.has(f.name) ? 'text' : (f.type ?? 'text')}
            .value=${typeof f.value === 'string' ? f.value : ''} autocomplete=${f.autocomplete ?? nothing}
            inputmode=${f.inputmode ?? nothing} ?required=${!!f.required} spellcheck="false" accept=${f.accept ?? nothing}
            autocapitalize=${f.type === 'text' ? nothing : 'off'}
            aria-invalid=${err ? 'true' : 'false'} aria-describedby=${describedBy} />`;
    return html`<div class="field ${err ? 'field--error' : ''}" part="field">
      <label for=${id} part="label">${t(f.label)}${optional}</label>
      ${hint}${errorEl}
      ${f.type === 'password' ? html`<div class="password">${control}${this.renderToggle(f.name, id)}</div>` : control}
    </div>`;
  }

  private toggleHandler(name: string): () => void {
    let h = this.toggles.get(name);
    if (!h) {
      h = () => {
        if (!this.shown.delete(name)) this.shown.add(name);
        this.host.requestUpdate();
      };
      this.toggles.set(name, h);
    }
    return h;
  }

  private renderToggle(name: string, id: string): TemplateResult {
    const shown = this.shown.has(name);
    const t = this.host.t;
    return html`<button type="button" class="toggle" part="toggle" aria-controls=${id}
      @click=${this.toggleHandler(name)}>${shown ? t('hidePassword') : t('showPassword')}</button>`;
  }

  /** `<form>` with summary, fields and a submit button; `extra.start` goes before the fields (a hidden username), `extra.before` above the buttons, `extra.after` beside them. */
  render(submitLabel: MessageKey, extra: { start?: TemplateResult; before?: TemplateResult; after?: TemplateResult } = {}): TemplateResult {
    return html`<form id="${this.id}-form" part="form" novalidate @submit=${this.handleSubmit} aria-busy=${this.submitting ? 'true' : 'false'}>
      ${this.renderSummary()}${extra.start ?? nothing}
      ${this.fields().map((f) => this.renderField(f))}
      ${extra.before ?? nothing}
      <div class="actions">
        <button type="submit" part="button" class="button">${this.host.t(submitLabel)}</button>
        ${extra.after ?? nothing}
      </div>
    </form>`;
  }
}
