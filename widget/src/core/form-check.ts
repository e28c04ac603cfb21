/**
 * The forms' checks (GOV.UK): validation on submit, the error summary that takes focus and links to fields,
 * the server's field codes mapped to text, errors that clear when fixed. Every form's FormController
 * (form.ts) loads this once, with the first focus in a form or at the latest on submit: a first screen shows
 * no error, so none of it is on it (issue 20).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from './api.js';
import { errorText, fieldErrorText, type Params } from './i18n.js';
import { accountFlowsOf } from './account-flows.js';
import type { FieldDef, FormController, FormValues } from './form.js';
import '../i18n/pl/form-errors.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One submission (the values as they were when it was sent): check, then the host's `onSubmit`; a failure becomes field or form errors. */
export async function submit(c: FormController, values: FormValues): Promise<void> {
  if (c.submitting) return;
  c.submitted = values;
  c.fromServer.clear();
  c.errors = validate(c, values);
  c.formError = undefined;
  if (c.errors.size) return showErrors(c);
  c.submitting = true;
  c.host.requestUpdate();
  try {
    await c.onSubmit(values);
  } catch (err) {
    fail(c, err);
  } finally {
    c.submitting = false;
    c.host.requestUpdate();
  }
}

/**
 * Errors clear when fixed (GOV.UK): each edit re-checks the fields that have an error, and one
 * that now passes loses its message (a server's code such as `taken` goes once the value changes).
 */
export function recheck(c: FormController, e: Event): void {
  const form = (e.composedPath()[0] as HTMLInputElement).form;
  if (!form || form.id !== `${c.id}-form` || !c.errors.size) return;
  const values = c.read(form);
  const now = validate(c, values);
  let changed = false;
  for (const [name, [code]] of c.errors) {
    const again = now.get(name);
    if (again && again[0] === code) continue;
    if (!again && c.fromServer.has(name) && values[name] === c.submitted[name]) continue;
    if (again) c.errors.set(name, again);
    else c.errors.delete(name);
    changed = true;
  }
  if (changed) c.host.requestUpdate();
}

/** Maps a failure to field errors (known fields) or a form-level message, then shows the summary. */
export function fail(c: FormController, err: unknown): void {
  // "confirm your phone first" (login of a pending_phone account): the host shows the SMS step instead
  if (accountFlowsOf(c.host)?.offerPhoneStep(err)) return;
  const known = new Set(c.fields().map((f) => f.name));
  if (err instanceof ApiError && Object.keys(err.fields).length) {
    for (const [name, code] of Object.entries(err.fields)) {
      if (!known.has(name)) continue;
      c.errors.set(name, [code, params(c, name)]);
      c.fromServer.add(name);
    }
  }
  if (!c.errors.size) c.formError = err;
  void showErrors(c);
}

function params(c: FormController, name: string): Params {
  const f = c.fields().find((x) => x.name === name);
  return { min: f?.minLength ?? '', max: f?.maxLength ?? '', ...f?.params };
}

function validate(c: FormController, values: FormValues): Map<string, [string, Params]> {
  const errors = new Map<string, [string, Params]>();
  for (const f of c.fields()) {
    const v = values[f.name];
    const p = params(c, f.name);
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

async function showErrors(c: FormController): Promise<void> {
  c.host.requestUpdate();
  await c.host.updateComplete;
  c.host.renderRoot.querySelector<HTMLElement>(`#${c.id}-summary`)?.focus();
}

/** A field's error text: its own message for the code where it has one, else the generic one. */
export function message(c: FormController, name: string, def?: FieldDef): string | undefined {
  const e = c.errors.get(name);
  if (!e) return undefined;
  const f = def ?? c.fields().find((x) => x.name === name);
  const own = f?.messages?.[e[0]];
  if (own) return c.host.t(own, { label: c.host.t(f.label), ...e[1] });
  return fieldErrorText(c.host.t, e[0], f ? c.host.t(f.label) : name, e[1]);
}

/** The error summary (GOV.UK): heading, then a link per field error; focused after a failed submit. */
export function renderSummary(c: FormController): TemplateResult {
  const t = c.host.t;
  return html`<div id="${c.id}-summary" class="error-summary" part="error-summary" tabindex="-1"
    role="alert" aria-labelledby="${c.id}-summary-title">
    <h3 id="${c.id}-summary-title" class="error-summary__title">${t('errorSummary')}</h3>
    <ul class="error-summary__list">
      ${c.formError !== undefined ? html`<li>${errorText(t, c.formError)}</li>` : nothing}
      ${c
        .fields()
        .filter((f) => c.errors.has(f.name))
        .map(
          (f) => html`<li><a href="#${c.id}-${f.name}"
            @click=${(e: Event) => {
              e.preventDefault();
              c.focusField(f.name);
            }}>${message(c, f.name, f)}</a></li>`,
        )}
    </ul>
  </div>`;
}
