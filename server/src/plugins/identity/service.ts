import { createHash } from 'node:crypto';
import { concurrencyFor, type SlotCounter } from '../../db/concurrency.js';
import { Types } from 'mongoose';
import type { Config } from '../../config.js';
import { fail } from '../../lib/errors.js';
import { checkReturnTo } from '../../lib/return-to.js';
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
/** A link ticket (POST /me/identities/link) is used by the start it names, right away. */
export const LINK_TICKET_TTL_MS = 5 * 60_000;

/** base64url SHA-256, as the page computes its hand-off challenge from its verifier (API.md §3b "Hand-off binding"). */
export const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** What a start carries besides the provider and the page to return to. */
export interface StartOptions {
  challenge: string;
  clientIp?: string;
  /** A ticket from POST /me/identities/link: this sign-in links the provider to that signed-in account. */
  linkTicket?: string;
}

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

  /** returnTo must be a page the city runs (lib/return-to.ts): no open redirect. */
  checkReturnTo(returnTo: string | undefined): string {
    return checkReturnTo(this.config, returnTo);
  }

  /** Where to send the browser: a redirect, or (SAML HTTP-POST binding, when the entry asks for it) a form to post. */
  async start(id: string, returnTo: string | undefined, options: StartOptions): Promise<{ redirectUrl: string; form?: StartResult['form'] }> {
    const { entry, driver } = this.provider(id);
    const target = this.checkReturnTo(returnTo);
    const linkUserId = options.linkTicket ? await this.takeLinkTicket(id, options.linkTicket) : undefined;
    const slot = await this.startsPerClient.take(options.clientIp ?? '');
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
      challenge: options.challenge,
      linkUserId,
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
      const verified = { ...identity, provider: entry.id };
      const userId = flow.linkUserId ? await this.linker.link(entry, verified, flow.linkUserId) : await this.linker.resolve(entry, verified);
      // staff through the staff directory only (staffSignIn.requireSso), whatever the provider: no code for a refused method
      await this.accounts.verified.checkPolicies(userId, this.methodOf(id)).catch((err: { output?: { payload?: { code?: string } } }) => {
        throw new IdentityError(err.output?.payload?.code ?? 'not_allowed');
      });
      const acr = entry.type === 'logingovpl' ? (identity.loa ?? 'low') : 'provider';
      return this.handOff(returnTo, { civic_action: 'signin', code: await this.issueCode(userId, id, flow.challenge, acr) });
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

  private methodOf(id: string) {
    const { entry } = this.provider(id);
    return { kind: 'provider' as const, provider: entry.id, purpose: entry.purpose };
  }

  private async issueCode(userId: Types.ObjectId, provider: string, challenge: string, acr: string): Promise<string> {
    const code = newToken();
    await this.models.SigninCode.create({ codeHash: hashToken(code), userId, provider, challenge, acr, expiresAt: new Date(Date.now() + SIGNIN_CODE_TTL_MS) });
    return code;
  }

  /**
   * POST /auth/providers/exchange: the code from the return URL -> the login response. Single use, ≤ 60 s,
   * and only with the verifier of the page that started the sign-in: a code planted in another browser
   * (login CSRF) is refused, and a wrong or missing verifier burns it. With `reauthenticate` the code must
   * prove the signed-in account, whose session goes on with a fresh authentication time.
   */
  async exchange(input: { code: string; verifier?: string; purpose?: 'signin' | 'reauthenticate' }, session?: { userId: string; sessionId?: string }) {
    const invalid = () => fail('invalid_token', 'This sign-in code is invalid, used or expired');
    const codeHash = hashToken(input.code);
    const found = await this.models.SigninCode.findOne({ codeHash, expiresAt: { $gt: new Date() } }).lean();
    if (!found || !(await this.spendOnce(`code:${codeHash}`))) throw invalid();
    await this.models.SigninCode.deleteOne({ _id: found._id });
    if (!input.verifier || challengeOf(input.verifier) !== found.challenge) throw invalid();
    const known = found.provider ? this.providers.get(found.provider)?.entry : undefined;
    if (!known) throw invalid();
    const auth = { method: this.methodOf(known.id), acr: found.acr ?? 'provider' };
    if (input.purpose !== 'reauthenticate') return this.accounts.verified.signIn(found.userId, auth);
    if (!session) throw fail('unauthorized', 'Sign-in required');
    if (session.userId !== String(found.userId)) throw fail('forbidden', 'This sign-in proves another account than the signed-in one');
    return this.accounts.verified.signIn(found.userId, { ...auth, familyId: session.sessionId });
  }

  /**
   * POST /me/identities/link: a signed-in resident (recently authenticated) links a provider. Returns the
   * start address carrying a one-time ticket that names the account.
   */
  async linkStart(userId: string, id: string, challenge: string, returnTo: string | undefined): Promise<{ startUrl: string }> {
    this.provider(id);
    const target = this.checkReturnTo(returnTo);
    const ticket = newToken();
    await this.models.LinkTicket.create({
      ticketHash: hashToken(ticket),
      userId: new Types.ObjectId(userId),
      provider: id,
      expiresAt: new Date(Date.now() + LINK_TICKET_TTL_MS),
    });
    const url = new URL(`${this.config.publicUrl}/api/v1/auth/providers/${encodeURIComponent(id)}/start`);
    url.searchParams.set('returnTo', target);
    url.searchParams.set('challenge', challenge);
    url.searchParams.set('link', ticket);
    return { startUrl: url.href };
  }

  private async takeLinkTicket(id: string, ticket: string): Promise<Types.ObjectId> {
    const ticketHash = hashToken(ticket);
    const found = await this.models.LinkTicket.findOne({ ticketHash, provider: id, expiresAt: { $gt: new Date() } }).lean();
    if (!found || !(await this.spendOnce(`link:${ticketHash}`))) throw fail('invalid_token', 'This link request is invalid, used or expired');
    await this.models.LinkTicket.deleteOne({ _id: found._id });
    return found.userId;
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
    const entry = this.providers.get(row.provider)?.entry;
    await this.accounts.announce(userId, 'sign_in_method_removed', { method: entry?.label ?? row.provider });
  }

  /** The account's linked identities as the reset confirmation names them; and their removal in one step. */
  async methodNames(userId: string): Promise<string[]> {
    return (await this.identities(userId)).map((row) => `${row.label?.pl ?? row.provider}`);
  }

  async removeAllFor(userId: string): Promise<number> {
    return (await this.models.LinkedIdentity.deleteMany({ userId: new Types.ObjectId(userId) })).deletedCount ?? 0;
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
    await this.models.LinkTicket.deleteMany({ expiresAt: { $lt: now } });
  }
}
