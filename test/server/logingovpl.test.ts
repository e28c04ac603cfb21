import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import mongoose from 'mongoose';
import { Concurrency } from '../../server/src/db/concurrency.js';
import { createLoginGovPlDriver, type LoginGovPlDriver } from '../../server/src/plugins/identity/logingovpl/index.js';
import { publicKeyOf, verifyEnveloped } from '../../server/src/plugins/identity/logingovpl/dsig.js';
import { encryptAssertion } from '../../server/src/plugins/identity/logingovpl/xmlenc.js';
import { NS, descendants, onlyChild, parseXml, text } from '../../server/src/plugins/identity/logingovpl/xml.js';
import { IdentityError, type DriverContext, type LoginGovPlEntry, type VerifiedIdentity } from '../../server/src/plugins/identity/provider.js';
import { startTestDatabase, uniqueDatabaseUri } from '../support/database.js';
import { makeTestKeyPair, type TestKeyPair } from '../support/test-certificates.js';
import { DEFAULT_PERSON, startWezelSimulator, type AttackContext, type WezelSimulator } from '../support/wezel-simulator.js';

const ACS = 'http://civic.test/api/v1/auth/providers/wk/acs';
const METADATA = 'http://civic.test/api/v1/auth/providers/wk/metadata.xml';

interface Started {
  requestId: string;
  state: string;
  query: Record<string, string>;
}

