/**
 * A local Węzeł Krajowy (login.gov.pl) for tests: a SAML 2.0 IdP speaking the Węzeł profile on loopback.
 * It is the one test double the issue allows — the real node cannot be reached from here.
 *
 *  - GET  /login/SingleSignOnService   AuthnRequest by HTTP-Redirect (ECDSA query signature)
 *  - POST /login/SingleSignOnService   AuthnRequest by HTTP-POST (enveloped ECDSA signature)
 *    Both verify the request against the registered SP certificate and its profile (ForceAuthn, SPType
 *    public, the four eIDAS attributes, artifact binding, minimum LoA), "log in" the configured person and
 *    send the browser back to the ACS with SAMLart + RelayState (302 for GET, auto-post form for POST).
 *  - POST /login-services/idpArtifactResolutionService   signed ArtifactResolve over SOAP → signed
 *    ArtifactResponse ⊃ signed Response ⊃ EncryptedAssertion (ECDH-ES + ConcatKDF, AES-256 KW,
 *    AES-256-GCM) ⊃ signed Assertion. An artifact resolves once.
 *  - GET  /login/SingleLogoutService   signed LogoutRequest by HTTP-Redirect: recorded, answered with a
 *    signed LogoutResponse by HTTP-Redirect to the SP's registered `sloUrl` (or 200 when it has none).
 *
 * `behaviour` lets a test make the Węzeł misbehave (wrong audience, expired, unsigned, another key,
 * tampered XML) to prove the driver refuses it.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { makeArtifact, parseArtifact, readRedirect, redirectUrl } from '../../server/src/plugins/identity/logingovpl/bindings.js';
import { publicKeyOf, signEnveloped, verifyEnveloped, type SigningKey } from '../../server/src/plugins/identity/logingovpl/dsig.js';
import { ATTRIBUTE, LOA_URI, NAMEID_UNSPECIFIED, soapEnvelope } from '../../server/src/plugins/identity/logingovpl/messages.js';
import { encryptAssertion } from '../../server/src/plugins/identity/logingovpl/xmlenc.js';
import { NS, STATUS_SUCCESS, children, esc, newId, onlyChild, parseXml, path, text, type Element } from '../../server/src/plugins/identity/logingovpl/xml.js';
import type { Loa } from '../../server/src/plugins/identity/provider.js';
import { makeTestKeyPair, type TestKeyPair } from './test-certificates.js';

export interface TestPerson {
  pesel: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  loa: Loa;
  /** The Węzeł's NameID for the person. */
  nameId?: string;
}

export interface SimulatorBehaviour {
  person: TestPerson;
  /** Audience written into the assertion (default: the AuthnRequest's Issuer). */
  audience?: string;
  /** InResponseTo written into Response and SubjectConfirmationData (default: the AuthnRequest ID). */
  inResponseTo?: string;
  /** Shifts the assertion's clock (negative: an old assertion). */
  clockOffsetMs: number;
  /** Validity of the assertion after issue. */
  validityMs: number;
  signArtifactResponse: boolean;
  signResponse: boolean;
  signAssertion: boolean;
  /** Signs with this key instead of the registered IdP key. */
  signWith?: SigningKey;
  /** Encrypts for this key instead of the registered SP certificate's. */
  encryptFor?: KeyObject;
  /** Top-level and second-level StatusCode of the Response. */
  status?: { code: string; detail?: string };
  /** Rewrites the signed assertion before encryption (an altered assertion). */
  alterSignedAssertion?: (xml: string) => string;
  /** Rewrites the signed Response before the ArtifactResponse around it is signed (inner wrapping attacks). */
  alterSignedResponse?: (xml: string, ctx: AttackContext) => string;
  /** Rewrites the whole signed SOAP answer (wrapping attacks). */
  alterSoap?: (xml: string, ctx: AttackContext) => string;
  /** Reuses this assertion ID instead of a fresh one (a replayed assertion). */
  assertionId?: string;
}

/** What an attacker in the middle knows: public keys and entity IDs. */
export interface AttackContext {
  spPublicKey: KeyObject;
  idpEntityId: string;
  spEntityId: string;
}

interface Pending {
  requestId: string;
  acsUrl: string;
  spEntityId: string;
  issuedAt: number;
}

