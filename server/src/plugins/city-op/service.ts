import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Model } from 'mongoose';
import type { Config } from '../../config.js';
import type { SpendOnce } from '../../db/concurrency.js';
import { fail } from '../../lib/errors.js';
import type { ArtifactDoc } from './adapter.js';
import type { Consents } from './consents.js';
import { pairwiseSub, type ACR_VALUES } from './provider.js';
import type { CityOpFace, OidcProvider } from './types.js';
import { derivedSecret } from './keys.js';

/** What the widget's sign-in proved, as the provider records it (acr, amr, auth_time). */
export interface SignInProof {
  accountId: string;
  acr: (typeof ACR_VALUES)[number];
  authTime: number;
}

type Raw = { req: IncomingMessage; res: ServerResponse };
const HANDOFF_TTL_MS = 60_000;
const handoffId = (code: string) => `CivicHandoff:${createHash('sha256').update(code).digest('base64url')}`;
/** login.gov.pl levels a client may require with acr_values, weakest first. */
const LOA_RANK: Record<string, number> = { low: 1, substantial: 2, high: 3 };

/**
 * The provider's CivicKit side: the hand-off from the widget's session to an interaction, consent,
 * the resident's connected applications and what ends when an account goes.
 */
export class CityOpService implements CityOpFace {
  private readonly pairwiseKey: string;
  /** oidc-provider's own request handler (a Koa app), mounted under /oidc by routes.ts. */
  readonly callback: (req: IncomingMessage, res: ServerResponse) => void;

  constructor(
    readonly provider: OidcProvider,
    private readonly config: Config,
    private readonly artifacts: Model<ArtifactDoc>,
    private readonly consumed: SpendOnce,
    readonly consents: Consents,
  ) {
    this.pairwiseKey = derivedSecret(config.dataKey, 'pairwise');
    this.callback = provider.callback();
  }

  /** The `sub` a client knows an account by (webhooks name accounts this way). */
  subFor(clientId: string, accountId: string): string {
    return pairwiseSub(this.pairwiseKey, clientId, accountId);
  }

  clientEntry(clientId: string) {
    return this.config.profile.oidcClients.find((c) => c.clientId === clientId);
  }

  /** A one-time code (≤ 60 s) binding a widget sign-in to one interaction; the page posts it with the interaction's cookie. */
  async startHandoff(uid: string, proof: SignInProof): Promise<string> {
    const code = randomBytes(32).toString('base64url');
    await this.artifacts.create({ _id: handoffId(code), kind: 'CivicHandoff', payload: { uid, ...proof }, expiresAt: new Date(Date.now() + HANDOFF_TTL_MS) });
    return code;
  }

  /** Finishes the login prompt with the hand-off's account; a code is good once, for its own interaction. */
  async finishLogin(raw: Raw, code: string): Promise<string> {
    const details = await this.provider.interactionDetails(raw.req, raw.res);
    const doc = await this.artifacts.findById(handoffId(code)).lean();
    const proof = doc?.payload as (SignInProof & { uid: string }) | undefined;
    if (!doc || !proof || doc.expiresAt!.getTime() < Date.now() || proof.uid !== details.uid || !(await this.consumed.spend(doc._id))) {
      throw fail('invalid_token', 'This sign-in has expired: sign in again');
    }
    await this.artifacts.deleteOne({ _id: doc._id });
    const wanted = String(details.params.acr_values ?? '')
      .split(' ')
      .map((v) => LOA_RANK[v] ?? 0);
    if (Math.max(0, ...wanted) > (LOA_RANK[proof.acr] ?? 0)) throw fail('forbidden', 'This application requires signing in with login.gov.pl');
    const amr = proof.acr === 'password' || proof.acr === 'passkey' ? [proof.acr === 'password' ? 'pwd' : 'hwk'] : ['logingovpl'];
    return this.provider.interactionResult(
      raw.req,
      raw.res,
      { login: { accountId: proof.accountId, acr: proof.acr, amr, ts: proof.authTime } },
      { mergeWithLastSubmission: false },
    );
  }

  /** Allow: the requested scopes join the client's grant, remembered for the next sign-in. Deny: access_denied to the client. */
  async finishConsent(raw: Raw, decision: 'allow' | 'deny'): Promise<string> {
    const details = await this.provider.interactionDetails(raw.req, raw.res);
    if (details.prompt.name !== 'consent') throw fail('conflict', 'This step is not a consent');
    if (decision === 'deny') {
      const denied = { error: 'access_denied', error_description: 'the resident did not allow it' };
      return this.provider.interactionResult(raw.req, raw.res, denied, { mergeWithLastSubmission: true });
    }
    const accountId = details.session!.accountId;
    const clientId = String(details.params.client_id);
    const grant = (details.grantId && (await this.provider.Grant.find(details.grantId))) || new this.provider.Grant({ accountId, clientId });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope?.length) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId: string = await grant.save();
    const scopes = String(grant.getOIDCScope() ?? '')
      .split(' ')
      .filter(Boolean);
    await this.consents.remember(accountId, clientId, grantId, scopes);
    return this.provider.interactionResult(raw.req, raw.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  /** The resident's connected applications (API: GET /me/applications). */
  async applications(accountId: string) {
    const rows = await this.consents.list(accountId);
    return rows.flatMap((row) => {
      const entry = this.clientEntry(row.clientId);
      if (!entry) return [];
      return [
        { clientId: row.clientId, name: entry.name, scopes: row.scopes, connectedAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt.toISOString() },
      ];
    });
  }

  /** Ends what the resident gave one application: its grant, codes and tokens; the next sign-in asks again. */
  async revoke(accountId: string, clientId: string): Promise<void> {
    const row = await this.consents.forget(accountId, clientId);
    if (!row) throw fail('not_found', 'No such connected application');
    await this.artifacts.deleteMany({ $or: [{ grantId: row.grantId }, { _id: `Grant:${row.grantId}` }] });
  }

  /** Account deletion: every grant, session, code and token the account gave any client. */
  async eraseFor(accountId: string): Promise<void> {
    await this.artifacts.deleteMany({ accountId });
    await this.consents.model.deleteMany({ accountId });
  }

  /** The clients an account has signed in to (webhooks name it to those only). */
  async clientsUsedBy(accountId: string): Promise<string[]> {
    return (await this.consents.list(accountId)).map((row) => row.clientId);
  }
}
