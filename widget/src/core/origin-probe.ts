import type { components } from './api-types.js';
import { loadErrorTexts } from './error-texts.js';

/** GET /api/v1/config: whether the server allows the asking origin (core/origin-check.ts asks through this). */
export type PublicConfig = components['schemas']['PublicConfig'];

export interface OriginRefusal {
  /** This page's origin. */
  origin: string;
  /** The CivicKit server's origin. */
  server: string;
  /** The city's name from the server, for the header the profile could not fill. */
  name: string;
}

/** Asks the server on another origin; the refusal, or undefined when allowed or unreachable. */
export async function ask(apiUrl: string, server: string): Promise<OriginRefusal | undefined> {
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
  const refused = { origin: location.origin, server, name: cfg.name };
  await loadErrorTexts(); // e_origin_not_allowed says it on screen once the refusal is known
  // for the webmaster, in the console, once, in English
  console.error(
    `CivicKit: this page's origin ${location.origin} is not allowed to call the CivicKit server at ${server}. ` +
      `Add it to CORS_ORIGINS on that server (comma-separated origins, e.g. CORS_ORIGINS=${location.origin}) and restart it. ` +
      'See docs/embedding.md, "Allowing your site".',
  );
  return refused;
}
