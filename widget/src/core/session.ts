import type { components } from './api-types.js';
import { ApiClient, ApiError, type Method } from './api.js';
import { getConfig, type SessionStorageKind } from './config.js';
import { loadErrorTexts } from './error-texts.js';

/** The signed-in account as GET /me documents it (generated from the server's /openapi.json). */
export type User = components['schemas']['Profile'];

type TokenPair = components['schemas']['TokenPair'];

export type SessionStatus = 'restoring' | 'signed-in' | 'signed-out';

/** Why the session ended; lets elements say "your session expired" instead of nothing. */
export type SignOutReason = 'user' | 'expired' | 'elsewhere';

export interface SessionChange {
  status: SessionStatus;
  user: User | null;
  reason?: SignOutReason;
  /** The server ended it (POST /auth/refresh refused with this `reason`): `password_changed`, `blocked`, … */
  ended?: string;
}

/** Refresh this long before the access token expires (and at most at 80% of its life). */
const REFRESH_MARGIN_MS = 60_000;

function pickStorage(kind: SessionStorageKind): Storage | null {
  try {
    const s = kind === 'local' ? localStorage : kind === 'session' ? sessionStorage : null;
    if (!s) return null;
    const probe = '__civickit_probe__';
    s.setItem(probe, probe);
    s.removeItem(probe);
    return s;
  } catch {
    // Storage can be disabled (privacy modes, sandboxed iframes); fall back to memory.
    return null;
  }
}

/**
 * One session per API URL per page, shared by every element. The access token lives only in
 * memory; the refresh token is kept in Web Storage so that a reload stays signed in.
 */
export class Session extends EventTarget {
  readonly api: ApiClient;
  status: SessionStatus = 'restoring';
  user: User | null = null;

  private accessToken: string | null = null;
  private refreshDue = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private refreshing?: Promise<boolean>;
  private memoryToken: string | null = null;
  /** Probed on first use; undefined until then. */
  private probedStorage?: Storage | null;
  private readonly key: string;
  private readonly restored: Promise<void>;

