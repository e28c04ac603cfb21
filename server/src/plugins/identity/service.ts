import { concurrencyFor, type SlotCounter } from '../../db/concurrency.js';
import { Types } from 'mongoose';
import type { Config } from '../../config.js';
import { fail } from '../../lib/errors.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { AccountsService } from '../accounts/index.js';
import { IdentityLinker } from './linking.js';
import type { IdentityModels } from './model.js';
import { IdentityError, type StartResult } from './provider.js';
import type { ProviderHandle } from './registry.js';

/** How long a started sign-in may take at the provider (login.gov.pl with a bank can take a while). */
export const FLOW_TTL_MS = 10 * 60_000;
/** The code handed to the page in the return URL: exchanged at once by the widget. */
export const SIGNIN_CODE_TTL_MS = 60_000;

export type Purpose = 'residents' | 'staff';

/**
 * External sign-in: start (state, nonce and PKCE verifier kept here, not in the browser), finish
 * (the driver verifies, the linker finds the account) and the hand-off to the page: a one-time code
 * in the return URL that POST /auth/providers/exchange turns into the normal login response. Tokens
 * never travel in a URL; the code is useless after one use or 60 seconds.
 */
export class IdentityService {
  readonly linker: IdentityLinker;

  constructor(
    private readonly models: IdentityModels,
    private readonly accounts: AccountsService,
    private readonly config: Config,
    private readonly providers: Map<string, ProviderHandle>,
    private readonly log: (message: string) => void,
    /** One-time keys (spend-once of the concurrency layer, db/concurrency.ts). */
    private readonly spendOnce: (key: string) => Promise<boolean>,
  ) {
    this.linker = new IdentityLinker(
      models,
      accounts,
      config.dataKey,
      config.profile.departments.map((d) => d.id),
    );
    this.startsPerClient = concurrencyFor(models.IdentityFlow.db).slots({ name: 'identity-start-client', limit: 300, windowMs: 3_600_000 });
  }

  /** Each start stores a flow: one client may begin so many sign-ins an hour. */
  private readonly startsPerClient: SlotCounter;

  list() {
    return [...this.providers.values()].map(({ entry }) => ({ id: entry.id, type: entry.type, label: entry.label, purpose: entry.purpose }));
  }

  private provider(id: string): ProviderHandle {
    const handle = this.providers.get(id);
    if (!handle) throw fail('not_found', 'No such sign-in provider');
    return handle;
  }

  /** returnTo must be a page the city runs: APP_URL's origin or one of CORS_ORIGINS (no open redirect). */
  checkReturnTo(returnTo: string | undefined): string {
    if (!returnTo) return this.config.appUrl;
    let url: URL;
    try {
      url = new URL(returnTo);
    } catch {
      throw fail('validation_failed', 'returnTo must be an absolute URL', { fields: { returnTo: 'invalid' } });
    }
    const allowed = new Set([new URL(this.config.appUrl).origin, ...this.config.corsOrigins]);
    if (!allowed.has(url.origin) || url.username || url.password) {
      throw fail('validation_failed', "returnTo must be on APP_URL's origin or one of CORS_ORIGINS", { fields: { returnTo: 'invalid' } });
    }
    return url.href;
  }

  /** Where to send the browser: a redirect, or (SAML HTTP-POST binding, when the entry asks for it) a form to post. */
  async start(id: string, returnTo: string | undefined, clientIp = ''): Promise<{ redirectUrl: string; form?: StartResult['form'] }> {
    const { entry, driver } = this.provider(id);
    const target = this.checkReturnTo(returnTo);
    const slot = await this.startsPerClient.take(clientIp);
    if (!slot.ok) throw fail('too_many_attempts', 'Too many sign-ins started from this network; try again later', { retryAfter: slot.retryAfter });
    const state = newToken();
    const nonce = newToken();
    const codeVerifier = newToken();
    let started;
    try {
      started = await driver.start({ state, nonce, codeVerifier });
    } catch (err) {
      this.log(`identity provider "${id}" could not start: ${(err as Error).message}`);
      throw fail('service_unavailable', 'The sign-in provider cannot be reached; try again later', { retryAfter: 30 });
    }
    await this.models.IdentityFlow.create({
      stateHash: hashToken(state),
      provider: id,
      nonce,
      codeVerifier,
      requestId: started.requestId,
      returnTo: target,
      expiresAt: new Date(Date.now() + FLOW_TTL_MS),
    });
    const post = entry.type === 'logingovpl' && entry.authnRequestBinding === 'post' && started.form;
    return post ? { redirectUrl: started.redirectUrl, form: started.form } : { redirectUrl: started.redirectUrl };
  }

