// Render baseline: civic-login's signed-out first render as the SAME templates in a bare LitElement.
// Every html`` below mirrors one in civic-login.ts, civic-element.ts (renderNotice) and form.ts
// (render, renderSummary, renderField, renderToggle) with the same static parts, the same nesting
// and the same bindings: event listeners bound to no-op handlers, attributes and properties bound
// to constants, `nothing` where CivicKit renders nothing. The same styles are adopted. What is left
// out is CivicKit's machinery: the session store, the i18n runtime, the form controller, email-link
// handling and profile loading. Keep it in step when those templates change.
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { baseStyles } from '../../widget/src/core/styles.js';
import { styles } from '../../widget/src/components/civic-login/civic-login.styles.js';

const noop = (): void => {};

interface Field {
  id: string;
  name: string;
  type: string;
  autocomplete: string;
  label: string;
}

const FIELDS: readonly Field[] = [
  { id: 'login-email', name: 'email', type: 'email', autocomplete: 'email', label: 'E-mail' },
  { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', label: 'Hasło' },
];

// CivicElement.renderNotice() with no notice.
const notice = (): TemplateResult => html`<div part="status" class="status" role="status" aria-live="polite">
      ${nothing}
    </div>
    <div class="status" role="alert">${nothing}</div>`;

// FormController.renderToggle() (password hidden).
const toggle = (id: string): TemplateResult => html`<button type="button" class="toggle" part="toggle" aria-controls=${id}
      @click=${noop}>${'Pokaż hasło'}</button>`;

// FormController.renderField() for a text-like, required field without hint or error.
const field = (f: Field): TemplateResult => {
  const control = html`<input id=${f.id} name=${f.name} part="input" class="input"
            type=${f.type}
            .value=${''} autocomplete=${f.autocomplete}
            inputmode=${nothing} ?required=${true} spellcheck="false"
            autocapitalize=${'off'}
            aria-invalid=${'false'} aria-describedby=${nothing} />`;
  return html`<div class="field ${''}" part="field">
      <label for=${f.id} part="label">${f.label}${nothing}</label>
      ${nothing}${nothing}
      ${f.type === 'password' ? html`<div class="password">${control}${toggle(f.id)}</div>` : control}
    </div>`;
};

// FormController.render('login', { before, after }).
const form = (
  before: TemplateResult,
  after: TemplateResult,
): TemplateResult => html`<form id="${'login'}-form" part="form" novalidate @submit=${noop} aria-busy=${'false'}>
      ${nothing}
      ${FIELDS.map(field)}
      ${before}
      <div class="actions">
        <button type="submit" part="button" class="button">${'Zaloguj'}</button>
        ${after}
      </div>
    </form>`;

class BareLogin extends LitElement {
  static override styles = [baseStyles, styles];

  // CivicLogin.render(), signed out.
  override render() {
    return html`<section aria-labelledby="login-title">
      <slot name="heading"><h2 id="login-title">${'Logowanie'}</h2></slot>
      ${notice()}
      ${form(
        html`<p class="forgot">
            <button type="button" class="link-button" @click=${noop}>
              ${'Zapomniałem hasła'}
            </button>
          </p>
          ${nothing}`,
        html`<button type="button" class="button button--secondary" part="register-button"
          @click=${noop}>${'Zarejestruj się'}</button>`,
      )}
    </section>`;
  }
}
customElements.define('bare-login', BareLogin);
