/** One entry of a GeoReport v2 `errors` document: the spec's code (an HTTP status) and what went wrong. */
export interface Open311Error {
  code: number;
  description: string;
}

/** Why a request is refused; render.ts decides the HTTP status (invalid 400, forbidden 403, not_found 404, rate_limited 429). */
export type RefusalKind = 'invalid' | 'forbidden' | 'not_found' | 'rate_limited';

/**
 * The Open311 domain's refusal: plain data, no HTTP. Each problem is a description (it takes the code of
 * the refusal) or an entry with its own code (a form with an unknown service_code and other mistakes).
 */
export class Open311Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly problems: Array<string | Open311Error>,
    /** rate_limited: seconds until the key may send again. */
    readonly retryAfter?: number,
  ) {
    super(problems.map((p) => (typeof p === 'string' ? p : p.description)).join('; '));
    this.name = 'Open311Refusal';
  }
}