  /**
   * The provider sent the browser back. Always answers with where to send it next: the page's
   * returnTo with `civic_action=signin&code=…`, or `civic_action=signin_error&reason=…`.
   */
  async finish(id: string, query: Record<string, string>, payload?: Record<string, string>): Promise<string> {
    const state = query.state ?? query.RelayState ?? payload?.RelayState ?? payload?.state;
    const flow = state ? await this.takeFlow(id, state) : undefined;
    const returnTo = flow?.returnTo ?? this.config.appUrl;
    try {
      if (!flow) throw new IdentityError('invalid_state');
      const { entry, driver } = this.provider(id);
      const identity = await driver.finish({
        query,
        payload,
        state: state!,
        nonce: flow.nonce,
        codeVerifier: flow.codeVerifier,
        requestId: flow.requestId ?? undefined,
      });
      if (!identity.subject) throw new IdentityError('invalid_response', 'no subject');
      const userId = await this.linker.resolve(entry, { ...identity, provider: entry.id });
      return this.handOff(returnTo, { civic_action: 'signin', code: await this.issueCode(userId) });
    } catch (err) {
      const reason = err instanceof IdentityError ? err.reason : 'provider_error';
      // the reason and the driver's message only: never claims, names or PESEL
      this.log(`identity provider "${id}" sign-in refused (${reason}): ${(err as Error).message}`);
      return this.handOff(returnTo, { civic_action: 'signin_error', reason });
    }
  }

  /** The stored flow for this state, spent: a replayed or forged return finds nothing. */
  private async takeFlow(id: string, state: string) {
    const stateHash = hashToken(state);
    const flow = await this.models.IdentityFlow.findOne({ stateHash, provider: id, expiresAt: { $gt: new Date() } }).lean();
    if (!flow || !(await this.spendOnce(`flow:${stateHash}`))) return undefined;
    await this.models.IdentityFlow.deleteOne({ _id: flow._id });
    return flow;
  }

  private handOff(returnTo: string, params: Record<string, string>): string {
    const url = new URL(returnTo);
    for (const key of ['civic_action', 'code', 'reason', 'token']) url.searchParams.delete(key);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.href;
  }

  private async issueCode(userId: Types.ObjectId): Promise<string> {
    const code = newToken();
    await this.models.SigninCode.create({ codeHash: hashToken(code), userId, expiresAt: new Date(Date.now() + SIGNIN_CODE_TTL_MS) });
    return code;
  }

  /** POST /auth/providers/exchange: the code from the return URL -> the login response. Single use, ≤ 60 s. */
  async exchange(code: string) {
    const codeHash = hashToken(code);
    const found = await this.models.SigninCode.findOne({ codeHash, expiresAt: { $gt: new Date() } }).lean();
    if (!found || !(await this.spendOnce(`code:${codeHash}`))) throw fail('invalid_token', 'This sign-in code is invalid, used or expired');
    await this.models.SigninCode.deleteOne({ _id: found._id });
    return this.accounts.verified.signIn(found.userId);
  }

  // ---- the resident's linked identities ---------------------------------------------------------

  async identities(userId: string) {
    const rows = await this.models.LinkedIdentity.find({ userId: new Types.ObjectId(userId) })
      .sort({ createdAt: 1 })
      .lean();
    return rows.map((row) => {
      const entry = this.providers.get(row.provider)?.entry ?? this.config.profile.identityProviders.find((e) => e.id === row.provider);
      return {
        id: String(row._id),
        provider: row.provider,
        type: entry?.type,
        label: entry?.label,
        loa: row.loa ?? undefined,
        verifiedAt: row.verifiedAt.toISOString(),
        lastUsedAt: row.lastUsedAt.toISOString(),
      };
    });
  }

  /** Unlinks one identity, unless it is the account's only way in (no password, no other identity). */
  async unlink(userId: string, identityId: string): Promise<void> {
    const owner = new Types.ObjectId(userId);
    const row = Types.ObjectId.isValid(identityId) ? await this.models.LinkedIdentity.findOne({ _id: identityId, userId: owner }).lean() : null;
    if (!row) throw fail('not_found', 'No such linked identity');
    const user = await this.accounts.getUser(userId);
    const others = await this.models.LinkedIdentity.countDocuments({ userId: owner, _id: { $ne: row._id } });
    if (!user.passwordHash && others === 0)
      throw fail('conflict', 'This is the only way to sign in to the account: set a password first (password reset) or link another identity');
    await this.models.LinkedIdentity.deleteOne({ _id: row._id });
  }

  /** Export and deletion cover identities (accounts' hooks). */
  async exportFor(userId: string) {
    return { identities: await this.identities(userId) };
  }

  async eraseFor(userId: string): Promise<void> {
    const owner = new Types.ObjectId(userId);
    await this.models.LinkedIdentity.deleteMany({ userId: owner });
    await this.models.SigninCode.deleteMany({ userId: owner });
  }

  /** Flows and codes outlive their use only until they expire. */
  async purgeExpired(): Promise<void> {
    const now = new Date();
    await this.models.IdentityFlow.deleteMany({ expiresAt: { $lt: now } });
    await this.models.SigninCode.deleteMany({ expiresAt: { $lt: now } });
  }
}
