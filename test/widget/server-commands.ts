/**
 * Node-side commands for the widget tests (called from the browser with executeServerCommand).
 * They only read the real mail catcher and call the real API, as a resident's mailbox would.
 */
import { actionLink, waitForMessage, waitForSmsCode, type WidgetTestServer } from '../support/spawn-server.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

type Payload = Record<string, unknown>;

async function post(base: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function runCommand(command: string, p: Payload, server: WidgetTestServer): Promise<unknown> {
  switch (command) {
    case 'civic-env':
      return { apiUrl: server.url };
    case 'civic-link': {
      // The newest activation/reset link sent to an address.
      const action = p.action as 'activate' | 'reset' | 'confirm_email' | 'alert-confirm';
      const msg = await waitForMessage(server.url, String(p.to), (m) => m.channel === 'email' && m.text.includes(`civic_action=${action}`));
      const link = new URL(actionLink(msg, action));
      return { link: link.href, token: link.searchParams.get('token'), subject: msg.subject };
    }
    case 'civic-mail-subject': {
      // the newest email to an address whose subject contains a word (e.g. a security notice)
      const word = String(p.contains);
      const msg = await waitForMessage(server.url, String(p.to), (m) => m.channel === 'email' && (m.subject ?? '').includes(word));
      return { subject: msg.subject };
    }
    case 'civic-create-user': {
      // A fresh, active resident: register, then follow the activation email.
      const email = String(p.email);
      const password = String(p.password);
      const res = await post(server.url, '/auth/register', {
        email,
        password,
        passwordConfirm: password,
        firstName: p.firstName ?? 'Anna',
        lastName: p.lastName ?? 'Nowak',
        phone: p.phone ?? '+48601234567',
        acceptTerms: true,
        locale: 'pl',
      });
      if (res.status !== 201) throw new Error(`register ${res.status}: ${await res.text()}`);
      if (p.activate === false) return { email };
      const msg = await waitForMessage(server.url, email, (m) => m.channel === 'email' && m.text.includes('civic_action=activate'));
      const token = new URL(actionLink(msg, 'activate')).searchParams.get('token');
      const act = await post(server.url, '/auth/activate', { token });
      if (act.status !== 200) throw new Error(`activate ${act.status}: ${await act.text()}`);
      return { email };
    }
    case 'civic-add-passkey': {
      // A passkey made by a software authenticator on the page's localhost twin (the RP ID in development)
      const login = (await (await post(server.url, '/auth/login', { email: p.email, password: p.password })).json()) as { accessToken: string };
      const authed = (path: string, body?: unknown) =>
        fetch(`${server.url}/api/v1${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const options = await (await authed('/me/passkeys/options')).json();
      const device = new SoftAuthenticator({ origin: server.url.replace('127.0.0.1', 'localhost') });
      const res = await authed('/me/passkeys', { response: device.create(options), name: p.name });
      if (res.status !== 201) throw new Error(`add passkey ${res.status}: ${await res.text()}`);
      return res.json();
    }
    case 'civic-sms-code':
      // The newest SMS code sent to a number (E.164), as the resident's phone shows it.
      return { code: await waitForSmsCode(server.url, String(p.to), p.not ? String(p.not) : undefined) };
    case 'civic-create-krakow-user': {
      // An active Kraków resident: register (district, PESEL, mobile), SMS code, activation link.
      const email = String(p.email);
      const res = await post(server.url, '/auth/register', {
        email,
        password: p.password,
        passwordConfirm: p.password,
        firstName: 'Jan',
        lastName: 'Kowalski',
        phone: p.phone,
        acceptTerms: true,
        locale: 'pl',
        district: p.district ?? 'I',
        pesel: p.pesel,
      });
      if (res.status !== 201) throw new Error(`register ${res.status}: ${await res.text()}`);
      const { registrationToken } = (await res.json()) as { registrationToken: string };
      const code = await waitForSmsCode(server.url, String(p.phone));
      const v = await post(server.url, '/auth/verify-phone', { registrationToken, code });
      if (v.status !== 200) throw new Error(`verify-phone ${v.status}: ${await v.text()}`);
      const msg = await waitForMessage(server.url, email, (m) => m.channel === 'email' && m.text.includes('civic_action=activate'));
      const act = await post(server.url, '/auth/activate', { token: new URL(actionLink(msg, 'activate')).searchParams.get('token') });
      if (act.status !== 200) throw new Error(`activate ${act.status}: ${await act.text()}`);
      return { email };
    }
    case 'civic-count-mail': {
      const res = await fetch(`${server.url}/dev/mailbox/messages.json`);
      const list = (await res.json()) as { to: string }[];
      return list.filter((m) => m.to.toLowerCase().includes(String(p.to).toLowerCase())).length;
    }
    default:
      throw new Error(`unknown command ${command}`);
  }
}