export interface ReceivedAuthnRequest {
  id: string;
  binding: 'redirect' | 'post';
  issuer: string;
  forceAuthn: string | null;
  spType: string;
  requestedAttributes: string[];
  loa: string;
  comparison: string | null;
  protocolBinding: string | null;
  acsUrl: string;
  relayState: string | undefined;
}

export interface WezelSimulator {
  url: string;
  entityId: string;
  ssoUrl: string;
  artifactResolutionUrl: string;
  sloUrl: string;
  /** The IdP's signing certificate (PEM): the profile's `idpCertificate`. */
  certPem: string;
  behaviour: SimulatorBehaviour;
  authnRequests: ReceivedAuthnRequest[];
  logoutRequests: Array<{ id: string; nameId: string; issuer: string }>;
  /** Assertion IDs issued, newest last. */
  assertionIds: string[];
  /** Refusals the simulator answered (so a test can tell who refused). */
  refusals: string[];
  /**
   * Registers (or replaces) a service provider: its signing certificate, an encryption certificate when it
   * registered a separate one, and `sloUrl`, where logout answers go.
   */
  registerSp(sp: { entityId: string; certPem: string; encCertPem?: string; sloUrl?: string }): void;
  close(): Promise<void>;
}

/** As in a captured Węzeł ArtifactResponse (OldMusicBox.EIH tests): exc-c14n with an InclusiveNamespaces PrefixList. */
const WK_SIGNING = { inclusivePrefixes: ['ds', 'saml2', 'saml2p', 'xenc'] };

export const DEFAULT_PERSON: TestPerson = {
  pesel: '87022243734',
  givenName: 'Roch',
  familyName: 'Testowy',
  dateOfBirth: '1987-02-22',
  loa: 'substantial',
  nameId: 'roch.testowy',
};

