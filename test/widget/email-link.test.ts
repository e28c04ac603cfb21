import { boot } from '../../widget/src/civickit.js';
import { assert, createUser, env, equal, includes, serverCommand, signOutLocally, text, waitFor, uniqueEmail } from './helpers.js';

let apiUrl: string;

/** Puts the emailed link in the address bar, then adds the elements, as opening the link does. */
async function openLinkWith(query: string, html: string): Promise<HTMLElement[]> {
  history.replaceState(null, '', `${location.pathname}?keep=1&${query}`);
  document.body.innerHTML = html.replaceAll('API', apiUrl);
  return [...document.body.children] as HTMLElement[];
}

describe('links from emails', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
    boot({ apiUrl }); // the autoloader defines elements by tag, as the classic script does
  });
  beforeEach(() => signOutLocally(apiUrl));

  it('activates once, in one element only, and removes the token from the address bar', async () => {
    const { email } = await createUser({ activate: false, email: uniqueEmail('act') });
    const { token } = await serverCommand<{ token: string }>('civic-link', { to: email, action: 'activate' });
    const [portal, login] = await openLinkWith(
      `civic_action=activate&token=${encodeURIComponent(token)}`,
      '<civic-portal lang="pl" api-url="API"></civic-portal><civic-login lang="pl" api-url="API"></civic-login>',
    );
    await waitFor(() => text(portal).includes('Konto zostało aktywowane. Możesz się zalogować.'), 'activation notice in the portal');
    assert(!location.search.includes('token'), 'token removed from the URL');
    includes(location.search, 'keep=1', 'other parameters kept');
    // Only one element acted: the other shows nothing about it (a second call would fail: single use).
    await new Promise((r) => setTimeout(r, 300));
    assert(!text(login).includes('aktywowane') && !text(login).includes('nieprawidłowy'), 'civic-login did not act');
    // The portal shows the log-in view so the resident can sign in straight away.
    await waitFor(() => portal.shadowRoot!.querySelector('civic-login'), 'log-in view');
  });

  it('tells the resident when the activation link was already used', async () => {
    const [login] = await openLinkWith('civic_action=activate&token=used-or-unknown', '<civic-login lang="en" api-url="API"></civic-login>');
    await waitFor(() => text(login).includes('The link is invalid, has already been used or has expired.'), 'error notice');
    assert(!location.search.includes('token'), 'token removed');
  });

  it('a reset link shows the new-password form in civic-password-reset even when a portal is on the page', async () => {
    const { email } = await createUser();
    await fetch(`${apiUrl}/api/v1/auth/password-reset/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    const { token } = await serverCommand<{ token: string }>('civic-link', { to: email, action: 'reset' });
    const [portal, reset] = await openLinkWith(
      `civic_action=reset&token=${encodeURIComponent(token)}`,
      '<civic-portal lang="pl" api-url="API"></civic-portal><civic-password-reset lang="pl" api-url="API"></civic-password-reset>',
    );
    await waitFor(() => text(reset).includes('Nowe hasło'), 'new-password form in civic-password-reset');
    equal(portal.getAttribute('view') ?? 'home', 'home', 'the portal stayed on its home view');
    assert(!location.search.includes('token'), 'token removed');
  });

  it('with only a log-in on the page, the reset link still gets its new-password form', async () => {
    const [login] = await openLinkWith('civic_action=reset&token=abc', '<civic-login lang="de" api-url="API"></civic-login>');
    await waitFor(() => text(login).includes('Neues Passwort'), 'new-password form shown in place');
  });

  after(() => history.replaceState(null, '', location.pathname));
});
