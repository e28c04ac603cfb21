import { loadErrorTexts } from './error-texts.js';

/** Field codes and error codes come from API.md §2; the widget turns them into text. */
export interface ApiErrorBody {
  statusCode?: number;
  error?: string;
  message?: string;
  code?: string;
  fields?: Record<string, string>;
  retryAfter?: number;
  /** e.g. `pending_phone` with an `account_not_active` answer */
  status?: string;
  registrationToken?: string;
  /** invalid_token: what ran out (SMS) or why the server ended the session (refresh) */
  reason?: string;
}

/** A failed API call (or a network failure, code `network_error`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly retryAfter?: number;
  /** The whole error body (extra fields such as `registrationToken`). */
  readonly body: ApiErrorBody;

  constructor(status: number, body: ApiErrorBody, retryAfterHeader?: string | null) {
    super(body.message ?? body.code ?? `HTTP ${status}`);
    this.status = status;
    this.code = body.code ?? (status === 0 ? 'network_error' : 'unknown');
    this.fields = body.fields ?? {};
    this.body = body;
    const header = retryAfterHeader ? Number(retryAfterHeader) : undefined;
    const after = body.retryAfter ?? (Number.isFinite(header) ? header : undefined);
    this.retryAfter = after === undefined ? undefined : Math.ceil(after);
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Thin JSON client for `/api/v1`; knows nothing about sessions. */
export class ApiClient {
  readonly base: string;

  constructor(apiUrl: string) {
    this.base = apiUrl.replace(/\/+$/, '') + '/api/v1';
  }

  /** `body` is sent as JSON, or as it is when FormData (multipart, e.g. report photos) or a Blob (its own type, e.g. text/csv). */
  async request<T>(method: Method, path: string, body?: unknown, accessToken?: string, extraHeaders?: Record<string, string>): Promise<T> {
    const multipart = typeof FormData !== 'undefined' && body instanceof FormData;
    const blob = typeof Blob !== 'undefined' && body instanceof Blob;
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (blob) headers['content-type'] = (body as Blob).type || 'application/octet-stream';
    else if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : multipart || blob ? (body as FormData | Blob) : JSON.stringify(body),
        // Bearer tokens, never cookies: third-party cookies are blocked for embeds anyway.
        credentials: 'omit',
        mode: 'cors',
      });
    } catch {
      throw new ApiError(0, { code: 'network_error' });
    }
    // the error codes' texts: loading from the first answer on, here before a failure is reported (issue 20)
    const errorTexts = loadErrorTexts();
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      // a success that is not JSON (e.g. the staff queue's CSV) comes back as its text
      data = res.ok ? text : undefined;
    }
    if (!res.ok) {
      await errorTexts;
      throw new ApiError(res.status, (data as ApiErrorBody) ?? {}, res.headers.get('retry-after'));
    }
    return data as T;
  }
}