function defaultBehaviour(): SimulatorBehaviour {
  return {
    person: { ...DEFAULT_PERSON },
    clockOffsetMs: 0,
    validityMs: 5 * 60_000,
    signArtifactResponse: true,
    signResponse: true,
    signAssertion: true,
  };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The fields a profile's login.gov.pl entry takes from this simulator. */
export const simulatorEndpoints = (sim: WezelSimulator) => ({
  ssoUrl: sim.ssoUrl,
  artifactResolutionUrl: sim.artifactResolutionUrl,
  idpCertificate: sim.certPem,
  idpEntityId: sim.entityId,
});

/**
 * A service provider's key pair written to files, as a city deploys it: `env` holds LOGINGOVPL_SP_KEY_FILE and
 * _CERT_FILE for the server, `certPem` what the simulator must know (registerSp), `dir` a place for other files.
 */
export function spKeyFiles(cn: string): { certPem: string; dir: string; env: Record<string, string> } {
  const sp = makeTestKeyPair(cn);
  const dir = mkdtempSync(join(tmpdir(), 'civickit-sp-'));
  writeFileSync(join(dir, 'sp.key'), sp.keyPem);
  writeFileSync(join(dir, 'sp.crt'), sp.certPem);
  return { certPem: sp.certPem, dir, env: { LOGINGOVPL_SP_KEY_FILE: join(dir, 'sp.key'), LOGINGOVPL_SP_CERT_FILE: join(dir, 'sp.crt') } };
}

export async function startWezelSimulator(options: { idp?: TestKeyPair } = {}): Promise<WezelSimulator> {
  const idp = options.idp ?? makeTestKeyPair('Symulator Wezla Krajowego');
  const idpSigner: SigningKey = { key: idp.key, certPem: idp.certPem };
  const sps = new Map<string, { certPem: string; publicKey: KeyObject; encryptTo: KeyObject; sloUrl?: string }>();
  /** The registered SP whose key signed this HTTP-Redirect message, with the message. */
  const readSigned = (rawQuery: string) => {
    for (const [spEntityId, sp] of sps) {
      const read = readRedirect(rawQuery, 'SAMLRequest', sp.publicKey);
      if (read) return { ...read, spEntityId, sp };
    }
    return null;
  };
  const pending = new Map<string, Pending>();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entityId = `${url}/idp`;

  const sim: WezelSimulator = {
    url,
    entityId,
    ssoUrl: `${url}/login/SingleSignOnService`,
    artifactResolutionUrl: `${url}/login-services/idpArtifactResolutionService`,
    sloUrl: `${url}/login/SingleLogoutService`,
    certPem: idp.certPem,
    behaviour: defaultBehaviour(),
    authnRequests: [],
    logoutRequests: [],
    assertionIds: [],
    refusals: [],
    registerSp(sp) {
      sps.set(sp.entityId, { certPem: sp.certPem, publicKey: publicKeyOf(sp.certPem), encryptTo: publicKeyOf(sp.encCertPem ?? sp.certPem), sloUrl: sp.sloUrl });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  /** Checks an AuthnRequest against the profile; returns what it asked for. */
  function readAuthnRequest(request: Element, binding: 'redirect' | 'post', relayState: string | undefined): ReceivedAuthnRequest {
    if (request.namespaceURI !== NS.samlp || request.localName !== 'AuthnRequest') throw new Error('not an AuthnRequest');
    const extensions = onlyChild(request, NS.samlp, 'Extensions');
    const authnContext = onlyChild(request, NS.samlp, 'RequestedAuthnContext');
    const received: ReceivedAuthnRequest = {
      id: request.getAttribute('ID') ?? '',
      binding,
      issuer: text(onlyChild(request, NS.saml, 'Issuer')),
      forceAuthn: request.getAttribute('ForceAuthn'),
      spType: text(onlyChild(extensions, NS.eidas, 'SPType')),
      requestedAttributes: children(onlyChild(extensions, NS.eidas, 'RequestedAttributes'), NS.eidas, 'RequestedAttribute').map(
        (a) => a.getAttribute('Name') ?? '',
      ),
      loa: text(onlyChild(authnContext, NS.saml, 'AuthnContextClassRef')),
      comparison: authnContext.getAttribute('Comparison'),
      protocolBinding: request.getAttribute('ProtocolBinding'),
      acsUrl: request.getAttribute('AssertionConsumerServiceURL') ?? '',
      relayState,
    };
    if (request.getAttribute('Destination') !== sim.ssoUrl) throw new Error('wrong Destination');
    if (received.protocolBinding !== 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact') throw new Error('the Węzeł answers by artifact only');
    if (!received.id || !received.acsUrl) throw new Error('ID and AssertionConsumerServiceURL required');
    const requestedLoa = (Object.keys(LOA_URI) as Loa[]).find((k) => LOA_URI[k] === received.loa);
    if (!requestedLoa) throw new Error('unknown LoA');
    return received;
  }

  function loginAndRespond(received: ReceivedAuthnRequest, res: http.ServerResponse): void {
    sim.authnRequests.push(received);
    const artifact = makeArtifact(entityId, randomBytes(20));
    pending.set(artifact, { requestId: received.id, acsUrl: received.acsUrl, spEntityId: received.issuer, issuedAt: Date.now() });
    const fields: Record<string, string> = { SAMLart: artifact };
    if (received.relayState !== undefined) fields.RelayState = received.relayState;
    if (received.binding === 'redirect') {
      const target = new URL(received.acsUrl);
      for (const [k, v] of Object.entries(fields)) target.searchParams.set(k, v);
      res.writeHead(302, { location: target.toString() }).end();
      return;
    }
    const inputs = Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`)
      .join('');
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><html lang="pl"><body><form method="post" action="${esc(received.acsUrl)}">${inputs}<button>Dalej</button></form></body></html>`);
  }

  function assertionXml(p: Pending, at: Date): { id: string; xml: string } {
    const b = sim.behaviour;
    const id = b.assertionId ?? `_${newId()}`;
    const until = new Date(at.getTime() + b.validityMs).toISOString();
    const inResponseTo = b.inResponseTo ?? p.requestId;
    const person = b.person;
    const attribute = (friendly: string, name: string, type: string, value: string): string =>
      `<saml2:Attribute FriendlyName="${friendly}" Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">` +
      `<saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="naturalperson:${type}">${esc(value)}</saml2:AttributeValue></saml2:Attribute>`;
    const xml =
      `<saml2:Assertion xmlns:saml2="${NS.saml}" xmlns:naturalperson="${NS.naturalperson}" ID="${id}" IssueInstant="${at.toISOString()}" Version="2.0">` +
      `<saml2:Issuer>${esc(entityId)}</saml2:Issuer>` +
      `<saml2:Subject><saml2:NameID Format="${NAMEID_UNSPECIFIED}">${esc(person.nameId ?? person.pesel)}</saml2:NameID>` +
      `<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
      `<saml2:SubjectConfirmationData InResponseTo="${esc(inResponseTo)}" NotOnOrAfter="${until}" Recipient="${esc(p.acsUrl)}"/>` +
      `</saml2:SubjectConfirmation></saml2:Subject>` +
      `<saml2:Conditions NotBefore="${at.toISOString()}" NotOnOrAfter="${until}"><saml2:AudienceRestriction><saml2:Audience>${esc(b.audience ?? p.spEntityId)}</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>` +
      `<saml2:AuthnStatement AuthnInstant="${at.toISOString()}" SessionIndex="${id}"><saml2:AuthnContext>` +
      `<saml2:AuthnContextClassRef>${LOA_URI[person.loa]}</saml2:AuthnContextClassRef><saml2:AuthenticatingAuthority>pz.gov.pl</saml2:AuthenticatingAuthority>` +
      `</saml2:AuthnContext></saml2:AuthnStatement>` +
      `<saml2:AttributeStatement>` +
      attribute('FamilyName', ATTRIBUTE.familyName, 'CurrentFamilyNameType', person.familyName) +
      attribute('DateOfBirth', ATTRIBUTE.dateOfBirth, 'DateOfBirthType', person.dateOfBirth) +
      attribute('FirstName', ATTRIBUTE.givenName, 'CurrentGivenNameType', person.givenName) +
      attribute('PersonIdentifier', ATTRIBUTE.personIdentifier, 'PersonIdentifierType', `PL/PL/${person.pesel}`) +
      `</saml2:AttributeStatement></saml2:Assertion>`;
    return { id, xml };
  }

  function artifactResponse(resolveId: string, p: Pending, sp: { encryptTo: KeyObject }): string {
    const b = sim.behaviour;
    const signer = b.signWith ?? idpSigner;
    const at = new Date(Date.now() + b.clockOffsetMs);
    const assertion = assertionXml(p, at);
    sim.assertionIds.push(assertion.id);
    let signedAssertion = b.signAssertion ? signEnveloped(assertion.xml, assertion.id, signer, WK_SIGNING) : assertion.xml;
    if (b.alterSignedAssertion) signedAssertion = b.alterSignedAssertion(signedAssertion);
    const encrypted = encryptAssertion(signedAssertion, b.encryptFor ?? sp.encryptTo, { idp: entityId, sp: p.spEntityId });
    const status = b.status ?? { code: STATUS_SUCCESS };
    const statusXml =
      `<saml2p:Status><saml2p:StatusCode Value="${status.code}">` +
      (status.detail ? `<saml2p:StatusCode Value="${status.detail}"/>` : '') +
      `</saml2p:StatusCode></saml2p:Status>`;
    const responseId = newId();
    let response =
      `<saml2p:Response xmlns:saml2p="${NS.samlp}" xmlns:saml2="${NS.saml}" ID="${responseId}" InResponseTo="${esc(b.inResponseTo ?? p.requestId)}"` +
      ` Version="2.0" IssueInstant="${at.toISOString()}" Destination="${esc(p.acsUrl)}">` +
      `<saml2:Issuer>${esc(entityId)}</saml2:Issuer>${statusXml}${status.code === STATUS_SUCCESS ? encrypted : ''}</saml2p:Response>`;
    if (b.signResponse) response = signEnveloped(response, responseId, signer, WK_SIGNING);
    const attack: AttackContext = { spPublicKey: sp.encryptTo, idpEntityId: entityId, spEntityId: p.spEntityId };
    if (b.alterSignedResponse) response = b.alterSignedResponse(response.replace(/^<\?xml[^>]*\?>/, ''), attack);
    const artifactResponseId = newId();
    let outer =
      `<saml2p:ArtifactResponse xmlns:saml2p="${NS.samlp}" xmlns:saml2="${NS.saml}" ID="${artifactResponseId}" InResponseTo="${esc(resolveId)}"` +
      ` Version="2.0" IssueInstant="${new Date().toISOString()}">` +
      `<saml2:Issuer>${esc(entityId)}</saml2:Issuer><saml2p:Status><saml2p:StatusCode Value="${STATUS_SUCCESS}"/></saml2p:Status>` +
      `${response.replace(/^<\?xml[^>]*\?>/, '')}</saml2p:ArtifactResponse>`;
    if (b.signArtifactResponse) outer = signEnveloped(outer, artifactResponseId, signer, WK_SIGNING);
    let soap = soapEnvelope(outer.replace(/^<\?xml[^>]*\?>/, ''));
    if (b.alterSoap) soap = b.alterSoap(soap, attack);
    return soap;
  }

  function refuse(res: http.ServerResponse, status: number, why: string): void {
    sim.refusals.push(why);
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(why);
  }

  server.on('request', (req, res) => {
    void (async () => {
      const reqUrl = new URL(req.url ?? '/', url);
      try {
        if (reqUrl.pathname === '/login/SingleSignOnService' && req.method === 'GET') {
          const read = readSigned(reqUrl.search);
          if (!read) return refuse(res, 403, 'AuthnRequest signature does not verify against a registered SP');
          const received = readAuthnRequest(parseXml(read.xml).documentElement!, 'redirect', read.relayState);
          if (received.issuer !== read.spEntityId) return refuse(res, 403, 'AuthnRequest Issuer is not the SP that signed it');
          return loginAndRespond(received, res);
        }
        if (reqUrl.pathname === '/login/SingleSignOnService' && req.method === 'POST') {
          const form = new URLSearchParams(await readBody(req));
          const xmlText = Buffer.from(form.get('SAMLRequest') ?? '', 'base64').toString('utf8');
          const doc = parseXml(xmlText);
          const issuer = text(onlyChild(doc.documentElement!, NS.saml, 'Issuer'));
          const sp = sps.get(issuer);
          if (!sp) return refuse(res, 403, 'unknown SP');
          verifyEnveloped(doc, xmlText, doc.documentElement!, [sp.publicKey]);
          return loginAndRespond(readAuthnRequest(doc.documentElement!, 'post', form.get('RelayState') ?? undefined), res);
        }
        if (reqUrl.pathname === '/login-services/idpArtifactResolutionService' && req.method === 'POST') {
          const soapText = await readBody(req);
          const doc = parseXml(soapText);
          const resolve = path(doc.documentElement!, [NS.soap, 'Body'], [NS.samlp, 'ArtifactResolve']);
          const issuer = text(onlyChild(resolve, NS.saml, 'Issuer'));
          const sp = sps.get(issuer);
          if (!sp) return refuse(res, 403, 'unknown SP');
          verifyEnveloped(doc, soapText, resolve, [sp.publicKey]);
          const artifact = text(onlyChild(resolve, NS.samlp, 'Artifact'));
          const p = pending.get(artifact);
          if (!parseArtifact(artifact) || !p) return refuse(res, 404, 'unknown or used artifact');
          pending.delete(artifact);
          if (p.spEntityId !== issuer) return refuse(res, 403, 'artifact issued to another SP');
          res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(artifactResponse(resolve.getAttribute('ID') ?? '', p, sp));
          return;
        }
        if (reqUrl.pathname === '/login/SingleLogoutService' && req.method === 'GET') {
          const read = readSigned(reqUrl.search);
          if (!read) return refuse(res, 403, 'LogoutRequest signature does not verify');
          const request = parseXml(read.xml).documentElement!;
          const logout = {
            id: request.getAttribute('ID') ?? '',
            nameId: text(onlyChild(request, NS.saml, 'NameID')),
            issuer: text(onlyChild(request, NS.saml, 'Issuer')),
          };
          if (logout.issuer !== read.spEntityId) return refuse(res, 403, 'LogoutRequest Issuer is not the SP that signed it');
          sim.logoutRequests.push(logout);
          if (!read.sp.sloUrl) return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('wylogowano');
          const answer =
            `<saml2p:LogoutResponse xmlns:saml2p="${NS.samlp}" xmlns:saml2="${NS.saml}" ID="${newId()}" InResponseTo="${esc(sim.behaviour.inResponseTo ?? logout.id)}"` +
            ` Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${esc(read.sp.sloUrl)}"><saml2:Issuer>${esc(entityId)}</saml2:Issuer>` +
            `<saml2p:Status><saml2p:StatusCode Value="${STATUS_SUCCESS}"/></saml2p:Status></saml2p:LogoutResponse>`;
          const signer = sim.behaviour.signWith ?? idpSigner;
          res.writeHead(302, { location: redirectUrl(read.sp.sloUrl, 'SAMLResponse', answer, read.relayState, signer.key) }).end();
          return;
        }
        res.writeHead(404).end();
      } catch (err) {
        refuse(res, 400, (err as Error).message);
      }
    })();
  });
  return sim;
}
