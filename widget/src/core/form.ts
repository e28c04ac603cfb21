import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { ApiError } from './api.js';
import { errorText, type Params } from './i18n.js';
import type { MessageKey } from '../i18n/pl.js';
import '../i18n/pl/forms.js';
import type { CivicElement } from './civic-element.js';
import type * as FormCheck from './form-check.js';

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

type Checks = typeof FormCheck;
let checks: Checks | undefined;
let loading: Promise<Checks> | undefined;
/** The checks, the summary and the server's field errors (form-check.ts), loaded once for every form on the page. */
const loadChecks = (): Promise<Checks> =>
  (loading ??= import('./form-check.js').then(
    (m) => (checks = m),
    (err: unknown) => {
      loading = undefined; // a failed fetch is tried again on the next submit
      throw err;
    },
  ));
const prefetchChecks = (): void => void loadChecks().catch(() => undefined);

/**
 * GOV.UK-style form behaviour shared by every element: validation on submit, an error summary
 * that takes focus and links to fields, inline errors wired with aria-invalid/aria-describedby,
 * server field codes mapped to text, one submission at a time, password show/hide.
 */
export class FormController implements ReactiveController {
  submitting = false;
  /** @internal field name → [code, params] (this and the next three are set by form-check.ts) */
  errors = new Map<string, [string, Params]>();
  /** @internal */
  formError?: unknown;
  /** @internal The values last submitted, and the fields the server refused: its verdict stays until that value changes. */
  submitted: FormValues = {};
  /** @internal */
  fromServer = new Set<string>();
  private shown = new Set<string>();
  /** One show/hide listener per password field for the form's life (not a closure per render). */
  private toggles = new Map<string, () => void>();

  constructor(
    /** @internal */ readonly host: CivicElement,
    /** @internal */ readonly id: string,
    /** @internal */ readonly fields: () => FieldDef[],
    /** @internal */ readonly onSubmit: (values: FormValues) => Promise<void>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // on the host, so forms an element lays out itself (the report form) are covered too
    this.host.addEventListener('focusin', prefetchChecks, { once: true });
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

  /** Errors clear when fixed (GOV.UK): each edit re-checks the fields that have an error (form-check.ts). */
  private readonly handleInput = (e: Event): void => {
    if (this.errors.size && checks) checks.recheck(this, e);
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
    // read now: what was in the form when it was sent (a re-render while the checks load must not change it)
    const values = this.read(e.currentTarget as HTMLFormElement);
    // the checks load with the first focus in a form (prefetch), at the latest here (issue 20: not on the first screen)
    let c: Checks;
    try {
      c = await loadChecks();
    } catch {
      // their chunk could not be fetched (the connection went): said as a lost connection; the next submit tries again
      this.host.notice = { kind: 'error', text: errorText(this.host.t, new ApiError(0, { code: 'network_error' })) };
      return;
    }
    await c.submit(this, values);
  };

  /** @internal The form's values: trimmed, except passwords (spaces are part of a passphrase); checkboxes as booleans. */
  read(form: HTMLFormElement): FormValues {
    const values: FormValues = {};
    for (const f of this.fields()) {
      const el = form.elements.namedItem(f.name) as HTMLInputElement | HTMLSelectElement | null;
      // a file field's value is the chosen file's name; the host reads the file itself
      if (el) values[f.name] = f.type === 'checkbox' ? (el as HTMLInputElement).checked : f.type === 'password' ? el.value : el.value.trim();
    }
    return values;
  }

  /** Maps a failure to field errors (known fields) or a form-level message, then shows the summary. */
  fail(err: unknown): void {
    void loadChecks().then((c) => c.fail(this, err));
  }

  focusField(name: string): void {
    this.host.renderRoot.querySelector<HTMLElement>(`#${this.id}-${name}`)?.focus();
  }

  /** The error summary (GOV.UK): heading, then a link per field error; focused after a failed submit. */
  renderSummary(): TemplateResult | typeof nothing {
    // errors exist only once the checks have loaded (they set them)
    return this.hasErrors && checks ? checks.renderSummary(this) : nothing;
  }

  renderField(f: FieldDef): TemplateResult {
    const t = this.host.t;
    const id = `${this.id}-${f.name}`;
    const err = this.errors.size && checks ? checks.message(this, f.name, f) : undefined;
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
