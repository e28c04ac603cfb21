// Issue 20: one routing table of email links for every element, every portal view by address
// (`?civic_view=VIEW`, `&id=` for one report on the map), a menu reaching each public view, Back and
// Forward, the signed-in line with "Wyloguj", and why the server ended a session. Real server, Chromium.
import { setViewport } from '@web/test-runner-commands';
import { boot } from '../../widget/src/civickit.js';
import { getSession } from '../../widget/src/core/session.js';
import { STRONG_PASSWORD, assert, button, createUser, env, equal, includes, serverCommand, signOutLocally, text, uniqueEmail, waitFor } from './helpers.js';
import { createReport } from './report-helpers.js';

let apiUrl: string;

/** The portal on a page whose address is `query` (an emailed link, a shared view). */
async function portalAt(query: string, lang = 'pl'): Promise<HTMLElement> {
  history.replaceState(null, '', `${location.pathname}?keep=1${query ? `&${query}` : ''}`);
  document.body.innerHTML = `<civic-portal lang="${lang}" api-url="${apiUrl}"></civic-portal>`;
  const el = document.body.firstElementChild as HTMLElement;
  await waitFor(() => el.shadowRoot?.querySelector('.nav-item'), 'portal rendered');
  return el;
}

const view = (portal: HTMLElement, tag: string) => waitFor(() => portal.shadowRoot!.querySelector(tag), `${tag} view`);
const param = (name: string) => new URLSearchParams(location.search).get(name);