describe('login.gov.pl driver against the local Węzeł simulator', () => {
  let sim: WezelSimulator;
  let sp: TestKeyPair;
  let conn: mongoose.Connection;
  let driver: LoginGovPlDriver;
  let states = 0;

  const entry = (over: Partial<LoginGovPlEntry> & Record<string, unknown> = {}): LoginGovPlEntry =>
    ({
      id: 'wk',
      type: 'logingovpl',
      label: { pl: 'login.gov.pl', en: 'login.gov.pl', de: 'login.gov.pl' },
      purpose: 'residents',
      ssoUrl: sim.ssoUrl,
      artifactResolutionUrl: sim.artifactResolutionUrl,
      idpCertificate: sim.certPem,
      loa: 'substantial',
      idpEntityId: sim.entityId,
      sloUrl: sim.sloUrl,
      ...over,
    }) as LoginGovPlEntry;

  const context = (keys: TestKeyPair = sp): DriverContext => {
    const once = new Concurrency(conn).once({ name: 'test-wezel', ttlMs: 3_600_000 });
    return {
      returnUrl: ACS,
      metadataUrl: METADATA,
      spKeyPem: keys.keyPem,
      spCertPem: keys.certPem,
      clockSkewSeconds: 180,
      spendOnce: (key) => once.spend(key),
    };
  };

  /** The browser's part: start, follow the redirect to the Węzeł, which answers with a redirect to the ACS. */
  async function startLogin(d: LoginGovPlDriver = driver): Promise<Started> {
    const state = `state-${(states += 1)}`;
    const started = await d.start({ state, nonce: 'n', codeVerifier: 'v' });
    const res = await fetch(started.redirectUrl, { redirect: 'manual' });
    assert.equal(res.status, 302, await res.text());
    const back = new URL(res.headers.get('location')!);
    assert.equal(`${back.origin}${back.pathname}`, ACS);
    return { requestId: started.requestId, state, query: Object.fromEntries(back.searchParams) };
  }

  const finish = (s: Started, requestId = s.requestId): Promise<VerifiedIdentity> =>
    driver.finish({ query: s.query, state: s.state, nonce: 'n', codeVerifier: 'v', requestId });

  async function refusal(s: Started, requestId?: string): Promise<string> {
    try {
      const identity = await finish(s, requestId);
      assert.fail(`accepted: ${JSON.stringify(identity)}`);
    } catch (err) {
      if (!(err instanceof IdentityError)) throw err;
      return err.reason;
    }
  }

  before(async () => {
    conn = await mongoose.createConnection(uniqueDatabaseUri(await startTestDatabase(), 'logingovpl')).asPromise();
    sim = await startWezelSimulator();
    sp = makeTestKeyPair('CivicKit SP');
    sim.registerSp({ entityId: METADATA, certPem: sp.certPem });
    driver = createLoginGovPlDriver(entry(), context());
  });
  after(async () => {
    await sim?.close();
    await conn?.dropDatabase();
    await conn?.close();
  });
  afterEach(() => {
    const person = { ...DEFAULT_PERSON };
    Object.assign(sim.behaviour, {
      person,
      audience: undefined,
      inResponseTo: undefined,
      clockOffsetMs: 0,
      signArtifactResponse: true,
      signResponse: true,
      signAssertion: true,
      signWith: undefined,
      encryptFor: undefined,
      status: undefined,
      alterSignedAssertion: undefined,
      alterSoap: undefined,
      alterSignedResponse: undefined,
      assertionId: undefined,
    });
  });

  it('signs a resident in: verified PESEL, names, date of birth and LoA from the encrypted assertion', async () => {
    const s = await startLogin();
    assert.equal(s.query.RelayState, s.state);
    const identity = await finish(s);
    assert.deepEqual(
      { ...identity, claims: undefined },
      {
        provider: 'wk',
        subject: '87022243734',
        loa: 'substantial',
        pesel: '87022243734',
        givenName: 'Roch',
        familyName: 'Testowy',
        dateOfBirth: '1987-02-22',
        claims: undefined,
      },
    );
  });

  it('issue 19 finding 10: signs a resident in when the Węzeł signs only the Response and the Assertion (unsigned SOAP wrapper)', async () => {
    sim.behaviour.signArtifactResponse = false;
    const identity = await finish(await startLogin());
    assert.equal(identity.pesel, DEFAULT_PERSON.pesel);
    assert.equal(identity.loa, 'substantial');
  });

  it('sends the AuthnRequest the Węzeł profile asks for', async () => {
    await startLogin();
    const request = sim.authnRequests.at(-1)!;
    assert.equal(request.binding, 'redirect');
    assert.equal(request.issuer, METADATA);
    assert.equal(request.forceAuthn, 'true');
    assert.equal(request.spType, 'public');
    assert.equal(request.protocolBinding, 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact');
    assert.equal(request.acsUrl, ACS);
    assert.equal(request.comparison, 'minimum');
    assert.equal(request.loa, 'http://eidas.europa.eu/LoA/substantial');
    assert.deepEqual(request.requestedAttributes, [
      'http://eidas.europa.eu/attributes/naturalperson/CurrentGivenName',
      'http://eidas.europa.eu/attributes/naturalperson/CurrentFamilyName',
      'http://eidas.europa.eu/attributes/naturalperson/DateOfBirth',
      'http://eidas.europa.eu/attributes/naturalperson/PersonIdentifier',
    ]);
  });

  it('also speaks the HTTP-POST binding: signed AuthnRequest in a form, artifact posted back', async () => {
    const started = await driver.start({ state: 'post-state', nonce: 'n', codeVerifier: 'v' });
    assert.equal(started.form.action, sim.ssoUrl);
    const res = await fetch(started.form.action, { method: 'POST', body: new URLSearchParams(started.form.fields) });
    const html = await res.text();
    assert.equal(res.status, 200, html);
    assert.match(html, new RegExp(`action="${ACS}"`));
    const fields = Object.fromEntries([...html.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    assert.equal(fields.RelayState, 'post-state');
    assert.equal(sim.authnRequests.at(-1)!.binding, 'post');
    const identity = await driver.finish({ query: {}, payload: fields, state: 'post-state', nonce: 'n', codeVerifier: 'v', requestId: started.requestId });
    assert.equal(identity.pesel, DEFAULT_PERSON.pesel);
  });

  it('publishes signed SP metadata with its certificate, the artifact ACS and the entityID', () => {
    const xml = driver.metadata();
    const doc = parseXml(xml);
    const root = doc.documentElement!;
    assert.equal(root.getAttribute('entityID'), METADATA);
    verifyEnveloped(doc, xml, root, [publicKeyOf(sp.certPem)]);
    const descriptor = onlyChild(root, NS.md, 'SPSSODescriptor');
    assert.equal(descriptor.getAttribute('AuthnRequestsSigned'), 'true');
    const acs = onlyChild(descriptor, NS.md, 'AssertionConsumerService');
    assert.equal(acs.getAttribute('Location'), ACS);
    assert.equal(acs.getAttribute('Binding'), 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact');
    const certs = descendants(descriptor, NS.ds, 'X509Certificate').map((c) => new X509Certificate(Buffer.from(text(c), 'base64')));
    assert.equal(certs.length, 2); // signing and encryption
    for (const c of certs) assert.equal(c.fingerprint256, new X509Certificate(sp.certPem).fingerprint256);
  });

  it('single logout: a signed LogoutRequest out, the Węzeł’s signed LogoutResponse verified', async () => {
    assert.equal(driver.sloReturnUrl, 'http://civic.test/api/v1/auth/providers/wk/slo');
    sim.registerSp({ entityId: METADATA, certPem: sp.certPem, sloUrl: driver.sloReturnUrl });
    const out = driver.logout({ nameId: 'roch.testowy', sessionIndex: '_abc', relayState: 'bye now' });
    const res = await fetch(out.redirectUrl, { redirect: 'manual' });
    assert.equal(res.status, 302, await res.text());
    assert.deepEqual(sim.logoutRequests.at(-1), { id: out.requestId, nameId: 'roch.testowy', issuer: METADATA });
    const back = new URL(res.headers.get('location')!);
    assert.equal(`${back.origin}${back.pathname}`, driver.sloReturnUrl);
    assert.equal(back.searchParams.get('RelayState'), 'bye now');
    driver.finishLogout({ rawQuery: back.search, requestId: out.requestId });
    // answers to another request, or tampered ones, are refused
    assert.throws(
      () => driver.finishLogout({ rawQuery: back.search, requestId: 'ID-other' }),
      (err: IdentityError) => err.reason === 'wrong_request',
    );
    const tampered = back.search.replace(/RelayState=[^&]+/, 'RelayState=evil');
    assert.throws(
      () => driver.finishLogout({ rawQuery: tampered, requestId: out.requestId }),
      (err: IdentityError) => err.reason === 'invalid_signature',
    );
    const metadata = parseXml(driver.metadata()).documentElement!;
    assert.ok(descendants(metadata, NS.md, 'SingleLogoutService').every((e) => e.getAttribute('Location') === driver.sloReturnUrl));
    assert.equal(descendants(metadata, NS.md, 'SingleLogoutService').length, 2);
  });

  it('decrypts with a separate encryption key pair when the registration has two certificates', async () => {
    const enc = makeTestKeyPair('CivicKit SP encryption');
    const separate = createLoginGovPlDriver(entry(), { ...context(), spEncKeyPem: enc.keyPem, spEncCertPem: enc.certPem } as DriverContext);
    sim.registerSp({ entityId: METADATA, certPem: sp.certPem, encCertPem: enc.certPem });
    try {
      const s = await startLogin(separate);
      const identity = await separate.finish({ query: s.query, state: s.state, nonce: 'n', codeVerifier: 'v', requestId: s.requestId });
      assert.equal(identity.pesel, DEFAULT_PERSON.pesel);
      // the metadata tells the Węzeł which certificate is for which use
      const uses = descendants(parseXml(separate.metadata()).documentElement!, NS.md, 'KeyDescriptor').map((k) => [
        k.getAttribute('use'),
        new X509Certificate(Buffer.from(text(descendants(k, NS.ds, 'X509Certificate')[0]), 'base64')).fingerprint256,
      ]);
      assert.deepEqual(uses, [
        ['signing', new X509Certificate(sp.certPem).fingerprint256],
        ['encryption', new X509Certificate(enc.certPem).fingerprint256],
      ]);
      // a driver without the encryption key cannot read what was encrypted for it
      assert.equal(await refusal(await startLogin()), 'invalid_response');
    } finally {
      sim.registerSp({ entityId: METADATA, certPem: sp.certPem });
    }
  });

  describe('refuses', () => {
    it('an altered assertion (its signature no longer verifies)', async () => {
      sim.behaviour.alterSignedAssertion = (xml) => xml.replace('PL/PL/87022243734', 'PL/PL/44051401359');
      assert.equal(await refusal(await startLogin()), 'invalid_signature');
    });

    it('a wrapped signature: a forged ArtifactResponse in the body, the signed one moved to the SOAP header', async () => {
      sim.behaviour.alterSoap = (soap, c) => {
        const signed = /<soap:Body>([\s\S]*)<\/soap:Body>/.exec(soap)![1];
        const id = /ID="([^"]+)"/.exec(signed)![1];
        const signature = /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(signed)![0];
        const inner = /<saml2p:Response [^>]*InResponseTo="([^"]+)"/.exec(signed)!;
        const forged = forgedResponse(c, inner[1]);
        return soap
          .replace('<soap:Header/>', `<soap:Header>${signed}</soap:Header>`)
          .replace(/<soap:Body>[\s\S]*<\/soap:Body>/, `<soap:Body>${forgedArtifactResponse(id, signature, c, forged)}</soap:Body>`);
      };
      assert.equal(await refusal(await startLogin()), 'invalid_signature');
    });

    it('a wrapped signature: the signed ArtifactResponse hidden inside an unsigned forged one', async () => {
      sim.behaviour.alterSoap = (soap, c) => {
        const signed = /<soap:Body>([\s\S]*)<\/soap:Body>/.exec(soap)![1];
        const inner = /<saml2p:Response [^>]*InResponseTo="([^"]+)"/.exec(signed)!;
        const resolveId = /InResponseTo="([^"]+)"/.exec(signed)![1];
        const forged = forgedResponse(c, inner[1]).replace('</saml2p:Response>', `<saml2p:Extensions>${signed}</saml2p:Extensions></saml2p:Response>`);
        const outer =
          `<saml2p:ArtifactResponse xmlns:saml2p="${NS.samlp}" xmlns:saml2="${NS.saml}" ID="ID-forged" InResponseTo="${resolveId}" Version="2.0" IssueInstant="${new Date().toISOString()}">` +
          `<saml2:Issuer>${c.idpEntityId}</saml2:Issuer><saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status>${forged}</saml2p:ArtifactResponse>`;
        return soap.replace(/<soap:Body>[\s\S]*<\/soap:Body>/, `<soap:Body>${outer}</soap:Body>`);
      };
      // the unsigned wrapper is allowed now (§3b): what refuses it is the second Response it smuggles in
      assert.equal(await refusal(await startLogin()), 'invalid_response');
    });

    it('a forged Response carrying the signature of the genuine one', async () => {
      sim.behaviour.alterSoap = (soap, c) => soap.replace(/<saml2p:Response [\s\S]*<\/saml2p:Response>/, (genuine) => forgedInPlaceOf(genuine, c));
      assert.equal(await refusal(await startLogin()), 'invalid_signature');
    });

    it('(defence in depth, under a genuinely signed ArtifactResponse) a forged Response beside the signed one', async () => {
      sim.behaviour.alterSignedResponse = (genuine, c) => {
        const inResponseTo = /InResponseTo="([^"]+)"/.exec(genuine)![1];
        return forgedResponse(c, inResponseTo).replace('</saml2p:Response>', `<saml2p:Extensions>${genuine}</saml2p:Extensions></saml2p:Response>`);
      };
      assert.equal(await refusal(await startLogin()), 'invalid_response');
    });

    it('(defence in depth, under a genuinely signed ArtifactResponse) a forged Response carrying the genuine signature', async () => {
      sim.behaviour.alterSignedResponse = forgedInPlaceOf;
      assert.equal(await refusal(await startLogin()), 'invalid_signature');
    });

    it('a replayed artifact', async () => {
      const s = await startLogin();
      assert.equal((await finish(s)).pesel, DEFAULT_PERSON.pesel);
      assert.equal(await refusal(s), 'replayed');
    });

    it('a replayed assertion under a new artifact', async () => {
      await finish(await startLogin());
      sim.behaviour.assertionId = sim.assertionIds.at(-1);
      assert.equal(await refusal(await startLogin()), 'replayed');
    });

    it('an assertion for another audience', async () => {
      sim.behaviour.audience = 'https://another-service.example/metadata';
      assert.equal(await refusal(await startLogin()), 'wrong_audience');
    });

    it('an expired assertion', async () => {
      sim.behaviour.clockOffsetMs = -(sim.behaviour.validityMs + 181_000);
      assert.equal(await refusal(await startLogin()), 'expired');
    });

    it('an assertion from the future', async () => {
      sim.behaviour.clockOffsetMs = 10 * 60_000;
      assert.equal(await refusal(await startLogin()), 'expired');
    });

    it('an answer to another AuthnRequest (InResponseTo)', async () => {
      const first = await startLogin();
      const second = await startLogin();
      assert.equal(await refusal(second, first.requestId), 'wrong_request');
      sim.behaviour.inResponseTo = 'ID-someone-elses-request';
      assert.equal(await refusal(await startLogin()), 'wrong_request');
    });

    it('an unsigned ArtifactResponse and Response', async () => {
      sim.behaviour.signArtifactResponse = false;
      sim.behaviour.signResponse = false;
      assert.equal(await refusal(await startLogin()), 'invalid_signature');
    });

    it('a wrapper signature that does not verify (a signed ArtifactResponse is checked even though none is required)', async () => {
      sim.behaviour.alterSoap = (soap: string) => soap.replace(/(<saml2p:ArtifactResponse[^>]*IssueInstant=")[^"]+/, '$12001-01-01T00:00:00.000Z');
      assert.equal(await refusal(await startLogin()), 'invalid_signature');
    });

    it('a signed ArtifactResponse around an unsigned Response', async () => {
      sim.behaviour.signResponse = false;
      assert.equal(await refusal(await startLogin()), 'invalid_signature');
    });

    it('a certificate not configured, while accepting either of two configured ones (rotation)', async () => {
      const next = makeTestKeyPair('Węzeł next certificate');
      const rotating = createLoginGovPlDriver(entry({ idpCertificate: `${sim.certPem}\n${next.certPem}` }), context());
      sim.behaviour.signWith = next;
      const s = await startLogin(rotating);
      const identity = await rotating.finish({ query: s.query, state: s.state, nonce: 'n', codeVerifier: 'v', requestId: s.requestId });
      assert.equal(identity.pesel, DEFAULT_PERSON.pesel);
      // the driver that trusts only the current certificate refuses the next one's signature
      assert.equal(await refusal(await startLogin()), 'invalid_signature');
    });

    it('a response signed with another key', async () => {
      sim.behaviour.signWith = makeTestKeyPair('Not the Węzeł');
      assert.equal(await refusal(await startLogin()), 'invalid_signature');
    });

    it('an assertion encrypted for someone else', async () => {
      sim.behaviour.encryptFor = makeTestKeyPair('Someone else').key;
      assert.equal(await refusal(await startLogin()), 'invalid_response');
    });

    it('a lower LoA than the profile requires', async () => {
      sim.behaviour.person.loa = 'low';
      assert.equal(await refusal(await startLogin()), 'loa_too_low');
    });

    it('an invalid PESEL', async () => {
      sim.behaviour.person.pesel = '87022243735';
      assert.equal(await refusal(await startLogin()), 'invalid_pesel');
    });

    it('a cancelled login as "cancelled"', async () => {
      sim.behaviour.status = { code: 'urn:oasis:names:tc:SAML:2.0:status:Responder', detail: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed' };
      assert.equal(await refusal(await startLogin()), 'cancelled');
    });

    it('an answer with a DTD (entity expansion)', async () => {
      sim.behaviour.alterSoap = (soap) =>
        soap.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>');
      assert.equal(await refusal(await startLogin()), 'invalid_response');
    });

    it('an artifact and issuer from another Węzeł than the configured one', async () => {
      const strict = createLoginGovPlDriver(entry({ idpEntityId: 'https://login.gov.pl/idp' }), context());
      const s = await startLogin(strict);
      await assert.rejects(
        strict.finish({ query: s.query, state: s.state, nonce: 'n', codeVerifier: 'v', requestId: s.requestId }),
        (err: IdentityError) => err.reason === 'invalid_response' && /another issuer/.test(err.message),
      );
    });

    it('a finish without the stored AuthnRequest ID', async () => {
      const s = await startLogin();
      await assert.rejects(
        driver.finish({ query: s.query, state: s.state, nonce: 'n', codeVerifier: 'v' }),
        (err: IdentityError) => err.reason === 'invalid_state',
      );
    });
  });

  it('the simulator refuses an AuthnRequest signed by an unregistered key', async () => {
    const stranger = createLoginGovPlDriver(entry(), context(makeTestKeyPair('Stranger SP')));
    const started = await stranger.start({ state: 's', nonce: 'n', codeVerifier: 'v' });
    const res = await fetch(started.redirectUrl, { redirect: 'manual' });
    assert.equal(res.status, 403);
  });

  it('fails at start on a key that is not P-256 or does not match its certificate', () => {
    const other = makeTestKeyPair('Other');
    assert.throws(() => createLoginGovPlDriver(entry(), { ...context(), spKeyPem: other.keyPem }), /does not match its key/);
    assert.throws(() => createLoginGovPlDriver(entry(), { ...context(), spKeyPem: undefined }), /LOGINGOVPL_SP_KEY_FILE/);
    assert.throws(() => createLoginGovPlDriver(entry({ idpCertificate: 'not a certificate' }), context()), /idpCertificate/);
  });
});

