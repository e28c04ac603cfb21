/**
 * The bodies of the account steps (AccountFlows, account-flows.ts): only a page opened from an email
 * link or an external sign-in needs them, so they load then, in a chunk of their own, off the first screen.
 */
import { ApiError } from './api.js';
import type { CivicElement, Notice } from './civic-element.js';
import { errorText } from './i18n.js';
import type { MessageKey } from '../i18n/pl.js';
import '../i18n/pl/account-steps.js';
import type { User } from './session.js';
import type { components } from './api-types.js';

/** `civic_action=signin_error&reason=…` -> what the resident reads; other reasons: "signing in did not work". */
const SIGNIN_REASONS: Record<string, MessageKey> = {
  cancelled: 'signinCancelled',
  not_allowed: 'signinNotAllowed',
  no_department: 'signinNotAllowed',
  loa_too_low: 'signinLoaTooLow',
  account_blocked: 'e_account_blocked',
  already_linked: 'signinAlreadyLinked',
  sso_required: 'signinSsoRequired',
  pesel_conflict: 'signinAlreadyLinked',
};

export function signinError(host: CivicElement, reason: string): void {
  host.notice = { kind: 'error', text: host.t(SIGNIN_REASONS[reason] ?? 'signinFailed') };
}

/** Back from login.gov.pl or the city's SSO: the code from the URL becomes this page's session. */
export async function finishExternalSignIn(host: CivicElement, code: string): Promise<void> {
  host.notice = { kind: 'info', text: host.t('loading') };
  try {
    const user = await host.session.exchangeSigninCode(code);
    host.notice = { kind: 'success', text: host.t('signedInAs', { name: `${user.firstName} ${user.lastName}`.trim() || user.email }) };
    host.emit('civic-signed-in', { user });
  } catch (err) {
    host.notice = { kind: 'error', text: err instanceof ApiError && err.code === 'invalid_token' ? host.t('signinFailed') : errorText(host.t, err) };
  }
}

type AccountStatus = components['schemas']['AccountStatus'];

/** Back to where the registration began (an application's sign-in at the city's OpenID Provider), once the account is active. */
function returnLink(host: CivicElement, res: Pick<AccountStatus, 'returnTo' | 'returnToName'>): Notice['link'] {
  if (!res.returnTo) return undefined;
  const names = res.returnToName as Partial<Record<string, string>> | undefined;
  const name = names?.[host.t.lang] ?? names?.pl;
  return { href: res.returnTo, text: name ? host.t('returnToApp', { name }) : host.t('returnToStart') };
}

/** After the last SMS code of a registration: what is left to do, and the way back when the account is active. */
export function phoneVerifiedNotice(host: CivicElement, res: { status: string } & Pick<AccountStatus, 'returnTo' | 'returnToName'>): void {
  const active = res.status === 'active';
  host.notice = { kind: 'success', text: host.t(active ? 'phoneVerifiedActive' : 'phoneVerifiedCheckEmail'), link: active ? returnLink(host, res) : undefined };
}

/** The activation link; a `pending_phone` answer goes on to the SMS step (`phoneStep`). */
export async function activate(host: CivicElement, token: string, phoneStep: (registrationToken: string) => void): Promise<string | undefined> {
  host.notice = { kind: 'info', text: host.t('loading') };
  try {
    const res = await host.session.api.request<AccountStatus>('POST', '/auth/activate', { token });
    if (res.status === 'pending_phone' && res.registrationToken) {
      host.notice = undefined; // the SMS step says "email confirmed, now the phone"
      phoneStep(res.registrationToken);
    } else {
      const active = res.status !== 'pending_phone';
      host.notice = { kind: 'success', text: host.t(active ? 'activated' : 'activatedPhone'), link: active ? returnLink(host, res) : undefined };
    }
    return res.status;
  } catch (err) {
    host.notice = { kind: 'error', text: errorText(host.t, err) };
    return undefined;
  }
}

/** The reset confirmation's "remove the other sign-in methods" link: done at once; every session ends with it. */
export async function removeMethods(host: CivicElement, token: string): Promise<boolean> {
  host.notice = { kind: 'info', text: host.t('loading') };
  try {
    const res = await host.session.api.request<{ removed: number }>('POST', '/auth/remove-sign-in-methods', { token });
    host.session.clear('expired', 'signed_out');
    host.notice = { kind: 'success', text: host.t('methodsRemoved', { count: String(res.removed) }) };
    return true;
  } catch (err) {
    host.notice = { kind: 'error', text: errorText(host.t, err) };
    return false;
  }
}

/** The link sent to a new email address (POST /auth/confirm-email); true when the address changed. */
export async function confirmEmail(host: CivicElement, token: string): Promise<boolean> {
  host.notice = { kind: 'info', text: host.t('loading') };
  try {
    const res = await host.session.api.request<components['schemas']['EmailConfirmed']>('POST', '/auth/confirm-email', { token });
    host.notice = { kind: 'success', text: host.t('emailChanged', { email: res.email }) };
    await host.session.ready();
    if (host.session.status === 'signed-in') host.session.setUser(await host.session.authed<User>('GET', '/me'));
    return true;
  } catch (err) {
    const taken = err instanceof ApiError && err.fields.email === 'taken';
    host.notice = { kind: 'error', text: taken ? host.t('emailTaken') : errorText(host.t, err) };
    return false;
  }
}
