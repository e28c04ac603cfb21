// The Kraków profile's SMS step (civic-phone-verification) wherever it appears: after registering,
// after the activation link of an account still waiting for its code, and at sign-in (pending_phone).
import '../../widget/src/components/civic-register/civic-register.js';
import '../../widget/src/components/civic-login/civic-login.js';
import '../../widget/src/components/civic-phone-verification/civic-phone-verification.js';
import { boot } from '../../widget/src/civickit.js';
import type { CivicRegister } from '../../widget/src/components/civic-register/civic-register.js';
import {
  $,
  activeElement,
  assert,
  axe,
  button,
  equal,
  env,
  field,
  fixture,
  includes,
  mobileNumber,
  serverCommand,
  setValue,
  signOutLocally,
  STRONG_PASSWORD,
  text,
  uniqueEmail,
  validPesel,
  waitFor,
} from './helpers.js';

let krakow: string;

async function registerViaApi(email: string, phone: string, pesel = validPesel()): Promise<string> {
  const res = await fetch(`${krakow}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email,
      password: STRONG_PASSWORD,
      passwordConfirm: STRONG_PASSWORD,
      firstName: 'Jan',
      lastName: 'Kowalski',
      phone,
      acceptTerms: true,
      locale: 'pl',
      district: 'V',
      pesel,
    }),
  });
  equal(res.status, 201, 'registered');
  return ((await res.json()) as { registrationToken: string }).registrationToken;
}

async function fillRegister(el: CivicRegister, email: string, phone: string, pesel: string): Promise<void> {
  setValue(field(el, 'E-mail'), email);
  setValue(field(el, 'Hasło'), STRONG_PASSWORD);
  setValue(field(el, 'Powtórz hasło'), STRONG_PASSWORD);
  setValue(field(el, 'Imię'), 'Jan');
  setValue(field(el, 'Nazwisko'), 'Kowalski');
  setValue(field(el, 'Numer telefonu'), phone);
  setValue(field(el, 'Dzielnica'), 'XVIII');
  setValue(field(el, 'PESEL'), pesel);
  setValue(field(el, 'Akceptuję regulamin'), true);
}

describe('SMS verification (Kraków profile)', () => {
  before(async () => {
    krakow = (await env('krakow')).apiUrl;
    boot({ apiUrl: krakow });
  });
  beforeEach(() => signOutLocally(krakow));
  after(() => history.replaceState(null, '', location.pathname));

  it('registers with district and PESEL, then the SMS code: wrong code, countdown, success, seed confirmation', async () => {
    const el = await fixture('civic-register', { lang: 'pl', 'api-url': krakow });
    await waitFor(() => el.shadowRoot!.querySelector('form'), 'form');
    equal(field(el, 'PESEL').getAttribute('inputmode'), 'numeric');
    includes(text(el), '11 cyfr');
    const email = uniqueEmail('krk');
    const phone = mobileNumber();
    const events: CustomEvent[] = [];
    document.addEventListener('civic-registered', (e) => events.push(e), { once: true });
    await fillRegister(el, email, phone.typed, validPesel());
    button(el, 'Zarejestruj się').click();

    const sms = await waitFor(() => el.shadowRoot!.querySelector('civic-phone-verification'), 'SMS step');
    equal(events.length, 1, 'civic-registered fired once the registration was accepted');
    await waitFor(() => text(sms).includes('Potwierdź numer telefonu'), 'step heading');
    equal(activeElement()?.id, 'sms-title', 'focus on the step heading');
    const code = field(sms, 'Kod z SMS-a') as HTMLInputElement;
    equal(code.getAttribute('autocomplete'), 'one-time-code');
    equal(code.getAttribute('inputmode'), 'numeric');
    // the code was just sent: a new one only after the countdown
    const resend = button(sms, 'Wyślij kod ponownie');
    equal(resend.getAttribute('aria-disabled'), 'true');
    includes($(sms, '#sms-countdown')!.textContent, 'Nowy kod możesz wysłać za');
    await axe(sms);

    const { code: right } = await serverCommand<{ code: string }>('civic-sms-code', { server: 'krakow', to: phone.e164 });
    const wrong = right === '000000' ? '111111' : '000000';
    setValue(code, wrong);
    button(sms, 'Potwierdź').click();
    const summary = await waitFor(() => $(sms, '#sms-summary'), 'error summary');
    equal(activeElement(), summary, 'focus on the summary');
    includes(summary.textContent, 'Kod jest nieprawidłowy. Sprawdź SMS i wpisz kod ponownie.');
    equal(field(sms, 'Kod z SMS-a').getAttribute('aria-invalid'), 'true');
    await axe(sms);

    setValue(field(sms, 'Kod z SMS-a'), right);
    button(sms, 'Potwierdź').click();
    await waitFor(() => text(el).includes('Potwierdzenie rejestracji'), 'confirmation');
    includes(text(el), 'Dziękujemy za rejestrację.');
    includes(text(el), 'Na Twoje konto email został wysłany email z linkiem aktywacyjnym.');
    await axe(el);
  });

  it('a PESEL already registered is refused next to the field', async () => {
    const pesel = validPesel();
    await registerViaApi(uniqueEmail('krk-first'), mobileNumber().e164, pesel);
    const el = await fixture('civic-register', { lang: 'en', 'api-url': krakow });
    await waitFor(() => el.shadowRoot!.querySelector('form'), 'form');
    setValue(field(el, 'Email'), uniqueEmail('krk-second'));
    setValue(field(el, 'Password'), STRONG_PASSWORD);
    setValue(field(el, 'Repeat password'), STRONG_PASSWORD);
    setValue(field(el, 'First name'), 'Jan');
    setValue(field(el, 'Last name'), 'Kowalski');
    setValue(field(el, 'Phone number'), mobileNumber().typed);
    setValue(field(el, 'District'), 'I');
    setValue(field(el, 'PESEL number'), pesel);
    setValue(field(el, 'I accept the terms'), true);
    button(el, 'Register').click();
    const summary = await waitFor(() => $(el, '#register-summary'), 'summary');
    includes(summary.textContent, 'An account with this PESEL number already exists.');
    equal(field(el, 'PESEL number').getAttribute('aria-invalid'), 'true');
  });

  it('after the activation link, an account still waiting for its code gets the SMS step', async () => {
    const email = uniqueEmail('krk-act');
    const phone = mobileNumber();
    await registerViaApi(email, phone.e164);
    const { token } = await serverCommand<{ token: string }>('civic-link', { server: 'krakow', to: email, action: 'activate' });
    history.replaceState(null, '', `${location.pathname}?civic_action=activate&token=${encodeURIComponent(token)}`);
    document.body.innerHTML = `<civic-login lang="pl" api-url="${krakow}"></civic-login>`;
    const login = document.body.firstElementChild!;
    const sms = await waitFor(() => login.shadowRoot?.querySelector('civic-phone-verification'), 'SMS step after activation');
    await waitFor(() => text(sms).includes('Adres e-mail potwierdzony. Dokończ weryfikację numeru telefonu.'), 'intro');
    assert(!location.search.includes('token'), 'token removed from the address bar');
    await axe(sms);
    const { code } = await serverCommand<{ code: string }>('civic-sms-code', { server: 'krakow', to: phone.e164 });
    setValue(field(sms, 'Kod z SMS-a'), code);
    button(sms, 'Potwierdź').click();
    await waitFor(() => text(login).includes('Numer telefonu potwierdzony. Konto jest aktywne – możesz się zalogować.'), 'active');
    // and the account can sign in now
    setValue(field(login, 'E-mail'), email);
    setValue(field(login, 'Hasło'), STRONG_PASSWORD);
    button(login, 'Zaloguj').click();
    await waitFor(() => text(login).includes('Zalogowano jako'), 'signed in');
  });

  it('signing in to an account waiting for its code shows the SMS step; an early resend shows the wait', async () => {
    const email = uniqueEmail('krk-login');
    const phone = mobileNumber();
    await registerViaApi(email, phone.e164);
    const { token } = await serverCommand<{ token: string }>('civic-link', { server: 'krakow', to: email, action: 'activate' });
    const act = await fetch(`${krakow}/api/v1/auth/activate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    equal(((await act.json()) as { status: string }).status, 'pending_phone');

    const login = await fixture('civic-login', { lang: 'en', 'api-url': krakow });
    setValue(field(login, 'Email'), email);
    setValue(field(login, 'Password'), STRONG_PASSWORD);
    button(login, 'Log in').click();
    const sms = await waitFor(() => login.shadowRoot!.querySelector('civic-phone-verification'), 'SMS step at sign-in');
    await waitFor(() => text(sms).includes('To finish registering, confirm your phone number'), 'intro');
    // the registration's code went out seconds ago: the server says how long to wait
    button(sms, 'Send the code again').click();
    await waitFor(() => text(sms).includes('Too many attempts. Try again in'), '429 explained');
    const resend = button(sms, 'Send the code again');
    equal(resend.getAttribute('aria-disabled'), 'true', 'countdown from Retry-After');
    includes($(sms, '#sms-countdown')!.textContent, 'You can ask for a new code in');
    await axe(sms);
    const { code } = await serverCommand<{ code: string }>('civic-sms-code', { server: 'krakow', to: phone.e164 });
    setValue(field(sms, 'Code from the text message'), code);
    button(sms, 'Confirm').click();
    await waitFor(() => text(login).includes('Phone number confirmed. Your account is active'), 'back at the log-in');
  });
});