/** An attacker's Response: anyone can encrypt an assertion to the SP's public certificate. */
function forgedResponse(c: AttackContext, inResponseTo: string, id = 'ID-forged-response', signature = ''): string {
  const now = new Date();
  const until = new Date(now.getTime() + 300_000).toISOString();
  const assertion =
    `<saml2:Assertion xmlns:saml2="${NS.saml}" ID="_forged" IssueInstant="${now.toISOString()}" Version="2.0"><saml2:Issuer>${c.idpEntityId}</saml2:Issuer>` +
    `<saml2:Subject><saml2:NameID>mallory</saml2:NameID><saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml2:SubjectConfirmationData InResponseTo="${inResponseTo}" NotOnOrAfter="${until}" Recipient="${ACS}"/></saml2:SubjectConfirmation></saml2:Subject>` +
    `<saml2:Conditions NotBefore="${now.toISOString()}" NotOnOrAfter="${until}"><saml2:AudienceRestriction><saml2:Audience>${c.spEntityId}</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>` +
    `<saml2:AuthnStatement AuthnInstant="${now.toISOString()}"><saml2:AuthnContext><saml2:AuthnContextClassRef>http://eidas.europa.eu/LoA/high</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement>` +
    `<saml2:AttributeStatement><saml2:Attribute Name="http://eidas.europa.eu/attributes/naturalperson/PersonIdentifier"><saml2:AttributeValue>PL/PL/44051401359</saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement></saml2:Assertion>`;
  return (
    `<saml2p:Response xmlns:saml2p="${NS.samlp}" xmlns:saml2="${NS.saml}" ID="${id}" InResponseTo="${inResponseTo}" Version="2.0" IssueInstant="${now.toISOString()}" Destination="${ACS}">` +
    `<saml2:Issuer>${c.idpEntityId}</saml2:Issuer>${signature}<saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status>` +
    `${encryptAssertion(assertion, c.spPublicKey, { idp: c.idpEntityId, sp: c.spEntityId })}</saml2p:Response>`
  );
}

/** The classic wrapping move: a forged Response that takes over the genuine one's ID and signature. */
function forgedInPlaceOf(genuine: string, c: AttackContext): string {
  const id = /ID="([^"]+)"/.exec(genuine)![1];
  const inResponseTo = /InResponseTo="([^"]+)"/.exec(genuine)![1];
  const signature = /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(genuine)![0];
  return forgedResponse(c, inResponseTo, id, signature);
}

function forgedArtifactResponse(id: string, signature: string, c: { idpEntityId: string }, response: string): string {
  return (
    `<saml2p:ArtifactResponse xmlns:saml2p="${NS.samlp}" xmlns:saml2="${NS.saml}" ID="${id}" Version="2.0" IssueInstant="${new Date().toISOString()}">` +
    `<saml2:Issuer>${c.idpEntityId}</saml2:Issuer>${signature}<saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status>${response}</saml2p:ArtifactResponse>`
  );
}
