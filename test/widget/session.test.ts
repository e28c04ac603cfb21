import { ApiClient, type ApiError } from '../../widget/src/core/api.js';
import { Session, getSession } from '../../widget/src/core/session.js';
import { assert, createUser, env, equal, signOutLocally, waitFor } from './helpers.js';

let apiUrl: string;
const KEY = () => `civickit:refresh:${apiUrl}`;

describe('session', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });
  beforeEach(() => signOutLocally(apiUrl));

  it('is one per API URL per page', () => {
    equal(getSession(apiUrl), getSession(apiUrl));
  });

  it('keeps the refresh token in sessionStorage so a reload stays signed in', async () => {
    const { email, password } = await createUser({ firstName: 'Olga' });
    await getSession(apiUrl).login(email, password);
    assert(sessionStorage.getItem(KEY()), 'refresh token stored');
    assert(!localStorage.getItem(KEY()), 'not in localStorage by default');
    // A new Session reading the same storage is what a reload does.
    const reloaded = new Session(apiUrl);
    await reloaded.ready();
    equal(reloaded.status, 'signed-in');
    equal(reloaded.user?.firstName, 'Olga');
  });

  it('rotates the refresh token; the old one is then refused by the server', async () => {
    const { email, password } = await createUser();
    const s = getSession(apiUrl);
    await s.login(email, password);
    const before = sessionStorage.getItem(KEY())!;
    assert(await s.refresh(), 'refreshed');
    const after = sessionStorage.getItem(KEY())!;
    assert(after && after !== before, 'a new refresh token');
    let code = '';
    try {
      await new ApiClient(apiUrl).request('POST', '/auth/refresh', { refreshToken: before });
    } catch (e) {
      code = (e as ApiError).code;
    }
    equal(code, 'invalid_token', 'reused old token refused');
  });

  it('schedules the refresh before the access token expires', async () => {
    const { email, password } = await createUser();
    const s = getSession(apiUrl);
    await s.login(email, password);
    const due = s.refreshDueIn;
    // expiresIn is 900 s: refresh one minute early.
    assert(due > 0 && due <= 840_000 + 1000, `refresh due in ${due} ms`);
  });

  it('concurrent calls share one refresh (a second would reuse a rotated token)', async () => {
    const { email, password } = await createUser();
    const s = getSession(apiUrl);
    await s.login(email, password);
    const results = await Promise.all([s.refresh(), s.refresh(), s.refresh()]);
    assert(results.every(Boolean), 'all succeed');
    equal(s.status, 'signed-in');
    equal((await s.authed<{ email: string }>('GET', '/me')).email, email);
  });

  it('after a rejected access token, refreshes once and retries the call', async () => {
    const { email, password } = await createUser();
    const s = getSession(apiUrl);
    await s.login(email, password);
    const stored = sessionStorage.getItem(KEY());
    // Deliberately break the in-memory access token: the server answers 401 unauthorized.
    (s as unknown as { accessToken: string }).accessToken = 'broken.token.value';
    const me = await s.authed<{ email: string }>('GET', '/me');
    equal(me.email, email);
    assert(sessionStorage.getItem(KEY()) !== stored, 'refresh token rotated during the retry');
  });

  it('signs the page out when the refresh token is revoked, and tells the page', async () => {
    const { email, password } = await createUser();
    const s = getSession(apiUrl);
    await s.login(email, password);
    // Revoke it on the server (as "log out" elsewhere would).
    await new ApiClient(apiUrl).request('POST', '/auth/logout', { refreshToken: sessionStorage.getItem(KEY()) });
    const events: CustomEvent[] = [];
    document.addEventListener('civic-signed-out', (e) => events.push(e), { once: true });
    equal(await s.refresh(), false);
    equal(s.status, 'signed-out');
    await waitFor(() => events.length === 1, 'civic-signed-out');
    equal((events[0].detail as { reason: string }).reason, 'expired');
  });
});
