/**
 * What the first screen needs to know about passkeys, without loading WebAuthn code: whether this
 * browser and this page can use them, and how a failed ceremony reads. (Browsers refuse WebAuthn on
 * IP-address origins such as http://127.0.0.1; the demo also answers at http://localhost.)
 */
import { ApiError } from './api.js';
import type { MessageKey } from '../i18n/pl.js';
import '../i18n/pl/passkeys.js';

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
}

const IP_HOST = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

export function passkeysPossible(): boolean {
  return typeof window.PublicKeyCredential === 'function' && window.isSecureContext && !IP_HOST.test(location.hostname);
}

/** True when the browser can offer passkeys in the email field's autofill (conditional mediation). */
export async function conditionalPossible(): Promise<boolean> {
  if (!passkeysPossible()) return false;
  const pkc = window.PublicKeyCredential as typeof PublicKeyCredential & { isConditionalMediationAvailable?: () => Promise<boolean> };
  try {
    return (await pkc.isConditionalMediationAvailable?.()) === true;
  } catch {
    return false;
  }
}

/** The resident closed the browser's dialog, it timed out, or another request replaced this one: not an error to shout about. */
export function isCancelled(err: unknown): boolean {
  const e = err as { name?: string; code?: string; cause?: { name?: string } } | undefined;
  const name = e?.cause?.name ?? e?.name;
  return !(err instanceof ApiError) && (name === 'NotAllowedError' || name === 'AbortError' || e?.code === 'ERROR_CEREMONY_ABORTED');
}

/** This device already holds a passkey for the account (the server listed it in excludeCredentials). */
export const isAlreadyRegistered = (err: unknown): boolean => (err as { code?: string } | undefined)?.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED';

/** Texts for a failed passkey sign-in where the generic ones would mislead ("wrong email or password", "the link…"). */
export function passkeyErrorKey(err: unknown): MessageKey | undefined {
  if (isCancelled(err)) return 'passkeyCancelled';
  if (err instanceof ApiError && err.code === 'invalid_credentials') return 'passkeyNotRecognised';
  if (err instanceof ApiError && err.code === 'invalid_token') return 'passkeyExpired';
  return undefined;
}