  constructor(
    readonly apiUrl: string,
    private readonly storageKind: SessionStorageKind = getConfig().storage ?? 'session',
  ) {
    super();
    this.api = new ApiClient(apiUrl);
    this.key = `civickit:refresh:${apiUrl}`;
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.status === 'signed-in') void this.ensureFresh();
    });
    // The first element creates the session while it connects. Web Storage (whose first access can
    // wait on the browser process) is read in a later task, so it never delays that element's first
    // render; the status stays 'restoring' until then, as it does while the refresh call runs.
    this.restored = new Promise((r) => setTimeout(r, 0)).then(() => this.restore());
  }

  private get storage(): Storage | null {
    if (this.probedStorage === undefined) {
      this.probedStorage = pickStorage(this.storageKind);
      if (this.probedStorage && this.probedStorage === safeLocal()) {
        // Another tab signed out (or rotated to a token we do not know): follow it.
        addEventListener('storage', (e) => {
          if (e.key === this.key && !e.newValue && this.status === 'signed-in') this.clear('elsewhere');
        });
      }
    }
    return this.probedStorage;
  }

  /** Resolves once a stored session has been restored (or found absent). */
  ready(): Promise<void> {
    return this.restored;
  }

  /** Milliseconds until the scheduled refresh; exposed for diagnostics and tests. */
  get refreshDueIn(): number {
    return this.status === 'signed-in' ? Math.max(0, this.refreshAt() - Date.now()) : Infinity;
  }

  login(email: string, password: string): Promise<User> {
    return this.signIn('/auth/login', { email, password });
  }

  /** The one-time code an external sign-in (login.gov.pl, the city's SSO) hands back in the page URL. */
  async exchangeSigninCode(code: string): Promise<User> {
    // the hand-off helpers only a return from a provider needs: not on the first screen (issue 20)
    const { handoffVerifier, takeReauthReturn } = await import('./handoff.js');
    const body = { code, verifier: handoffVerifier(this.api.base) };
    await this.ready();
    // back from confirming "it's you" with a provider: the same session, freshly authenticated
    if (takeReauthReturn(this.api.base) && this.status === 'signed-in') {
      return this.acceptSignIn(await this.authed<TokenPair & { user: User }>('POST', '/auth/providers/exchange', { ...body, purpose: 'reauthenticate' }));
    }
    return this.signIn('/auth/providers/exchange', body);
  }

  private async signIn(path: string, body: unknown): Promise<User> {
    return this.acceptSignIn(await this.api.request<TokenPair & { user: User }>('POST', path, body));
  }

  /** A login response (password, passkey, a provider's code) becomes this page's session. */
  acceptSignIn(res: TokenPair & { user: User }): User {
    this.applyTokens(res);
    this.setUser(res.user);
    return res.user;
  }

  async logout(): Promise<void> {
    const refreshToken = this.readToken();
    this.clear('user');
    if (refreshToken) {
      try {
        await this.api.request('POST', '/auth/logout', { refreshToken });
      } catch {
        // The local session is gone either way; the token expires on the server.
      }
    }
  }

  /** An authorised call; refreshes first when the access token is due, and once more on 401. */
  async authed<T>(method: Method, path: string, body?: unknown): Promise<T> {
    if (!(await this.ensureFresh())) {
      await loadErrorTexts(); // its text, as for an answer (core/error-texts.ts)
      throw new ApiError(401, { code: 'unauthorized' });
    }
    try {
      return await this.api.request<T>(method, path, body, this.accessToken ?? undefined);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && err.code === 'unauthorized') {
        if (await this.refresh()) return this.api.request<T>(method, path, body, this.accessToken ?? undefined);
      }
      // a sensitive change (API.md §3b): the resident confirms it is them in place, then the change goes through
      if (err instanceof ApiError && err.code === 'reauthentication_required' && this.reauthPrompt && (await this.reauthPrompt())) {
        return this.api.request<T>(method, path, body, this.accessToken ?? undefined);
      }
      throw err;
    }
  }

  /**
   * Asks the resident to prove the account again (core/reauth.ts sets it: a dialog with the password, a
   * passkey or the provider); resolves true once POST /auth/reauthenticate accepted the proof.
   */
  reauthPrompt?: () => Promise<boolean>;

  /** POST /auth/reauthenticate: the session goes on, counted as freshly authenticated. */
  async reauthenticate(proof: { password: string } | { response: unknown }): Promise<User> {
    return this.acceptSignIn(await this.authed<TokenPair & { user: User }>('POST', '/auth/reauthenticate', proof));
  }

  /** Returns true when a usable access token is held (refreshing it when due). */
  async ensureFresh(): Promise<boolean> {
    if (this.accessToken && Date.now() < this.refreshAt()) return true;
    return this.refresh();
  }

  /** A fresh access token for a download the API client cannot make (staff files: reports/staff-files.ts). */
  async bearer(): Promise<string | undefined> {
    return (await this.ensureFresh()) ? (this.accessToken ?? undefined) : undefined;
  }

  /** Rotates the refresh token. Concurrent callers share one request (a reused token would revoke the family). */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.withLock(() => this.doRefresh()).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  setUser(user: User | null): void {
    const wasSignedIn = this.status === 'signed-in';
    this.user = user;
    this.status = user ? 'signed-in' : 'signed-out';
    if (user || wasSignedIn) this.emit();
  }

  /** Drop tokens locally, e.g. after the server revoked them (password change). */
  clear(reason: SignOutReason, ended?: string): void {
    clearTimeout(this.timer);
    this.accessToken = null;
    this.refreshDue = 0;
    this.writeToken(null);
    const was = this.status;
    this.user = null;
    this.status = 'signed-out';
    if (was !== 'signed-out') {
      this.emit(reason, ended);
      // Nobody clicked "log out" (expiry, another tab): tell the page once, from the document.
      if (reason !== 'user') {
        document.dispatchEvent(new CustomEvent('civic-signed-out', { detail: { reason, ...(ended ? { ended } : {}) }, bubbles: true, composed: true }));
      }
    }
  }

  private async restore(): Promise<void> {
    const status: SessionStatus = this.status;
    if (status !== 'restoring') return; // signed in or out meanwhile
    if (!this.readToken()) {
      this.status = 'signed-out';
      this.emit();
      return;
    }
    try {
      if (await this.refresh()) {
        this.setUser(await this.authed<User>('GET', '/me'));
        return;
      }
    } catch {
      // fall through: a stored session that cannot be restored is a signed-out page
    }
    if (this.status !== 'signed-out') this.clear('expired');
  }

  private async doRefresh(): Promise<boolean> {
    const refreshToken = this.readToken();
    if (!refreshToken) return false;
    try {
      this.applyTokens(await this.api.request<TokenPair>('POST', '/auth/refresh', { refreshToken }));
      return true;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 400)) {
        this.clear('expired', typeof err.body.reason === 'string' ? err.body.reason : undefined);
        return false;
      }
      throw err; // network trouble: keep the session, the next call retries
    }
  }

  /** Tabs sharing localStorage must not rotate the same refresh token at once. */
  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (this.storage && this.storage === safeLocal() && locks) {
      return locks.request(this.key, fn) as Promise<T>;
    }
    return fn();
  }

  private applyTokens(pair: TokenPair): void {
    this.accessToken = pair.accessToken;
    const life = pair.expiresIn * 1000;
    this.refreshDue = Date.now() + life - Math.min(REFRESH_MARGIN_MS, life * 0.2);
    this.writeToken(pair.refreshToken);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), this.refreshAt() - Date.now());
  }

  private refreshAt(): number {
    return this.refreshDue;
  }

  private readToken(): string | null {
    if (!this.storage) return this.memoryToken;
    try {
      return this.storage.getItem(this.key);
    } catch {
      return this.memoryToken;
    }
  }

  private writeToken(token: string | null): void {
    this.memoryToken = token;
    if (!this.storage) return;
    try {
      if (token) this.storage.setItem(this.key, token);
      else this.storage.removeItem(this.key);
    } catch {
      // quota or privacy mode: the in-memory copy still serves this page
    }
  }

  private emit(reason?: SignOutReason, ended?: string): void {
    this.dispatchEvent(new CustomEvent<SessionChange>('change', { detail: { status: this.status, user: this.user, reason, ended } }));
  }
}

function safeLocal(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

const sessions = new Map<string, Session>();

/** The page's session for an API URL. */
export function getSession(apiUrl: string): Session {
  let s = sessions.get(apiUrl);
  if (!s) {
    s = new Session(apiUrl);
    sessions.set(apiUrl, s);
  }
  return s;
}
