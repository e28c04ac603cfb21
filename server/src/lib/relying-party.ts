import { isIP } from 'node:net';

/**
 * WebAuthn's relying party: the RP ID (a domain the passkeys are bound to) and the page origins
 * allowed to use them. The ceremony runs on the page hosting the widget (APP_URL, CORS_ORIGINS), not
 * on the API's origin, so the RP ID must be that page's host or a parent domain of it. Browsers refuse
 * WebAuthn on IP-address origins: in development a loopback address gets a `localhost` twin.
 */
export interface RelyingParty {
  rpId: string;
  rpName: string;
  /** Page origins whose assertions are accepted (each on the RP ID or a subdomain of it). */
  origins: string[];
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', '::1']);

/** `http://127.0.0.1:3000` -> `http://localhost:3000`; other origins -> undefined. */
export function localhostTwin(origin: string): string | undefined {
  const url = new URL(origin);
  if (!LOOPBACK.has(url.hostname)) return undefined;
  url.hostname = 'localhost';
  return url.origin;
}

/** True when `host` is the RP ID itself or one of its subdomains. */
export const onRpId = (host: string, rpId: string): boolean => host === rpId || host.endsWith(`.${rpId}`);

export function relyingParty(
  input: { production: boolean; publicUrl: string; appUrl: string; corsOrigins: string[]; rpId?: string; rpName: string },
  problems: string[],
): RelyingParty {
  const appHost = new URL(input.appUrl).hostname;
  const devLoopback = !input.production && LOOPBACK.has(appHost);
  let rpId = input.rpId?.toLowerCase();
  if (rpId && isIP(rpId)) problems.push('WEBAUTHN_RP_ID: must be a domain name; browsers refuse passkeys on IP addresses');
  else if (rpId && !onRpId(devLoopback ? 'localhost' : appHost, rpId))
    problems.push(`WEBAUTHN_RP_ID: APP_URL's host ${appHost} is neither ${rpId} nor a subdomain of it`);
  rpId ??= devLoopback ? 'localhost' : appHost;

  const candidates = [new URL(input.appUrl).origin, new URL(input.publicUrl).origin, ...input.corsOrigins];
  if (!input.production) candidates.push(...candidates.map(localhostTwin).filter((o): o is string => !!o));
  const origins = [...new Set(candidates)].filter((o) => onRpId(new URL(o).hostname, rpId!));
  return { rpId, rpName: input.rpName, origins };
}
