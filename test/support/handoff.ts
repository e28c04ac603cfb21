import { createHash, randomBytes } from 'node:crypto';

/**
 * What a page does for the hand-off binding (API.md §3b): keeps a random verifier and gives its
 * base64url SHA-256 as `challenge` when it starts a provider sign-in; the exchange sends the verifier.
 */
export function newHandoff(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** One browser: the same verifier for every sign-in it starts (as the widget keeps one per page origin). */
export const browserHandoff = newHandoff();

/** `…/start?returnTo=…&challenge=…` for that browser. */
export function startQuery(returnTo: string, handoff = browserHandoff): string {
  return `returnTo=${encodeURIComponent(returnTo)}&challenge=${handoff.challenge}`;
}
