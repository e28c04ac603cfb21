import '../../widget/src/components/civic-login/civic-login.js';
import '../../widget/src/components/civic-account/civic-account.js';
import { assert, axe, button, equal, field, fixture, includes, serverCommand, setValue, signOutLocally, text, validPesel, waitFor } from './helpers.js';

/**
 * Signing in with the profile's providers (issue 13), against the real server with OpenID Connect
 * providers served by a real oidc-provider (identity-commands.ts). The test page never leaves:
 * the node side plays the browser's trip to the provider and back, and the test puts the landing
 * URL into the address bar, as the browser would arrive there.
 */
let apiUrl: string;

const TEXTS = {
  pl: {
    bank: 'Zaloguj się przez Bank Testowy',
    staff: 'Pracownicy urzędu',
    staffButton: 'Zaloguj się przez konto urzędu',
    or: 'albo adresem e-mail i hasłem:',
  },
  en: { bank: 'Sign in with Bank Testowy', staff: 'City staff', staffButton: 'Sign in with city account', or: 'or with your email and password:' },
  de: {
    bank: 'Anmelden mit Bank Testowy',
    staff: 'Mitarbeitende der Stadt',
    staffButton: 'Anmelden mit Konto der Stadt',
    or: 'oder mit E-Mail-Adresse und Passwort:',
  },
} as const;

const links = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('a[part=provider-button]')];
const linkNamed = (el: Element, name: string) => links(el).find((a) => a.textContent!.replace(/\s+/g, ' ').trim() === name);

async function arriveAt(url: string, tag: 'civic-login' | 'civic-account'): Promise<HTMLElement> {
  const landed = new URL(url);
  history.replaceState(null, '', landed.pathname + landed.search);
  return fixture(tag, { lang: 'pl', 'api-url': apiUrl });
}

describe('signing in with login.gov.pl / the city’s SSO (civic-login, civic-account)', () => {
  before(async () => {
    apiUrl = (await serverCommand<{ apiUrl: string }>('civic-identity-env')).apiUrl;
  });
  beforeEach(() => {
    signOutLocally(apiUrl);
    history.replaceState(null, '', location.pathname);
  });

  for (const lang of ['pl', 'en', 'de'] as const) {
    it(`offers the residents' providers above the password form and staff SSO under its own heading, in ${lang}`, async () => {
      const el = await fixture('civic-login', { lang, 'api-url': apiUrl });
      const l = TEXTS[lang];
      const bank = await waitFor(() => linkNamed(el, l.bank), 'the resident provider link');
      const staff = linkNamed(el, l.staffButton);
      assert(staff, 'the staff SSO link');
      includes(text(el), l.or);
      includes(text(el), l.staff);
      // residents' provider first, before the email field; staff after the form
      const order = [...el.shadowRoot!.querySelectorAll('a[part=provider-button], input[type=email]')];
      equal(order.indexOf(bank), 0, 'resident provider first');
      equal(order.indexOf(staff!), 2, 'staff provider after the form');
      // the link starts the sign-in and brings the browser back to this page
      const href = new URL(bank.href);
      equal(href.origin + href.pathname, `${apiUrl}/api/v1/auth/providers/bank/start`);
      equal(href.searchParams.get('returnTo'), location.href);
      await axe(el);
    });
  }

  it('completes the return from the provider: the code becomes a session and leaves the address bar; the account lists the identity', async () => {
    const el = await fixture('civic-login', { lang: 'pl', 'api-url': apiUrl });
    const bank = await waitFor(() => linkNamed(el, TEXTS.pl.bank), 'provider link');
    // keyboard: the provider link is reachable and activatable like any link
    bank.focus();
    equal(el.shadowRoot!.activeElement, bank, 'the link takes focus');
    const user = { sub: `w-${Date.now()}`, pesel: validPesel(), given_name: 'Zofia', family_name: 'Kowalczyk' };
    const { landed } = await serverCommand<{ landed: string }>('civic-identity-roundtrip', { href: bank.href, user });
    includes(landed, 'civic_action=signin&code=');

    const signedIn = new Promise<CustomEvent>((resolve) => document.addEventListener('civic-signed-in', (e) => resolve(e as CustomEvent), { once: true }));
    const back = await arriveAt(landed, 'civic-login');
    await waitFor(() => text(back).includes('Zalogowano jako Zofia Kowalczyk.'), 'signed in');
    equal((await signedIn).detail.user.firstName, 'Zofia');
    assert(!location.search.includes('code='), 'the one-time code left the address bar');
    assert(!location.search.includes('civic_action'), 'civic_action left the address bar');

    const account = await fixture('civic-account', { lang: 'pl', 'api-url': apiUrl });
    await waitFor(() => text(account).includes('Powiązane sposoby logowania'), 'linked identities');
    includes(text(account), 'Tożsamość potwierdzona przez Bank Testowy');
    includes(text(account), 'Konto nie ma jeszcze adresu e-mail.');
    const unlink = account.shadowRoot!.querySelector<HTMLButtonElement>('[part=unlink-button]')!;
    equal(unlink.getAttribute('aria-label'), 'Odłącz Bank Testowy');
    // no password on an account made by a verified identity: no password change form, and the only way in cannot be unlinked
    assert(!text(account).includes('Zmiana hasła'), 'no password change without a password');
    unlink.click();
    await waitFor(() => text(account).includes('To jedyny sposób logowania do tego konta.'), 'refusal explained');
    assert(account.shadowRoot!.querySelector('[part=unlink-button]'), 'the identity is still listed');
    await axe(account);
    // no phone yet: the data form saves without one
    setValue(field(account, 'Imię'), 'Zofia Maria');
    button(account, 'Zapisz zmiany').click();
    await waitFor(() => text(account).includes('Dane zostały zapisane.'), 'saved without a phone');
    equal(account.shadowRoot!.querySelector('dl')!.textContent!.includes('Zofia Maria'), true);
  });

  it('says why a sign-in came back refused', async () => {
    const el = await arriveAt(`${location.origin}${location.pathname}?civic_action=signin_error&reason=cancelled`, 'civic-login');
    await waitFor(() => text(el).includes('Logowanie zostało przerwane.'), 'cancelled explained');
    assert(!location.search.includes('signin_error'), 'the error left the address bar');
    const again = await arriveAt(`${location.origin}${location.pathname}?civic_action=signin&code=${'x'.repeat(43)}`, 'civic-login');
    await waitFor(() => text(again).includes('Logowanie nie powiodło się.'), 'a spent or forged code explained');
  });

  it('signs a staff member in through the directory with the mapped department', async () => {
    const el = await fixture('civic-login', { lang: 'pl', 'api-url': apiUrl });
    const staff = await waitFor(() => linkNamed(el, TEXTS.pl.staffButton), 'staff link');
    const email = `urzednik-${Date.now()}@siemianowice.gov.pl`;
    const { landed } = await serverCommand<{ landed: string }>('civic-identity-roundtrip', {
      href: staff.href,
      user: { sub: `staff-${Date.now()}`, email, email_verified: true, given_name: 'Adam', family_name: 'Urzędnik', groups: ['staff'], department: 'roads' },
    });
    const signedIn = new Promise<CustomEvent>((resolve) => document.addEventListener('civic-signed-in', (e) => resolve(e as CustomEvent), { once: true }));
    await arriveAt(landed, 'civic-login');
    const { user } = (await signedIn).detail;
    equal(user.role, 'staff');
    equal(user.department, 'roads');
    equal(user.email, email);
  });
});
