import type { Request } from '@hapi/hapi';
import { fail } from './errors.js';

/** API.md §3b "Recent authentication": sensitive changes need an authentication less than this old. */
export const RECENT_AUTH_MS = 10 * 60_000;

/** Who a signed-in request acts for: what the `session` strategy (plugins/accounts) puts in request.auth.credentials. */
export interface Credentials {
  id: string;
  role: 'resident' | 'staff' | 'admin';
  department?: string;
  scope: string[];
  /** When the session's sign-in (or its latest re-authentication) proved the person, ms since the epoch. */
  authTime?: number;
  /** How: `password`, `passkey`, a login.gov.pl level of assurance, or `provider`. */
  acr?: string;
  /** How recent an authentication sensitive changes need here (the profile's `limits.recentAuthSeconds`, at most 10 minutes). */
  recentAuthMs?: number;
}

/** The signed-in account's id, on routes with the `session` strategy. */
export const userId = (request: Request) => (request.auth.credentials as unknown as Credentials).id;

/**
 * Adding a passkey, changing the email, password or phone, linking or unlinking an identity and deleting
 * the account: refused with `401 reauthentication_required` unless the session's authentication is
 * recent (POST /auth/reauthenticate renews it). A stolen access token alone then cannot entrench itself.
 */
export function assertRecentAuth(request: Request, now = Date.now()): void {
  const { authTime, recentAuthMs = RECENT_AUTH_MS } = request.auth.credentials as unknown as Credentials;
  if (authTime === undefined || now - authTime >= Math.min(recentAuthMs, RECENT_AUTH_MS)) {
    throw fail('reauthentication_required', 'Confirm it is you: sign in again (password, passkey or provider) to make this change', { status: 401 });
  }
}
