/**
 * The WebAuthn ceremonies (@simplewebauthn/browser), in a chunk of their own: civic-login and
 * civic-passkeys import it on first use, so the first screen never carries it.
 */
import { WebAuthnAbortService, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import type { Session, User } from '../core/session.js';
import type { PasskeyView } from '../core/passkeys.js';
import type { components } from '../core/api-types.js';

type SignedIn = components['schemas']['TokenPair'] & { user: User };

/**
 * Signs in with a passkey. `conditional`: the request waits in the email field's autofill (mediation
 * "conditional") until the resident picks a passkey there; otherwise the browser's dialog opens now.
 */
export async function signInWithPasskey(session: Session, conditional = false): Promise<User> {
  const optionsJSON = await session.api.request<PublicKeyCredentialRequestOptionsJSON>('POST', '/auth/passkey/options');
  // the email field lives in a shadow root, where the library's document-wide check cannot see it
  const response = await startAuthentication({ optionsJSON, useBrowserAutofill: conditional, verifyBrowserAutofillInput: false });
  return session.acceptSignIn(await session.api.request<SignedIn>('POST', '/auth/passkey', { response }));
}

/** Proves the signed-in account again with one of its passkeys (POST /auth/reauthenticate). */
export async function reauthenticateWithPasskey(session: Session): Promise<User> {
  const optionsJSON = await session.api.request<PublicKeyCredentialRequestOptionsJSON>('POST', '/auth/passkey/options');
  return session.reauthenticate({ response: await startAuthentication({ optionsJSON }) });
}

/** Creates a passkey for the signed-in resident and stores it on the server under `name`. */
export async function addPasskey(session: Session, name: string): Promise<PasskeyView> {
  const optionsJSON = await session.authed<PublicKeyCredentialCreationOptionsJSON>('POST', '/me/passkeys/options');
  const response = await startRegistration({ optionsJSON });
  return session.authed<PasskeyView>('POST', '/me/passkeys', { response, name });
}

/** Ends a waiting (conditional) request, e.g. when the login form goes away. */
export function cancelPasskeyRequest(): void {
  WebAuthnAbortService.cancelCeremony();
}
