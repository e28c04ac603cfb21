/** Field codes and error codes come from API.md §2; the widget turns them into text. */
export interface ApiErrorBody {
  statusCode?: number;
  error?: string;
  message?: string;
  code?: string;
  fields?: Record<string, string>;
  retryAfter?: number;
}

/** A failed API call (or a network failure, code `network_error`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly retryAfter?: number;

  constructor(status: number, body: ApiErrorBody, retryAfterHeader?: string | null) {
    super(body.message ?? body.code ?? `HTTP ${status}`);
    this.status = status;
    this.code = body.code ?? (status === 0 ? 'network_error' : 'unknown');
    this.fields = body.fields ?? {};
    const header = retryAfterHeader ? Number(retryAfterHeader) : undefined;
    this.retryAfter = body.retryAfter ?? (Number.isFinite(header) ? header : undefined);
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Thin JSON client for `/api/v1`; knows nothing about sessions. */
export class ApiClient {
  readonly base: string;

  constructor(apiUrl: string) {
    this.base = apiUrl.replace(/\/+$/, '') + '/api/v1';
  }

  /** `body` is sent as JSON, or as it is when FormData (multipart, e.g. report photos). */
  async request<T>(method: Method, path: string, body?: unknown, accessToken?: string, extraHeaders?: Record<string, string>): Promise<T> {
    const multipart = typeof FormData !== 'undefined' && body instanceof FormData;
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : multipart ? (body as FormData) : JSON.stringify(body),
        // Bearer tokens, never cookies: third-party cookies are blocked for embeds anyway.
        credentials: 'omit',
        mode: 'cors',
      });
    } catch {
      throw new ApiError(0, { code: 'network_error' });
    }
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (!res.ok) {
      throw new ApiError(res.status, (data as ApiErrorBody) ?? {}, res.headers.get('retry-after'));
    }
    return data as T;
  }
}