describe('civic-portal: email links, addresses and the menu (issue 20)', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
    boot({ apiUrl });
  });
  beforeEach(() => signOutLocally(apiUrl));
  afterEach(async () => {
    await setViewport({ width: 1024, height: 768 });
    history.replaceState(null, '', location.pathname);
  });

  it('an alert confirmation link opens the alerts view in the portal and confirms; the token leaves the address', async () => {
    const email = uniqueEmail('alert');
    await getSession(apiUrl).api.request('POST', '/alerts', { email, area: { city: true }, locale: 'pl' });
    const { token } = await serverCommand<{ token: string }>('civic-link', { to: email, action: 'alert-confirm' });
    const portal = await portalAt(`civic_action=alert-confirm&token=${encodeURIComponent(token!)}`);
    const alerts = await view(portal, 'civic-alerts');
    await waitFor(() => text(alerts).includes('Potwierdzono. Powiadomienia są włączone.'), 'confirmed in the portal');
    equal(param('civic_view'), 'alerts', 'the address names the view');
    assert(!location.search.includes('token'), 'token removed from the address');
    equal(param('keep'), '1', 'the page’s own parameters kept');
  });

  it('an alert management link reaches civic-alerts inside the portal (an unknown one says so there)', async () => {
    const portal = await portalAt('civic_action=alerts&token=unknown-or-already-used-token-0123456789');
    const alerts = await view(portal, 'civic-alerts');
    await waitFor(() => text(alerts).includes('Link jest nieprawidłowy'), 'the alerts view handled the link');
    equal(param('civic_view'), 'alerts');
  });

  it('a report link from an alert email opens the report card on the map, addressed as civic_view=map&id=', async () => {
    const title = `Z powiadomienia ${Date.now()}`;
    const { id } = await createReport(apiUrl, { title });
    const portal = await portalAt(`civic_action=public-report&id=${id}`);
    const map = await view(portal, 'civic-reports-map');
    await waitFor(() => map.shadowRoot!.querySelector('#map-report-title')?.textContent?.includes(title), 'the report card');
    equal(param('civic_view'), 'map');
    equal(param('id'), id, 'one report on the map has its address');
    equal(param('civic_action'), null);
    // the card's way back closes it, and the address no longer names the report
    [...map.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.includes('Wróć do mapy'))!.click();
    await waitFor(() => !map.shadowRoot!.querySelector('#map-report-title'), 'the card closed');
    await waitFor(() => param('id') === null, 'the report left the address');
    equal(param('civic_view'), 'map');

    // the address alone (a reload, a shared link) opens the same card
    const again = await portalAt(`civic_view=map&id=${id}`);
    const map2 = await view(again, 'civic-reports-map');
    await waitFor(() => map2.shadowRoot!.querySelector('#map-report-title')?.textContent?.includes(title), 'the card from the address');
  });

  it('every public view has an address and a menu entry; Back and Forward move between views', async () => {
    for (const [id, tag] of [
      ['announcements', 'civic-announcements'],
      ['report', 'civic-report-form'],
      ['map', 'civic-reports-map'],
      ['alerts', 'civic-alerts'],
      ['stats', 'civic-stats'],
      ['track', 'civic-report-tracker'],
      ['login', 'civic-login'],
      ['register', 'civic-register'],
    ] as const) {
      const portal = await portalAt(`civic_view=${id}`);
      await view(portal, tag);
      equal(portal.getAttribute('view'), id, `?civic_view=${id}`);
    }
    const portal = await portalAt('');
    for (const name of ['Komunikaty', 'Dodaj zgłoszenie', 'Mapa zgłoszeń', 'Powiadomienia', 'Statystyki', 'Sprawdź status', 'Zaloguj się'])
      button(portal, name);
    button(portal, 'Mapa zgłoszeń').click();
    await view(portal, 'civic-reports-map');
    equal(param('civic_view'), 'map');
    button(portal, 'Statystyki').click();
    await view(portal, 'civic-stats');
    equal(param('civic_view'), 'stats');
    history.back();
    await waitFor(() => portal.getAttribute('view') === 'map', 'Back: the map again');
    history.forward();
    await waitFor(() => portal.getAttribute('view') === 'stats', 'Forward: statistics again');
  });

  it('signed in: the menu names the resident and offers "Wyloguj" (Log out); the language switch leaves the account’s email language alone', async () => {
    const { email, password } = await createUser({ firstName: 'Halina', lastName: 'Kowalczyk' });
    await getSession(apiUrl).login(email, password);
    const portal = await portalAt('');
    await waitFor(() => text(portal).includes('Zalogowano: Halina Kowalczyk'), 'who is signed in');
    const en = [...portal.shadowRoot!.querySelectorAll<HTMLButtonElement>('.lang')].find((b) => b.lang === 'en')!;
    includes(en.title, 'Język wiadomości e-mail zmienisz w ustawieniach konta', 'the tooltip says where the email language is');
    en.click();
    await waitFor(() => text(portal).includes('Signed in: Halina Kowalczyk'), 'English menu');
    const me = await getSession(apiUrl).authed<{ locale: string }>('GET', '/me');
    equal(me.locale, 'pl', 'the account’s language did not change');
    button(portal, 'Log out').click();
    await waitFor(() => getSession(apiUrl).status === 'signed-out', 'signed out');
    await waitFor(() => !text(portal).includes('Halina'), 'the name leaves the menu');
    button(portal, 'Log in');
  });

  it('when the password is changed on another device, the portal says why the session ended', async () => {
    const { email, password } = await createUser();
    const session = getSession(apiUrl);
    await session.login(email, password);
    const portal = await portalAt('');
    await waitFor(() => text(portal).includes('Wyloguj'), 'signed in');
    // another device: its own session changes the password, which ends every session
    const other = await fetch(`${apiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const { accessToken } = (await other.json()) as { accessToken: string };
    const changed = await fetch(`${apiUrl}/api/v1/me/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ currentPassword: password, password: `${STRONG_PASSWORD}-2`, passwordConfirm: `${STRONG_PASSWORD}-2` }),
    });
    equal(changed.status, 204);
    await session.refresh(); // what the widget does before its next call
    await waitFor(() => text(portal).includes('Wylogowaliśmy Cię, bo hasło do konta zostało zmienione.'), 'the reason on screen');
    button(portal, 'Zaloguj się');
  });

  it('at 320 px the menu folds behind "Menu" and opens on demand', async () => {
    await setViewport({ width: 320, height: 640 });
    const portal = await portalAt('');
    const header = portal.shadowRoot!.querySelector<HTMLElement>('.header')!;
    assert(header.offsetHeight < 640 * 0.4, `the header leaves the screen to the view: ${header.offsetHeight}px`);
    const toggle = button(portal, 'Menu');
    equal(toggle.getAttribute('aria-expanded'), 'false');
    toggle.click();
    await waitFor(() => toggle.getAttribute('aria-expanded') === 'true', 'opened');
    const map = button(portal, 'Mapa zgłoszeń');
    assert(map.offsetParent !== null, 'the menu entries are visible once opened');
    map.click();
    await view(portal, 'civic-reports-map');
    await waitFor(() => toggle.getAttribute('aria-expanded') === 'false', 'a choice folds the menu again');
  });
});
