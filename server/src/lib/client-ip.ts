import type { Request } from '@hapi/hapi';

/**
 * The client's address for throttling and SMS limits. Behind `hops` trusted reverse proxies
 * (TRUST_PROXY), each proxy appends the address it saw to X-Forwarded-For, so the client is the
 * hops-th entry from the right; anything further left was written by the client and is ignored.
 */
export function clientIp(request: Request, hops: number): string {
  if (hops > 0) {
    const header: unknown = request.headers['x-forwarded-for'];
    const raw = Array.isArray(header) ? header.join(',') : typeof header === 'string' ? header : '';
    const list = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const candidate = list[list.length - hops];
    if (candidate) return candidate;
  }
  return request.info.remoteAddress;
}
