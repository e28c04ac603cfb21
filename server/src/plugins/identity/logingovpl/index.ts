/**
 * login.gov.pl (Węzeł Krajowy Identyfikacji Elektronicznej) as an identity provider driver: SAML 2.0 with
 * a signed AuthnRequest out, the HTTP-Artifact binding back, a signed ArtifactResolve over SOAP, and an
 * ECDH-ES / AES-256-GCM encrypted assertion in a signed Response, all with ECDSA P-256 / SHA-256.
 * The core (../) owns routes, state, accounts; this driver owns the protocol.
 */
import { createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import {
  IdentityError,
  type DriverContext,
  type IdentityProviderDriver,
  type LoginGovPlEntry,
  type Loa,
  type StartResult,
  type VerifiedIdentity,
} from '../provider.js';
import { parseArtifact, postValue, readRedirect, redirectUrl, sha1 } from './bindings.js';
import { certificatesIn, signEnveloped, type SigningKey } from './dsig.js';
import { ATTRIBUTE, LOA_ORDER, artifactResolveXml, authnRequestXml, logoutRequestXml, soapEnvelope, spMetadataXml } from './messages.js';
import { dateOfBirthFrom, peselFrom, validateArtifactResponse, validateLogoutResponse } from './response.js';
import { newId } from './xml.js';

/** Optional entry keys this driver reads besides the API.md ones (the core's schema may add them). */
interface LoginGovPlExtras {
  /** The Węzeł's entityID; when set, every Issuer and the artifact's SourceID must match it. */
  idpEntityId?: string;
  /** The Węzeł's SingleLogoutService (HTTP-Redirect) for logout(). */
  sloUrl?: string;
  /** AuthnRequest/@ProviderName, which the Węzeł's integration environment checks for registered services. */
  providerName?: string;
}

/**
 * Optional context keys: a separate encryption key pair, for a registration with distinct signing and
 * encryption certificates (the core may read them from LOGINGOVPL_SP_ENC_KEY_FILE / _CERT_FILE).
 */
interface EncryptionPair {
  spEncKeyPem?: string;
  spEncCertPem?: string;
}

/** start() also offers the HTTP-POST binding, which the Węzeł documentation uses; the core may render it. */
export interface LoginGovPlStartResult extends StartResult {
  requestId: string;
  form: { action: string; fields: Record<string, string> };
}

export interface LoginGovPlDriver extends IdentityProviderDriver {
  start(input: { state: string; nonce: string; codeVerifier: string }): Promise<LoginGovPlStartResult>;
  metadata(): string;
  /**
   * Single logout, SP-initiated: a signed LogoutRequest by HTTP-Redirect to the Węzeł's SLO endpoint
   * (needs `sloUrl`); keep `requestId` and hand the Węzeł's answer to finishLogout().
   */
  logout(input: { nameId: string; sessionIndex?: string; relayState?: string }): { redirectUrl: string; requestId: string };
  /**
   * Verifies the Węzeł's signed LogoutResponse (HTTP-Redirect, at `sloReturnUrl`) from the request's raw
   * query string (the signature covers the parameters as the Węzeł encoded them); throws IdentityError.
   */
  finishLogout(input: { rawQuery: string; requestId: string }): void;
  /** Where the Węzeł returns after logout: the ACS path with `/slo` (listed in metadata when `sloUrl` is set). */
  readonly sloReturnUrl: string;
}

const ARTIFACT_RESOLVE_TIMEOUT_MS = 10_000;
const MAX_SOAP_BYTES = 512 * 1024;

function configError(entry: LoginGovPlEntry, message: string): Error {
  return new Error(`identityProviders "${entry.id}" (logingovpl): ${message}`);
}

const isP256 = (k: KeyObject): boolean => k.asymmetricKeyType === 'ec' && k.asymmetricKeyDetails?.namedCurve === 'prime256v1';
const spki = (k: KeyObject): Buffer => k.export({ format: 'der', type: 'spki' });

/** A P-256 private key and the certificate that matches it. */
function loadPair(entry: LoginGovPlEntry, keyPem: string, certPem: string, what: string): SigningKey {
  let key: KeyObject;
  let cert: X509Certificate;
  try {
    key = createPrivateKey(keyPem);
    cert = new X509Certificate(certPem);
  } catch (err) {
    throw configError(entry, `unreadable ${what} key or certificate (${(err as Error).message})`);
  }
  if (!isP256(key)) throw configError(entry, `the ${what} key must be ECDSA P-256`);
  if (!spki(createPublicKey(key)).equals(spki(cert.publicKey))) throw configError(entry, `the ${what} certificate does not match its key`);
  return { key, certPem: cert.toString() };
}

/**
 * The SP's signing pair (LOGINGOVPL_SP_KEY_FILE / _CERT_FILE), an optional separate encryption pair (when
 * the Węzeł registration has two certificates), and the Węzeł's certificates; all P-256.
 */
function loadKeys(entry: LoginGovPlEntry, ctx: DriverContext & EncryptionPair): { signer: SigningKey; decrypter: SigningKey; idpKeys: KeyObject[] } {
  if (!ctx.spKeyPem || !ctx.spCertPem)
    throw configError(entry, 'LOGINGOVPL_SP_KEY_FILE and LOGINGOVPL_SP_CERT_FILE must name the service provider key and certificate');
  const signer = loadPair(entry, ctx.spKeyPem, ctx.spCertPem, 'service provider');
  const decrypter = ctx.spEncKeyPem && ctx.spEncCertPem ? loadPair(entry, ctx.spEncKeyPem, ctx.spEncCertPem, 'service provider encryption') : signer;
  let idpCerts: X509Certificate[];
  try {
    idpCerts = certificatesIn(entry.idpCertificate);
  } catch (err) {
    throw configError(entry, `idpCertificate is not a PEM certificate (${(err as Error).message})`);
  }
  if (idpCerts.length === 0) throw configError(entry, 'idpCertificate is not a PEM certificate');
  if (!idpCerts.every((c) => isP256(c.publicKey))) throw configError(entry, 'idpCertificate must hold ECDSA P-256 keys');
  return { signer, decrypter, idpKeys: idpCerts.map((c) => c.publicKey) };
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** The person the Węzeł vouches for: the PESEL (PersonIdentifier) is the subject. */
function identityFrom(entry: LoginGovPlEntry, assertion: ReturnType<typeof validateArtifactResponse>): VerifiedIdentity {
  const personIdentifier = assertion.attributes.get(ATTRIBUTE.personIdentifier);
  if (!personIdentifier) throw new IdentityError('missing_pesel', 'no PersonIdentifier');
  const pesel = peselFrom(personIdentifier);
  if (!pesel) throw new IdentityError('invalid_pesel', 'PersonIdentifier is not a valid PESEL');
  return {
    provider: entry.id,
    subject: pesel,
    loa: assertion.loa,
    pesel,
    givenName: assertion.attributes.get(ATTRIBUTE.givenName),
    familyName: assertion.attributes.get(ATTRIBUTE.familyName),
    dateOfBirth: dateOfBirthFrom(assertion.attributes.get(ATTRIBUTE.dateOfBirth)),
    claims: { nameId: assertion.nameId, sessionIndex: assertion.sessionIndex },
  };
}

/** POSTs a signed ArtifactResolve to the Węzeł's SOAP endpoint and returns its id and the answer's body (bounded in size and time). */
async function resolveArtifact(entry: LoginGovPlEntry, entityId: string, signer: SigningKey, artifact: string): Promise<{ id: string; body: string }> {
  const id = newId();
  const request = signEnveloped(artifactResolveXml({ id, entityId, destination: entry.artifactResolutionUrl, artifact }), id, signer);
  let res: Response;
  try {
    res = await fetch(entry.artifactResolutionUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: 'http://www.oasis-open.org/committees/security' },
      body: soapEnvelope(request.replace(/^<\?xml[^>]*\?>/, '')),
      signal: AbortSignal.timeout(ARTIFACT_RESOLVE_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (err) {
    throw new IdentityError('provider_error', `ArtifactResolve failed: ${(err as Error).name}`);
  }
  if (!res.ok) throw new IdentityError('provider_error', `ArtifactResolve answered HTTP ${res.status}`);
  if (Number(res.headers.get('content-length') ?? 0) > MAX_SOAP_BYTES) throw new IdentityError('invalid_response', 'ArtifactResponse too large');
  const body = await res.text();
  if (Buffer.byteLength(body) > MAX_SOAP_BYTES) throw new IdentityError('invalid_response', 'ArtifactResponse too large');
  return { id, body };
}

// eslint-disable-next-line max-lines-per-function -- a driver is one closure over its keys and URLs (start, finish, metadata, logout share them): long by nature
export function createLoginGovPlDriver(entry: LoginGovPlEntry, ctx: DriverContext): LoginGovPlDriver {
  const extras = entry as LoginGovPlEntry & LoginGovPlExtras;
  const { signer, decrypter, idpKeys } = loadKeys(entry, ctx as DriverContext & EncryptionPair);
  const entityId = entry.entityId ?? ctx.metadataUrl;
  const acsUrl = ctx.returnUrl;
  const minimumLoa: Loa = entry.loa ?? 'substantial';
  const metadataId = `_${digest(entityId).slice(0, 32)}`;
  const sloReturnUrl = acsUrl.replace(/\/acs$/, '/slo');
  const metadataXml = signEnveloped(
    spMetadataXml({
      id: metadataId,
      entityId,
      acsUrl,
      certPem: signer.certPem,
      encCertPem: decrypter.certPem,
      sloUrl: extras.sloUrl ? sloReturnUrl : undefined,
    }),
    metadataId,
    signer,
    { after: null },
  );

  return {
    async start({ state }) {
      const id = newId();
      const xml = authnRequestXml({ id, entityId, acsUrl, destination: entry.ssoUrl, loa: minimumLoa, providerName: extras.providerName });
      return {
        redirectUrl: redirectUrl(entry.ssoUrl, 'SAMLRequest', xml, state, signer.key),
        requestId: id,
        form: { action: entry.ssoUrl, fields: { SAMLRequest: postValue(signEnveloped(xml, id, signer)), RelayState: state } },
      };
    },

    async finish({ query, payload, requestId }): Promise<VerifiedIdentity> {
      if (!requestId) throw new IdentityError('invalid_state', 'no AuthnRequest ID stored for this login');
      const source = payload && Object.keys(payload).length > 0 ? payload : query;
      const artifact = source.SAMLart ?? source.SAMLArt;
      if (typeof artifact !== 'string' || !artifact) throw new IdentityError('invalid_response', 'no SAMLart');
      const parsed = parseArtifact(artifact);
      if (!parsed) throw new IdentityError('invalid_response', 'malformed artifact');
      if (extras.idpEntityId && !parsed.sourceId.equals(sha1(extras.idpEntityId))) throw new IdentityError('invalid_response', 'artifact from another issuer');
      // An artifact is good for one resolution, even if the Węzeł would answer twice.
      if (!(await ctx.spendOnce(`logingovpl:artifact:${digest(artifact)}`))) throw new IdentityError('replayed', 'artifact already used');

      const resolved = await resolveArtifact(entry, entityId, signer, artifact);
      const assertion = validateArtifactResponse(resolved.body, {
        artifactResolveId: resolved.id,
        authnRequestId: requestId,
        spEntityId: entityId,
        acsUrl,
        idpEntityId: extras.idpEntityId,
        idpKeys,
        spKey: decrypter.key,
        clockSkewMs: ctx.clockSkewSeconds * 1000,
      });
      if (LOA_ORDER.indexOf(assertion.loa) < LOA_ORDER.indexOf(minimumLoa)) throw new IdentityError('loa_too_low', `assertion LoA ${assertion.loa}`);
      if (!(await ctx.spendOnce(`logingovpl:assertion:${digest(`${assertion.issuer}\n${assertion.assertionId}`)}`))) {
        throw new IdentityError('replayed', 'assertion already used');
      }

      return identityFrom(entry, assertion);
    },

    metadata() {
      return metadataXml;
    },

    logout({ nameId, sessionIndex, relayState }) {
      if (!extras.sloUrl) throw configError(entry, 'sloUrl is not configured');
      const id = newId();
      const xml = logoutRequestXml({ id, entityId, destination: extras.sloUrl, nameId, sessionIndex });
      return { redirectUrl: redirectUrl(extras.sloUrl, 'SAMLRequest', xml, relayState, signer.key), requestId: id };
    },

    finishLogout({ rawQuery, requestId }) {
      const read = idpKeys.map((k) => readRedirect(rawQuery, 'SAMLResponse', k)).find((r) => r !== null);
      if (!read) throw new IdentityError('invalid_signature', 'LogoutResponse signature does not verify');
      validateLogoutResponse(read.xml, { logoutRequestId: requestId, sloReturnUrl, idpEntityId: extras.idpEntityId });
    },

    sloReturnUrl,
  };
}
