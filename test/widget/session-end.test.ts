// Issue 20: a page holding only <civic-login> (no portal) says why the server ended the session, as the
// portal does: in a polite live region, in pl, en, de and uk. Real server, real Chromium; the session is ended
// the way it happens in life (the password changed on another device, an administrator changes the role or
// blocks the account), then the widget makes its next request.
import '../../widget/src/components/civic-login/civic-login.js';
import { getSession } from '../../widget/src/core/session.js';
import { STRONG_PASSWORD, createUser, env, equal, fixture, serverCommand, signOutLocally, text, uniqueEmail, waitFor } from './helpers.js';

let apiUrl: string;

async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: T }> {
  const res = await fetch(`${apiUrl}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (res.status === 204 ? undefined : await res.json()) as T };
}

const signIn = async (email: string, password: string) => (await call<{ accessToken: string }>('POST', '/auth/login', { email, password })).json.accessToken;

/** An administrator's token, and the account's id as the admin console finds it. */
async function asAdmin(email: string): Promise<{ token: string; id: string }> {
  const admin = uniqueEmail('admin');
  await serverCommand('civic-reports-create-user', { email: admin, password: STRONG_PASSWORD, role: 'admin' });
  const token = await signIn(admin, STRONG_PASSWORD);
  const found = await call<{ items: Array<{ id: string; email: string }> }>('GET', `/admin/users?q=${encodeURIComponent(email)}`, undefined, token);
  const id = found.json.items.find((u) => u.email === email)?.id;
  if (!id) throw new Error(`no account ${email} in the admin's search`);
  return { token, id };
}

const END_SESSION = {
  /** Another device changes the password: every session of the account ends. */
  password: async (email: string, password: string) => {
    const other = await signIn(email, password);
    const next = `${STRONG_PASSWORD}-nowe`;
    equal((await call('POST', '/me/password', { currentPassword: password, password: next, passwordConfirm: next }, other)).status, 204);
  },
  role: async (email: string) => {
    const { token, id } = await asAdmin(email);
    equal((await call('PATCH', `/admin/users/${id}`, { role: 'staff', department: 'roads' }, token)).status, 200);
  },
  blocked: async (email: string) => {
    const { token, id } = await asAdmin(email);
    equal((await call('PATCH', `/admin/users/${id}`, { blocked: true, reason: 'spam' }, token)).status, 200);
  },
};

const CASES = [
  { lang: 'pl', how: 'password', says: 'Wylogowaliśmy Cię, bo hasło do konta zostało zmienione. Zaloguj się nowym hasłem.' },
  { lang: 'en', how: 'role', says: 'You have been signed out because your permissions changed. Please sign in again.' },
  { lang: 'de', how: 'blocked', says: 'Sie wurden abgemeldet, weil Ihr Konto gesperrt wurde. Bei Fragen wenden Sie sich an die Stadtverwaltung.' },
  { lang: 'uk', how: 'password', says: 'Ви вийшли з облікового запису, бо пароль було змінено. Увійдіть із новим паролем.' },
] as const;

describe('civic-login on its own says why the server ended the session (issue 20)', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });
  beforeEach(() => signOutLocally(apiUrl));

  for (const { lang, how, says } of CASES) {
    it(`${lang}: the session ended by ${how === 'password' ? 'a password change elsewhere' : how === 'role' ? 'a role change' : 'a block'}`, async () => {
      const { email, password } = await createUser();
      const session = getSession(apiUrl);
      await session.login(email, password);
      const el = await fixture('civic-login', { lang, 'api-url': apiUrl });
      await waitFor(() => text(el).includes('Anna Nowak'), 'signed in');

      await END_SESSION[how](email, password);
      await session.refresh(); // what the widget does before its next call
      await waitFor(() => session.status === 'signed-out', 'signed out');
      // said politely (a status, not an alert), in the element's language
      const polite = el.shadowRoot!.querySelector('[role=status]')!;
      equal(polite.getAttribute('aria-live'), 'polite');
      await waitFor(() => polite.textContent!.includes(says), `the reason in ${lang}: ${says}`);
      equal(el.shadowRoot!.querySelector('[role=alert]')!.textContent!.trim(), '', 'not an error');
      // and the way back in is right there
      await waitFor(() => el.shadowRoot!.querySelector('input[type=password]'), 'the sign-in form');
    });
  }
});
