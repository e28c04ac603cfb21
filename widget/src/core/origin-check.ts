import type { components } from './api-types.js';

/**
 * Is this page allowed to call the CivicKit server? A page whose origin is not in the server's
 * `CORS_ORIGINS` gets nothing but network failures, which would read to a resident as "check your
 * connection". `GET /api/v1/config` is the one route any origin may read; it says whether the
 * asking origin is allowed. Asked once per page and server, only when the server is on another
 * origin (a same-origin page is always allowed).
 */
export type PublicConfig = components['schemas']['PublicConfig'];

export interface OriginRefusal {
  /** This page's origin. */
  origin: string;
  /** The CivicKit server's origin. */
  server: string;
  /** The city's name from the server, for the header the profile could not fill. */
  name: string;
}

const checks = new Map<string, Promise<OriginRefusal | undefined>>();
let refused: OriginRefusal | undefined;

/** The refusal found so far on this page, if any (errors then explain it instead of blaming the network). */
export function originRefusal(): OriginRefusal | undefined {
  return refused;
}

/** Resolves to the refusal when the server does not allow this page's origin, else undefined. */
export function checkOrigin(apiUrl: string): Promise<OriginRefusal | undefined> {
  let server: string;
  try {
    server = new URL(apiUrl, location.href).origin;
  } catch {
    return Promise.resolve(undefined);
  }
  if (server === location.origin) return Promise.resolve(undefined);
  let p = checks.get(apiUrl);
  if (!p) {
    p = ask(apiUrl, server);
    checks.set(apiUrl, p);
  }
  return p;
}

async function ask(apiUrl: string, server: string): Promise<OriginRefusal | undefined> {
  let cfg: PublicConfig;
  try {
    // a simple GET (no custom headers): no preflight, so it answers even where the API would not
    const res = await fetch(`${apiUrl}/api/v1/config`, { credentials: 'omit', mode: 'cors' });
    if (!res.ok) return undefined;
    cfg = (await res.json()) as PublicConfig;
  } catch {
    return undefined; // the server is really unreachable (or older than this route): the usual network error
  }
  if (cfg.originAllowed) return undefined;
  refused = { origin: location.origin, server, name: cfg.name };
  // for the webmaster, in the console, once, in English
  console.error(
    `CivicKit: this page's origin ${location.origin} is not allowed to call the CivicKit server at ${server}. ` +
      `Add it to CORS_ORIGINS on that server (comma-separated origins, e.g. CORS_ORIGINS=${location.origin}) and restart it. ` +
      'See docs/embedding.md, "Allowing your site".',
  );
  return refused;
}
