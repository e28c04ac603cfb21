/**
 * Page-wide configuration, set once by the classic script's `<script data-*>` attributes
 * (see civickit.ts) or by `configure()` for ES module users. The first configuration wins,
 * so loading the script twice is harmless.
 */
export type SessionStorageKind = 'session' | 'local' | 'memory';
/** How the portal keeps its view in the page address (core/url-route.ts). */
export type RoutingMode = 'query' | 'hash' | 'none';

export interface CivicConfig {
  /** Origin (and optional path prefix) of the CivicKit server. */
  apiUrl?: string;
  /** Where the refresh token is kept; see docs/embedding.md "Session storage". */
  storage?: SessionStorageKind;
  /** `query` (default), `hash` or `none`; see docs/embedding.md "Addresses". */
  routing?: RoutingMode;
}

const config: CivicConfig = {};
let configured = false;

export function configure(options: CivicConfig): void {
  if (configured) return;
  configured = true;
  if (options.apiUrl) config.apiUrl = options.apiUrl;
  if (options.storage && ['session', 'local', 'memory'].includes(options.storage)) {
    config.storage = options.storage;
  }
  if (options.routing && ['query', 'hash', 'none'].includes(options.routing)) config.routing = options.routing;
}

export function getConfig(): Readonly<CivicConfig> {
  return config;
}

/** `api-url` attribute of the element, else the configured URL, else the page's own origin. */
export function resolveApiUrl(explicit?: string | null): string {
  const url = explicit || config.apiUrl || location.origin;
  return url.replace(/\/+$/, '');
}
