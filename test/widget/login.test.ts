import { sendKeys } from '@web/test-runner-commands';
import '../../widget/src/components/civic-login/civic-login.js';
import type { CivicLogin } from '../../widget/src/components/civic-login/civic-login.js';
import {
  activeElement,
  assert,
  axe,
  signOutLocally,
  button,
  createUser,
  env,
  equal,
  field,
  fixture,
  includes,
  setValue,
  text,
  uniqueEmail,
  waitFor,
  $,
} from './helpers.js';

const LABELS = {
  pl: { email: 'E-mail', password: 'Hasło', login: 'Zaloguj', forgot: 'Zapomniałem hasła', register: 'Zarejestruj się' },
  en: { email: 'Email', password: 'Password', login: 'Log in', forgot: 'Forgot password?', register: 'Register' },
  de: { email: 'E-Mail', password: 'Passwort', login: 'Anmelden', forgot: 'Passwort vergessen?', register: 'Registrieren' },
} as const;

let apiUrl: string;

async function login(lang = 'pl'): Promise<CivicLogin> {
  signOutLocally(apiUrl);
  return fixture('civic-login', { lang, 'api-url': apiUrl });
}

describe('civic-login', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });

  for (const lang of ['pl', 'en', 'de'] as const) {
    it(`renders the contract's labels in ${lang}, with autocomplete tokens`, async () => {
      const el = await login(lang);
      const l = LABELS[lang];
      equal(field(el, l.email).getAttribute('autocomplete'), 'email');
      equal(field(el, l.password).getAttribute('autocomplete'), 'current-password');
      equal((field(el, l.password) as HTMLInputElement).type, 'password');
      button(el, l.login);
      button(el, l.forgot);
      button(el, l.register);
      await axe(el);
    });
  }

  it('falls back to <html lang> and follows it when the page switches language', async () => {
    document.documentElement.lang = 'de';
    try {
      sessionStorage.clear();
      const el = await fixture('civic-login', { 'api-url': apiUrl });
      await waitFor(() => el.shadowRoot!.textContent!.includes('Anmelden'), 'German');
      document.documentElement.lang = 'en';
      await waitFor(() => el.shadowRoot!.textContent!.includes('Log in'), 'English after <html lang> changed');
    } finally {
      document.documentElement.lang = 'en';
    }
  });

  it('on an empty submit shows an error summary that takes focus and links to each field', async () => {
    const el = await login('pl');
    button(el, 'Zaloguj').click();
    const summary = await waitFor(() => $(el, '.error-summary'), 'error summary');
    equal(activeElement(), summary, 'focus on the summary');
    includes(summary.textContent, 'E-mail nie może pozostać bez wartości.');
    includes(summary.textContent, 'Hasło nie może pozostać bez wartości.');
    const email = field(el, 'E-mail');
    equal(email.getAttribute('aria-invalid'), 'true');
    const describedBy = email.getAttribute('aria-describedby')!;
    includes(el.shadowRoot!.getElementById(describedBy)!.textContent, 'E-mail nie może pozostać bez wartości.');
    // The summary link moves focus to its field.
    (summary.querySelector('a') as HTMLAnchorElement).click();
    equal(activeElement(), email, 'focus on the email field');
    await axe(el);
  });

  it('validates the email format in the resident language', async () => {
    const el = await login('en');
    setValue(field(el, 'Email'), 'not-an-email');
    setValue(field(el, 'Password'), 'whatever');
    button(el, 'Log in').click();
    const summary = await waitFor(() => $(el, '.error-summary'), 'error summary');
    includes(summary.textContent, 'Email is not in the right format.');
  });

  it("shows the server's invalid_credentials in Polish, not the server's English", async () => {
    const { email } = await createUser();
    const el = await login('pl');
    setValue(field(el, 'E-mail'), email);
    setValue(field(el, 'Hasło'), 'definitely-not-the-password');
    button(el, 'Zaloguj').click();
    const summary = await waitFor(() => $(el, '.error-summary'), 'error summary');
    includes(summary.textContent, 'Nieprawidłowy e-mail lub hasło.');
    assert(!summary.textContent!.includes('not correct'), 'no English server message');
  });

  it('offers to resend the activation link for a not-yet-activated account', async () => {
    const { email, password } = await createUser({ activate: false });
    const el = await login('pl');
    setValue(field(el, 'E-mail'), email);
    setValue(field(el, 'Hasło'), password);
    button(el, 'Zaloguj').click();
    await waitFor(() => $(el, '.error-summary'), 'error summary');
    includes($(el, '.error-summary')!.textContent, 'Konto nie zostało jeszcze aktywowane');
    button(el, 'Wyślij ponownie link aktywacyjny').click();
    await waitFor(() => el.shadowRoot!.querySelector('[role=status]')!.textContent!.includes('wysłaliśmy nowy link'), 'resend notice');
  });

  it('signs in by keyboard only and fires civic-signed-in (bubbling, composed)', async () => {
    const { email, password } = await createUser({ firstName: 'Zofia', lastName: 'Klawiatura' });
    const el = await login('pl');
    const events: CustomEvent[] = [];
    document.addEventListener('civic-signed-in', (e) => events.push(e), { once: true });
    field(el, 'E-mail').focus();
    await sendKeys({ type: email });
    await sendKeys({ press: 'Tab' });
    equal(activeElement(), field(el, 'Hasło'), 'Tab moves to the password');
    await sendKeys({ type: password });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => events.length === 1, 'civic-signed-in');
    equal(events[0].bubbles && events[0].composed, true, 'bubbles and composed');
    equal((events[0].detail as { user: { email: string } }).user.email, email);
    await waitFor(() => text(el).includes('Zalogowano jako Zofia Klawiatura.'), 'signed-in text');
    await axe(el);
  });

  it('has a password show/hide toggle with a proper name', async () => {
    const el = await login('pl');
    const pw = field(el, 'Hasło') as HTMLInputElement;
    const toggle = button(el, 'Pokaż hasło');
    equal(toggle.getAttribute('aria-controls'), pw.id);
    toggle.click();
    await waitFor(() => (field(el, 'Hasło') as HTMLInputElement).type === 'text', 'password shown');
    button(el, 'Ukryj hasło');
  });

  it('keeps working when the server cannot be reached, with a message in the resident language', async () => {
    sessionStorage.clear();
    const el = await fixture('civic-login', { lang: 'de', 'api-url': 'http://127.0.0.1:9' });
    setValue(field(el, 'E-Mail'), uniqueEmail());
    setValue(field(el, 'Passwort'), 'irrelevant-password');
    button(el, 'Anmelden').click();
    const summary = await waitFor(() => $(el, '.error-summary'), 'error summary');
    includes(summary.textContent, 'Der Server ist nicht erreichbar');
  });
});
