import { sendKeys } from '@web/test-runner-commands';
import { boot } from '../../widget/src/civickit.js';
import { activeElement, assert, axe, button, createUser, env, equal, field, includes, setValue, signOutLocally, text, waitFor } from './helpers.js';

let apiUrl: string;

async function portal(lang = 'pl'): Promise<HTMLElement> {
  signOutLocally(apiUrl);
  document.body.innerHTML = `<civic-portal lang="${lang}" api-url="${apiUrl}"></civic-portal>`;
  const el = document.body.firstElementChild as HTMLElement;
  await waitFor(() => el.shadowRoot?.querySelector('.nav-item'), 'portal rendered');
  return el;
}

const NAV = {
  pl: ['Komunikaty', 'Dodaj zgłoszenie', 'Zaloguj się', 'Uruchom bez logowania'],
  en: ['Announcements', 'Add a report', 'Log in', 'Continue without logging in'],
  de: ['Mitteilungen', 'Meldung hinzufügen', 'Anmelden', 'Ohne Anmeldung fortfahren'],
} as const;

describe('civic-portal', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
    boot({ apiUrl });
  });

  for (const lang of ['pl', 'en', 'de'] as const) {
    it(`renders the Siemianowice shell in ${lang}`, async () => {
      const el = await portal(lang);
      for (const name of NAV[lang]) button(el, name);
      await waitFor(() => text(el).includes('Bezpieczne Siemianowice'), 'title from the profile');
      await axe(el);
    });
  }

  it("shows the manual's introduction and loads no other element for the first screen", async () => {
    const el = await portal('pl');
    includes(text(el), 'Jest to aplikacja służąca do zgłaszania przez mieszkańców problemów');
    includes(text(el), 'Dzięki podjęciu przez siebie działania będziesz miał realny wpływ');
    assert(!el.shadowRoot!.querySelector('civic-login, civic-register, civic-account'), 'no view element yet');
  });

  it('switches language with its own switch (aria-pressed) without touching <html lang>', async () => {
    const el = await portal('pl');
    const htmlLang = document.documentElement.lang;
    const en = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.lang')].find((b) => b.lang === 'en')!;
    en.click();
    await waitFor(() => text(el).includes('Announcements'), 'English navigation');
    equal(el.getAttribute('lang'), 'en');
    equal(en.getAttribute('aria-pressed'), 'true');
    equal(document.documentElement.lang, htmlLang);
  });

  it('by keyboard: ZALOGUJ SIĘ opens the log-in view, focus moves to it, and signing in shows MOJE KONTO', async () => {
    const { email, password } = await createUser();
    const el = await portal('pl');
    button(el, 'Zaloguj się').focus();
    await sendKeys({ press: 'Enter' });
    const login = await waitFor(() => el.shadowRoot!.querySelector('civic-login'), 'log-in view');
    await waitFor(() => login.shadowRoot?.querySelector('input'), 'log-in rendered');
    equal(activeElement()?.id, 'main', 'focus on the view');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' }); // skip the heading slot: first the email field
    const focused = activeElement() as HTMLInputElement;
    assert(focused?.name === 'email' || focused?.name === 'password', `focus in the form, got ${focused?.outerHTML}`);
    setValue(field(login, 'E-mail'), email);
    setValue(field(login, 'Hasło'), password);
    field(login, 'Hasło').focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => [...el.shadowRoot!.querySelectorAll('.nav-item')].some((b) => b.textContent?.trim() === 'Moje konto'), 'Moje konto');
    button(el, 'Moje konto').click();
    const account = await waitFor(() => el.shadowRoot!.querySelector('civic-account'), 'account view');
    await waitFor(() => text(account).includes(email), 'account shows the email');
    await axe(el);
  });

  it('forgot-password and register links inside the log-in switch the portal view', async () => {
    const el = await portal('pl');
    button(el, 'Zaloguj się').click();
    const login = await waitFor(() => el.shadowRoot!.querySelector('civic-login'), 'log-in view');
    await waitFor(() => login.shadowRoot?.querySelector('form'), 'form');
    button(login, 'Zapomniałem hasła').click();
    await waitFor(() => el.shadowRoot!.querySelector('civic-password-reset'), 'reset view');
    equal(el.getAttribute('view'), 'password-reset');
    button(el, 'Zaloguj się').click();
    await waitFor(() => el.getAttribute('view') === 'login', 'back to log-in');
    button(login, 'Zarejestruj się').click();
    await waitFor(() => el.shadowRoot!.querySelector('civic-register'), 'register view');
  });

  // Every view now has its element; the admin view loads civic-admin-console, which refuses non-admins.
  it('the admin view loads the admin console, which is for administrators only', async () => {
    const el = await portal('pl');
    assert(!text(el).includes('Panel administratora'), 'no admin entry in the navigation when signed out');
    await (el as HTMLElementTagNameMap['civic-portal']).show('admin');
    await waitFor(() => el.shadowRoot!.querySelector('civic-admin-console'), 'admin console view');
    await waitFor(() => text(el).includes('Ten panel jest dla administratorów.'), 'refused when signed out');
  });
});
