import '../../widget/src/components/civic-password-reset/civic-password-reset.js';
import type { CivicPasswordReset } from '../../widget/src/components/civic-password-reset/civic-password-reset.js';
import { getSession } from '../../widget/src/core/session.js';
import { assert, axe, button, createUser, env, equal, field, fixture, includes, serverCommand, setValue, signOutLocally, text, waitFor, $ } from './helpers.js';

let apiUrl: string;

async function reset(lang: string): Promise<CivicPasswordReset> {
  signOutLocally(apiUrl);
  const el = await fixture('civic-password-reset', { lang, 'api-url': apiUrl });
  await waitFor(() => el.shadowRoot!.querySelector('form'), 'form');
  return el;
}

describe('civic-password-reset', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });

  const LABELS = {
    pl: ['Adres e-mail', 'Zresetuj hasło', 'Resetowanie hasła'],
    en: ['Email address', 'Reset password', 'Reset your password'],
    de: ['E-Mail-Adresse', 'Passwort zurücksetzen', 'Passwort zurücksetzen'],
  } as const;
  for (const lang of ['pl', 'en', 'de'] as const) {
    it(`asks for the email address in ${lang}`, async () => {
      const el = await reset(lang);
      const [f, b, title] = LABELS[lang];
      equal(field(el, f).getAttribute('autocomplete'), 'email');
      button(el, b);
      includes(text(el), title);
      await axe(el);
    });
  }

  it('requests a link, says so in a live region, and sets a new password from the emailed token', async () => {
    const { email, password } = await createUser();
    const el = await reset('pl');
    setValue(field(el, 'Adres e-mail'), email);
    button(el, 'Zresetuj hasło').click();
    await waitFor(() => el.shadowRoot!.querySelector('[role=status]')!.textContent!.includes(email), 'sent notice');
    const { token } = await serverCommand<{ token: string }>('civic-link', { to: email, action: 'reset' });

    el.token = token;
    el.requestUpdate();
    await waitFor(() => el.shadowRoot!.querySelector('form'), 'new-password form');
    includes(text(el), 'Ustaw nowe hasło');
    const np = field(el, 'Nowe hasło');
    equal(np.getAttribute('autocomplete'), 'new-password');
    equal(field(el, 'Powtórz hasło').getAttribute('autocomplete'), 'new-password');
    // issue 20: the account's address as a hidden username in the same form, before the new password,
    // so a password manager saves the new password for this account (the server tells it for a live link only)
    const username = await waitFor(() => el.shadowRoot!.querySelector<HTMLInputElement>('input[autocomplete="username"]'), 'hidden username');
    equal(username.value, email);
    equal(username.type, 'email');
    assert(username.hidden && username.readOnly, 'hidden and read-only: nothing to type, nothing for autofill to change');
    equal(username.form, np.form, 'in the new-password form');
    assert(username.compareDocumentPosition(np) & Node.DOCUMENT_POSITION_FOLLOWING, 'before the new password');
    await axe(el);
    const fresh = 'nowe-haslo-Jesion-2024-most';
    setValue(np, fresh);
    setValue(field(el, 'Powtórz hasło'), fresh);
    button(el, 'Ustaw nowe hasło').click();
    await waitFor(() => text(el).includes('Hasło zostało zmienione. Możesz się teraz zalogować.'), 'done');

    // The real effect: the new password works, the old one does not.
    await getSession(apiUrl).login(email, fresh);
    let oldFailed = false;
    try {
      await getSession(apiUrl).login(email, password);
    } catch {
      oldFailed = true;
    }
    assert(oldFailed, 'old password no longer works');
  });

  it('explains a used or unknown token in the resident language', async () => {
    const el = await reset('de');
    el.token = 'not-a-real-token';
    el.requestUpdate();
    await waitFor(() => el.shadowRoot!.querySelector('form #reset-confirm-password'), 'form');
    setValue(field(el, 'Neues Passwort'), 'nowe-haslo-Jesion-2024-most');
    setValue(field(el, 'Passwort wiederholen'), 'nowe-haslo-Jesion-2024-most');
    button(el, 'Neues Passwort festlegen').click();
    const summary = await waitFor(() => $(el, '.error-summary'), 'summary');
    includes(summary.textContent, 'Der Link ist ungültig, wurde bereits verwendet oder ist abgelaufen.');
    equal(el.shadowRoot!.querySelector('input[autocomplete="username"]'), null, 'a dead link names no account');
  });
});
