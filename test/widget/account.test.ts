import '../../widget/src/components/civic-account/civic-account.js';
import '../../widget/src/components/civic-login/civic-login.js';
import type { CivicAccount } from '../../widget/src/components/civic-account/civic-account.js';
import { getSession } from '../../widget/src/core/session.js';
import { assert, axe, button, createUser, env, equal, field, fixture, includes, setValue, signOutLocally, text, waitFor } from './helpers.js';

let apiUrl: string;

async function signedInAccount(lang = 'pl', names: Record<string, string> = {}): Promise<{ el: CivicAccount; email: string; password: string }> {
  signOutLocally(apiUrl);
  const { email, password } = await createUser(names);
  await getSession(apiUrl).login(email, password);
  const el = await fixture('civic-account', { lang, 'api-url': apiUrl });
  await waitFor(() => el.shadowRoot!.querySelector('#data-form'), 'account forms');
  return { el, email, password };
}

describe('civic-account', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });

  it('signed out, offers the log-in', async () => {
    signOutLocally(apiUrl);
    const el = await fixture('civic-account', { lang: 'pl', 'api-url': apiUrl });
    await waitFor(() => text(el).includes('Zaloguj się, aby zobaczyć swoje konto.'), 'signed-out text');
    button(el, 'Zaloguj się');
    await axe(el);
  });

  for (const [lang, title, update, label] of [
    ['pl', 'Moje konto', 'Aktualizacja danych', 'Imię'],
    ['en', 'My account', 'Update your details', 'First name'],
    ['de', 'Mein Konto', 'Daten aktualisieren', 'Vorname'],
  ] as const) {
    it(`shows the resident's data and "${update}" in ${lang}`, async () => {
      const { el, email } = await signedInAccount(lang, { firstName: 'Ewa', lastName: 'Lis' });
      includes(text(el), title);
      includes(text(el), update);
      includes(text(el), email);
      equal((field(el, label) as HTMLInputElement).value, 'Ewa');
      equal(field(el, label).getAttribute('autocomplete'), 'given-name');
      await axe(el);
    });
  }

  it('corrects data (PATCH /me) and says so in a live region', async () => {
    const { el } = await signedInAccount('pl', { firstName: 'Ewa', lastName: 'Lis' });
    setValue(field(el, 'Nazwisko'), 'Lisowska');
    button(el, 'Zapisz zmiany').click();
    await waitFor(() => el.shadowRoot!.querySelector('[role=status]')!.textContent!.includes('Dane zostały zapisane.'), 'saved');
    equal((await getSession(apiUrl).authed<{ lastName: string }>('GET', '/me')).lastName, 'Lisowska', 'stored on the server');
    includes(el.shadowRoot!.querySelector('.details')!.textContent, 'Lisowska');
  });

  it('changes the password and stays signed in with the new one', async () => {
    const { el, email, password } = await signedInAccount('pl');
    const fresh = 'zmienione-Haslo-Brzoza-77';
    setValue(field(el, 'Obecne hasło'), password);
    setValue(field(el, 'Nowe hasło'), fresh);
    setValue(field(el, 'Powtórz hasło'), fresh);
    button(el, 'Zmień hasło').click();
    await waitFor(() => el.shadowRoot!.querySelector('[role=status]')!.textContent!.includes('Hasło zostało zmienione.'), 'changed');
    equal(getSession(apiUrl).status, 'signed-in');
    equal((await getSession(apiUrl).authed<{ email: string }>('GET', '/me')).email, email);
  });

  it('reports a wrong current password against the field', async () => {
    const { el } = await signedInAccount('en');
    setValue(field(el, 'Current password'), 'not-my-password-at-all');
    setValue(field(el, 'New password'), 'zmienione-Haslo-Brzoza-77');
    setValue(field(el, 'Repeat password'), 'zmienione-Haslo-Brzoza-77');
    button(el, 'Change password').click();
    const summary = await waitFor(() => el.shadowRoot!.querySelector('#pw-summary'), 'summary');
    assert(summary.textContent!.trim().length > 0, 'an error is shown');
    equal(getSession(apiUrl).status, 'signed-in', 'still signed in');
  });

  it('logs out everywhere on the page and fires civic-signed-out', async () => {
    const { el } = await signedInAccount('pl');
    const login = document.createElement('civic-login');
    login.setAttribute('api-url', apiUrl);
    login.setAttribute('lang', 'pl');
    document.body.append(login);
    await waitFor(() => text(login).includes('Zalogowano jako'), 'the other element sees the session');
    const events: CustomEvent[] = [];
    document.addEventListener('civic-signed-out', (e) => events.push(e), { once: true });
    button(el, 'Wyloguj').click();
    await waitFor(() => events.length === 1, 'civic-signed-out');
    equal(events[0].bubbles && events[0].composed, true);
    await waitFor(() => text(login).includes('Zaloguj'), 'the log-in element shows the form again');
    await waitFor(() => text(el).includes('Zaloguj się, aby zobaczyć swoje konto.'), 'account signed out');
    equal(sessionStorage.length, 0, 'refresh token forgotten');
  });
});
