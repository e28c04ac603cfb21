import '../../widget/src/components/civic-register/civic-register.js';
import type { CivicRegister } from '../../widget/src/components/civic-register/civic-register.js';
import {
  activeElement,
  assert,
  axe,
  button,
  env,
  equal,
  field,
  fixture,
  includes,
  serverCommand,
  setValue,
  signOutLocally,
  STRONG_PASSWORD,
  text,
  uniqueEmail,
  waitFor,
  $,
} from './helpers.js';

const LABELS = {
  pl: ['E-mail', 'Hasło', 'Powtórz hasło', 'Imię', 'Nazwisko', 'Numer telefonu', 'Akceptuję regulamin', 'Zarejestruj się'],
  en: ['Email', 'Password', 'Repeat password', 'First name', 'Last name', 'Phone number', 'I accept the terms', 'Register'],
  de: ['E-Mail', 'Passwort', 'Passwort wiederholen', 'Vorname', 'Nachname', 'Telefonnummer', 'Ich akzeptiere die Nutzungsbedingungen', 'Registrieren'],
} as const;

let apiUrl: string;

async function register(lang: string, url = apiUrl): Promise<CivicRegister> {
  signOutLocally(url);
  const el = await fixture('civic-register', { lang, 'api-url': url });
  await waitFor(() => el.shadowRoot!.querySelector('form'), 'the form (after GET /profile)');
  return el;
}

function fill(el: CivicRegister, l: readonly string[], v: { email: string; password?: string; confirm?: string; terms?: boolean; phone?: string }) {
  setValue(field(el, l[0]), v.email);
  setValue(field(el, l[1]), v.password ?? STRONG_PASSWORD);
  setValue(field(el, l[2]), v.confirm ?? v.password ?? STRONG_PASSWORD);
  setValue(field(el, l[3]), 'Jan');
  setValue(field(el, l[4]), 'Kowalski');
  setValue(field(el, l[5]), v.phone ?? '+48 601 234 567');
  setValue(field(el, l[6]), v.terms ?? true);
}

describe('civic-register', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });

  for (const lang of ['pl', 'en', 'de'] as const) {
    it(`renders the contract's labels in ${lang} with autocomplete tokens, and passes axe`, async () => {
      const el = await register(lang);
      const l = LABELS[lang];
      equal(field(el, l[0]).getAttribute('autocomplete'), 'email');
      equal(field(el, l[1]).getAttribute('autocomplete'), 'new-password');
      equal(field(el, l[2]).getAttribute('autocomplete'), 'new-password');
      equal(field(el, l[3]).getAttribute('autocomplete'), 'given-name');
      equal(field(el, l[4]).getAttribute('autocomplete'), 'family-name');
      equal(field(el, l[5]).getAttribute('autocomplete'), 'tel');
      equal((field(el, l[6]) as HTMLInputElement).type, 'checkbox');
      button(el, l[7]);
      await axe(el);
    });
  }

  it('shows no district or PESEL for a profile that hides them', async () => {
    const el = await register('pl');
    assert(!el.shadowRoot!.querySelector('[name=district]'), 'no district');
    assert(!el.shadowRoot!.querySelector('[name=pesel]'), 'no PESEL');
  });

  it("builds the Kraków fields (district, PESEL) from that city's profile, without code changes", async () => {
    const { apiUrl: krakow } = await env('krakow');
    const el = await register('pl', krakow);
    const district = field(el, 'Dzielnica') as HTMLSelectElement;
    assert(district.required, 'district required');
    assert(
      [...district.options].some((o) => o.textContent === 'XVIII Nowa Huta'),
      'Kraków districts listed',
    );
    const pesel = field(el, 'PESEL') as HTMLInputElement;
    assert(pesel.required, 'PESEL required');
    button(el, 'Zarejestruj się').click();
    const summary = await waitFor(() => $(el, '.error-summary'), 'summary');
    includes(summary.textContent, 'Dzielnica nie może pozostać bez wartości.');
    includes(summary.textContent, 'PESEL nie może pozostać bez wartości.');
    await axe(el);
  });

  it('checks the form before sending: mismatch, too short, terms (pl)', async () => {
    const el = await register('pl');
    fill(el, LABELS.pl, { email: uniqueEmail(), password: 'krotkie', confirm: 'inne', terms: false });
    button(el, 'Zarejestruj się').click();
    const summary = await waitFor(() => $(el, '.error-summary'), 'summary');
    equal(activeElement(), summary, 'focus on the summary');
    includes(summary.textContent, 'Hasło musi mieć co najmniej 12 znaków.');
    includes(summary.textContent, 'Hasła nie są takie same.');
    includes(summary.textContent, 'Aby się zarejestrować, zaakceptuj regulamin.');
    equal(field(el, 'Akceptuję regulamin').getAttribute('aria-invalid'), 'true');
  });

  it("maps the server's field codes to messages next to the right fields (en)", async () => {
    const el = await register('en');
    // Passes the widget's checks, but the server knows better: a well-known password.
    fill(el, LABELS.en, { email: uniqueEmail(), password: 'password1234', phone: '+48 601 234 567' });
    button(el, 'Register').click();
    const summary = await waitFor(() => $(el, '.error-summary'), 'summary');
    includes(summary.textContent, 'This password is too common');
    equal(field(el, 'Password').getAttribute('aria-invalid'), 'true');
  });

  it('registers, fires civic-registered, confirms like the manual, and the activation email arrives', async () => {
    const el = await register('pl');
    const email = uniqueEmail('reg');
    const events: CustomEvent[] = [];
    document.addEventListener('civic-registered', (e) => events.push(e), { once: true });
    fill(el, LABELS.pl, { email });
    button(el, 'Zarejestruj się').click();
    await waitFor(() => text(el).includes('Potwierdzenie rejestracji'), 'confirmation');
    includes(text(el), 'Dziękujemy za rejestrację.');
    includes(text(el), 'Na Twoje konto email został wysłany email z linkiem aktywacyjnym.');
    includes(text(el), email, 'says which address the link went to (issue 14)');
    includes(text(el), 'W przypadku problemów prosimy o kontakt');
    equal(events.length, 1);
    equal(events[0].bubbles && events[0].composed, true);
    equal((events[0].detail as { email: string }).email, email);
    equal(activeElement()?.tagName, 'H2', 'focus moves to the confirmation heading');
    const link = await serverCommand<{ token: string }>('civic-link', { to: email, action: 'activate' });
    assert(link.token, 'activation token emailed');
    await axe(el);
  });
});
