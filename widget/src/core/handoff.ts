/**
 * Hand-off binding (API.md §3b): the page keeps a random verifier and gives its base64url SHA-256 as
 * `challenge` when it starts a provider sign-in; the one-time code that comes back is exchanged only
 * with that verifier. A code planted in another browser (login CSRF) is then useless there. The verifier
 * lives in localStorage per API (it survives the trip to login.gov.pl and back, in any tab of this
 * origin), in memory where storage is refused.
 */
const challenges = new Map<string, string>();
const memory = new Map<string, string>();

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const keyOf = (apiBase: string) => `civickit:handoff:${apiBase}`;

/** The verifier of this page for this API (made on first use). */
export function handoffVerifier(apiBase: string): string {
  const key = keyOf(apiBase);
  let verifier: string | null | undefined = memory.get(key);
  try {
    verifier ??= localStorage.getItem(key);
  } catch {
    // storage refused (privacy mode, sandboxed frame): this page's memory serves
  }
  if (!verifier) {
    verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
    try {
      localStorage.setItem(key, verifier);
    } catch {
      // as above
    }
  }
  memory.set(key, verifier);
  return verifier;
}

/** Computes (once) the challenge for this API; `providerStartUrl` needs it ready. */
export async function prepareHandoff(apiBase: string): Promise<string> {
  const known = challenges.get(apiBase);
  if (known) return known;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(handoffVerifier(apiBase)));
  const challenge = b64url(new Uint8Array(digest));
  challenges.set(apiBase, challenge);
  return challenge;
}

/** The challenge once prepared (loadProviders awaits it before any provider button shows). */
export const handoffChallenge = (apiBase: string): string | undefined => challenges.get(apiBase);

/**
 * A provider sign-in started from the "confirm it's you" dialog: its code, back on this page, is
 * exchanged with `purpose: "reauthenticate"` (the session goes on, freshly authenticated).
 */
export function markReauthReturn(apiBase: string): void {
  try {
    sessionStorage.setItem(`civickit:reauth:${apiBase}`, '1');
  } catch {
    // storage refused: the return signs in afresh instead, which proves the account as well
  }
}

export function takeReauthReturn(apiBase: string): boolean {
  try {
    const key = `civickit:reauth:${apiBase}`;
    const marked = sessionStorage.getItem(key) === '1';
    sessionStorage.removeItem(key);
    return marked;
  } catch {
    return false;
  }
}
