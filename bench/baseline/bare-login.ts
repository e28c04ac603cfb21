// Render baseline: civic-login's signed-out template (same markup, same styles) in a bare
// LitElement, without the widget's session, i18n, form controller or email-link machinery.
import { LitElement, html } from 'lit';
import { baseStyles } from '../../widget/src/core/styles.js';

class BareLogin extends LitElement {
  static override styles = [baseStyles];
  override render() {
    return html`<section aria-labelledby="login-title">
      <slot name="heading"><h2 id="login-title">Logowanie</h2></slot>
      <div part="status" class="status" role="status" aria-live="polite"></div>
      <div class="status" role="alert"></div>
      <form id="login-form" part="form" novalidate aria-busy="false">
        <div class="field" part="field">
          <label for="login-email" part="label">E-mail</label>
          <input id="login-email" name="email" part="input" class="input" type="email" .value=${''} autocomplete="email"
            required spellcheck="false" autocapitalize="off" aria-invalid="false" />
        </div>
        <div class="field" part="field">
          <label for="login-password" part="label">Hasło</label>
          <div class="password"><input id="login-password" name="password" part="input" class="input" type="password" .value=${''}
            autocomplete="current-password" required spellcheck="false" autocapitalize="off" aria-invalid="false" />
            <button type="button" class="toggle" part="toggle" aria-controls="login-password">Pokaż hasło</button></div>
        </div>
        <p class="forgot"><button type="button" class="link-button">Zapomniałem hasła</button></p>
        <div class="actions">
          <button type="submit" part="button" class="button">Zaloguj</button>
          <button type="button" class="button button--secondary" part="register-button">Zarejestruj się</button>
        </div>
      </form>
    </section>`;
  }
}
customElements.define('bare-login', BareLogin);
