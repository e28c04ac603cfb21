import { isDuplicateKey } from '../../db/unique.js';
import { createHmac } from 'node:crypto';
import mongoose, { type Types } from 'mongoose';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  type AuthenticatorTransportFuture,
} from '@simplewebauthn/server';
import { concurrencyFor, type SlotCounter, type SpendOnce } from '../../db/concurrency.js';
import { fail, invalid } from '../../lib/errors.js';
import type { RelyingParty } from '../../lib/relying-party.js';
import { keyedHash } from '../../lib/tokens.js';
import type { AccountsService } from '../accounts/index.js';
import { toPasskeyView, type PasskeyFields, type PasskeyModels, type PasskeyView } from './model.js';

/** How long a challenge may wait for its answer (WebAuthn `timeout` too). */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/** Enough for every device a person owns; a bound on what one account can store. */
export const MAX_PASSKEYS = 20;

type Purpose = 'register' | 'authenticate';

/**
 * Passkeys (WebAuthn, @simplewebauthn/server): registration by a signed-in resident, sign-in with a
 * discoverable credential (usable for conditional UI), and management. User verification is required
 * on both ceremonies. Challenges are random (32 bytes), stored only as a keyed hash, expire after five
 * minutes and are spent once; the signature counter is checked by the library on every assertion.
 */
export class PasskeysService {
  constructor(
    readonly models: PasskeyModels,
    private readonly accounts: AccountsService,
    private readonly rp: RelyingParty,
    private readonly dataKey: string,
  ) {
    const cc = concurrencyFor(models.Passkey.db);
    this.challenges = cc.once({ name: 'passkey-challenge', ttlMs: 10 * 60_000 });
    this.optionsPerClient = cc.slots({ name: 'passkey-options-client', limit: 300, windowMs: 3_600_000 });
  }

  /** Each challenge is answered once, on every node. */
  private readonly challenges: SpendOnce;
  /** Sign-in options store a challenge each: a client may ask for so many an hour. */
  private readonly optionsPerClient: SlotCounter;

  // ---- registration (signed in) ----------------------------------------------------------------

