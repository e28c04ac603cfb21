/**
 * Is this page allowed to call the CivicKit server? A page whose origin is not in the server's
 * `CORS_ORIGINS` gets nothing but network failures, which would read to a resident as "check your
 * connection". `GET /api/v1/config` is the one route any origin may read; it says whether the
 * asking origin is allowed. Asked once per page and server, only when the server is on another
 * origin (a same-origin page is always allowed).
 */
import type { OriginRefusal } from './origin-probe.js';

export type { OriginRefusal };

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
    // the question itself (and its message for the webmaster) loads only for a server on another origin (issue 20)
    p = import('./origin-probe.js')
      .then(
        (m) => m.ask(apiUrl, server),
        () => undefined, // its chunk did not load: as an unreachable server, the usual network error
      )
      .then((r) => {
        if (r) refused = r;
        return r;
      });
    checks.set(apiUrl, p);
  }
  return p;
}