  async registrationOptions(userId: string) {
    const user = await this.accounts.getUser(userId);
    const existing = await this.models.Passkey.find({ userId: user._id }, { credentialId: 1, transports: 1 }).lean<PasskeyFields[]>();
    if (existing.length >= MAX_PASSKEYS) throw fail('conflict', `An account may hold at most ${MAX_PASSKEYS} passkeys; remove one first`);
    const options = await generateRegistrationOptions({
      rpName: this.rp.rpName,
      rpID: this.rp.rpId,
      userName: user.email,
      userDisplayName: `${user.firstName ?? ''} ${user.lastName ?? ''}`.trim() || user.email,
      userID: this.userHandle(user._id),
      timeout: CHALLENGE_TTL_MS,
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: (p.transports ?? undefined) as AuthenticatorTransportFuture[] | undefined })),
      // discoverable, so the passkey alone (no email typed) signs in
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    });
    await this.storeChallenge(options.challenge, 'register', user._id);
    return options;
  }

  async register(userId: string, response: RegistrationResponseJSON, name?: string): Promise<PasskeyView> {
    const challenge = await this.takeChallenge(response.response.clientDataJSON, 'register', userId);
    let verification;
    try {
      verification = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origins,
        expectedRPID: this.rp.rpId,
        requireUserVerification: true,
      });
    } catch {
      verification = undefined;
    }
    if (!verification?.verified) throw invalid({ response: 'invalid' }, 'The passkey could not be verified');
    const info = verification.registrationInfo;
    try {
      const created = await this.models.Passkey.create({
        userId,
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports: info.credential.transports,
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        aaguid: info.aaguid,
        name: name?.trim() || 'Passkey',
      });
      // every new sign-in method is announced to the account's address (API.md §3b)
      await this.accounts.announce(userId, 'sign_in_method_added', { method: passkeyLabel(created.name) });
      return toPasskeyView(created.toObject() as PasskeyFields);
    } catch (err) {
      if (isDuplicateKey(err)) throw fail('conflict', 'This passkey is already registered');
      throw err;
    }
  }

  // ---- sign-in ---------------------------------------------------------------------------------

  /** Options for a discoverable-credential sign-in (no allowCredentials: the browser offers the page's passkeys). */
  async authenticationOptions(clientIp = '') {
    const slot = await this.optionsPerClient.take(clientIp);
    if (!slot.ok) throw fail('too_many_attempts', 'Too many sign-in attempts from this network; try again later', { retryAfter: slot.retryAfter });
    const options = await generateAuthenticationOptions({ rpID: this.rp.rpId, userVerification: 'required', timeout: CHALLENGE_TTL_MS });
    await this.storeChallenge(options.challenge, 'authenticate');
    return options;
  }

  /**
   * A verified assertion -> the same login response as POST /auth/login (blocked and unfinished accounts
   * refused alike). Refused answers count against the client like failed password sign-ins (one budget).
   */
  async authenticate(response: AuthenticationResponseJSON, clientIp: string) {
    // the client's failure slot is reserved before the answer is checked, as for passwords (accounts/throttle.ts)
    const client = this.accounts.throttleKeys('', clientIp).client;
    const slot = await this.accounts.limits.loginClient.take(client);
    if (!slot.ok) throw fail('too_many_attempts', 'Too many failed sign-in attempts; try again later', { retryAfter: slot.retryAfter });
    // a refused answer keeps the slot: it is the failure's record
    const user = await this.verifyAssertion(response);
    this.accounts.limits.loginClient.release(client, slot.n).catch(() => {});
    return this.accounts.signInVerified(user);
  }

  /** Re-authentication (POST /auth/reauthenticate): the account a verified assertion proves, with no new session. */
  async prove(response: AuthenticationResponseJSON): Promise<string> {
    return String((await this.verifyAssertion(response))._id);
  }

  private async verifyAssertion(response: AuthenticationResponseJSON) {
    const refused = () => fail('invalid_credentials', 'This passkey is not recognised');
    const challenge = await this.takeChallenge(response.response.clientDataJSON, 'authenticate');
    const passkey = await this.models.Passkey.findOne({ credentialId: response.id }).lean<PasskeyFields>();
    if (!passkey) throw refused();
    // a discoverable credential names its account: it must be the one this passkey was registered to
    const handle = response.response.userHandle;
    if (handle && handle !== Buffer.from(this.userHandle(passkey.userId)).toString('base64url')) throw refused();
    let verification;
    try {
      verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origins,
        expectedRPID: this.rp.rpId,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
          counter: passkey.counter ?? 0,
          transports: (passkey.transports ?? undefined) as AuthenticatorTransportFuture[] | undefined,
        },
        requireUserVerification: true,
      });
    } catch {
      // includes a signature counter that did not advance (a cloned authenticator)
      verification = undefined;
    }
    if (!verification?.verified) throw refused();
    const { newCounter, credentialBackedUp } = verification.authenticationInfo;
    await this.models.Passkey.updateOne({ _id: passkey._id }, { $set: { counter: newCounter, backedUp: credentialBackedUp, lastUsedAt: new Date() } });
    const user = await this.accounts.findUser(passkey.userId);
    if (!user) throw refused();
    return user;
  }

  // ---- management ------------------------------------------------------------------------------

  async list(userId: string): Promise<PasskeyView[]> {
    const rows = await this.models.Passkey.find({ userId }).sort({ createdAt: 1 }).lean<PasskeyFields[]>();
    return rows.map(toPasskeyView);
  }

  async rename(userId: string, id: string, name: string): Promise<PasskeyView> {
    const filter = this.ownPasskey(userId, id);
    const res = await this.models.Passkey.updateOne(filter, { $set: { name: name.trim() } });
    if (!res.matchedCount) throw notFound();
    return toPasskeyView((await this.models.Passkey.findOne(filter).lean<PasskeyFields>())!);
  }

  async remove(userId: string, id: string): Promise<void> {
    const filter = this.ownPasskey(userId, id);
    const row = await this.models.Passkey.findOne(filter).lean<PasskeyFields>();
    const res = await this.models.Passkey.deleteOne(filter);
    if (!res.deletedCount) throw notFound();
    await this.accounts.announce(userId, 'sign_in_method_removed', { method: passkeyLabel(row?.name ?? '') });
  }

  /** The reset confirmation names the account's passkeys and removes them all in one step (accounts' signInMethods). */
  async names(userId: string): Promise<string[]> {
    return (await this.list(userId)).map((p) => `passkey “${p.name}”`);
  }

  async removeAll(userId: string): Promise<number> {
    return (await this.models.Passkey.deleteMany({ userId })).deletedCount ?? 0;
  }

  // ---- the account's life: deletion, export, housekeeping ---------------------------------------

  async forget(userId: string): Promise<void> {
    await this.models.Passkey.deleteMany({ userId });
    await this.models.PasskeyChallenge.deleteMany({ userId });
  }

  async exportFor(userId: string): Promise<{ passkeys: PasskeyView[] }> {
    return { passkeys: await this.list(userId) };
  }

  async purgeExpiredChallenges(): Promise<void> {
    await this.models.PasskeyChallenge.deleteMany({ expiresAt: { $lt: new Date() } });
  }

  // ---- challenges ------------------------------------------------------------------------------

  /** The WebAuthn user handle: a keyed hash of the account id, stable per account and revealing nothing. */
  private userHandle(userId: Types.ObjectId | unknown): Uint8Array<ArrayBuffer> {
    return new Uint8Array(createHmac('sha256', `webauthn-user:${this.dataKey}`).update(String(userId)).digest());
  }

  private challengeKey(challenge: string): string {
    return keyedHash(this.dataKey, 'webauthn-challenge', challenge);
  }

  private async storeChallenge(challenge: string, purpose: Purpose, userId?: Types.ObjectId): Promise<void> {
    await this.models.PasskeyChallenge.create({ _id: this.challengeKey(challenge), purpose, userId, expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS) });
  }

  /**
   * The challenge an answer carries, if it is ours, for this purpose (and account), unexpired and not
   * spent yet; spending it here makes a replayed or concurrent second answer fail.
   */
  private async takeChallenge(clientDataJSON: string, purpose: Purpose, userId?: string): Promise<string> {
    const expired = () => fail('invalid_token', 'This passkey request has expired or was already used; please try again');
    let challenge: unknown;
    try {
      challenge = (JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown }).challenge;
    } catch {
      challenge = undefined;
    }
    if (typeof challenge !== 'string' || !challenge || challenge.length > 512) throw expired();
    const key = this.challengeKey(challenge);
    const stored = await this.models.PasskeyChallenge.findById(key).lean<{ purpose: string; userId?: Types.ObjectId; expiresAt: Date }>();
    if (!stored || stored.purpose !== purpose || stored.expiresAt <= new Date() || (userId !== undefined && String(stored.userId) !== userId)) throw expired();
    if (!(await this.spendOnce(key))) throw expired();
    await this.models.PasskeyChallenge.deleteOne({ _id: key });
    return challenge;
  }

  private spendOnce(challengeKey: string): Promise<boolean> {
    return this.challenges.spend(challengeKey);
  }

  private ownPasskey(userId: string, id: string) {
    if (!mongoose.isValidObjectId(id)) throw notFound();
    return { _id: id, userId };
  }
}

const notFound = () => fail('not_found', 'No such passkey');

/** A passkey as the account's security emails name it, in the account's language. */
const passkeyLabel = (name: string) => ({ pl: `klucz dostępu „${name}”`, en: `passkey “${name}”`, de: `Passkey „${name}“`, uk: `ключ доступу «${name}»` });
