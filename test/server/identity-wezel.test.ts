import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { browserHandoff, startQuery } from '../support/handoff.js';
import { GOOD_PASSWORD, resident, startTestServer, type TestContext } from '../support/app.js';
import { linkToken } from '../support/smtp.js';
import { DEFAULT_PERSON, simulatorEndpoints, spKeyFiles, startWezelSimulator, type TestPerson, type WezelSimulator } from '../support/wezel-simulator.js';

/**
 * The whole resident journey through CivicKit's routes with login.gov.pl played by the local Węzeł
 * simulator (the one test double allowed: the real node cannot be reached from here): start → the
 * Węzeł → the ACS (artifact resolved over real HTTP) → the city page with a one-time code → a session.
 */
const siemianowice = JSON.parse(readFileSync('examples/profiles/siemianowice.json', 'utf8'));
const PORTAL = 'http://portal.test/zgloszenia';
const METADATA = 'http://api.test/api/v1/auth/providers/wk/metadata.xml';

describe('login.gov.pl through CivicKit’s routes (Węzeł simulator)', () => {
  let sim: WezelSimulator;
  let ctx: TestContext;

  before(async () => {
    sim = await startWezelSimulator();
    const sp = spKeyFiles('CivicKit SP (test)');
    sim.registerSp({ entityId: METADATA, certPem: sp.certPem });
    sim.registerSp({ entityId: METADATA.replace('/wk/', '/wk-post/'), certPem: sp.certPem });
    ctx = await startTestServer({
      profile: {
        ...siemianowice,
        // PESEL shown (optional) at registration, so a password account can hold one before its owner comes verified
        registration: { ...siemianowice.registration, fields: { district: 'hidden', pesel: 'optional' } },
        identityProviders: [
          {
            id: 'wk',
            type: 'logingovpl',
            purpose: 'residents',
            label: { pl: 'login.gov.pl', en: 'login.gov.pl', de: 'login.gov.pl' },
            ...simulatorEndpoints(sim),
            loa: 'substantial',
          },
          {
            id: 'wk-post',
            type: 'logingovpl',
            purpose: 'residents',
            label: { pl: 'login.gov.pl (POST)', en: 'login.gov.pl (POST)', de: 'login.gov.pl (POST)' },
            ...simulatorEndpoints(sim),
            authnRequestBinding: 'post',
          },
        ],
      },
      env: sp.env,
    });
  });
  after(async () => {
    await ctx?.stop();
    await sim?.close();
  });

  /** The browser: start at CivicKit, through the Węzeł, back at the ACS; returns the ACS request (path and query). */
  async function toAcs(person: TestPerson): Promise<string> {
    sim.behaviour.person = person;
    const start = await ctx.inject({ method: 'GET', url: `/api/v1/auth/providers/wk/start?${startQuery(PORTAL)}` });
    assert.equal(start.statusCode, 302, start.payload);
    assert.ok(String(start.headers.location).startsWith(sim.ssoUrl));
    const atWezel = await fetch(start.headers.location as string, { redirect: 'manual' });
    assert.equal(atWezel.status, 302, await atWezel.text());
    const acs = new URL(atWezel.headers.get('location')!);
    assert.equal(acs.origin + acs.pathname, 'http://api.test/api/v1/auth/providers/wk/acs');
    return acs.pathname + acs.search;
  }

  async function landAt(acs: string): Promise<URL> {
    const done = await ctx.inject({ method: 'GET', url: acs });
    assert.equal(done.statusCode, 302);
    return new URL(done.headers.location as string);
  }

  async function signIn(person: TestPerson) {
    const landed = await landAt(await toAcs(person));
    assert.equal(landed.origin + landed.pathname, PORTAL);
    assert.equal(landed.searchParams.get('civic_action'), 'signin', landed.href);
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/providers/exchange',
      payload: { code: landed.searchParams.get('code'), verifier: browserHandoff.verifier },
    });
    assert.equal(res.statusCode, 200, res.payload);
    return res.json;
  }

  it('publishes signed SP metadata naming the ACS', async () => {
    const res = await ctx.inject({ method: 'GET', url: '/api/v1/auth/providers/wk/metadata.xml' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/samlmetadata\+xml/);
    assert.match(res.payload, new RegExp(`entityID="${METADATA.replace(/[.]/g, '\\.')}"`));
    assert.match(res.payload, /Location="http:\/\/api\.test\/api\/v1\/auth\/providers\/wk\/acs"/);
    assert.match(res.payload, /<ds:Signature/);
  });

  it('signs a resident in with a verified PESEL and LoA; a new account waits for an email address', async () => {
    const person = { ...DEFAULT_PERSON, pesel: '87022243734', givenName: 'Roch', familyName: 'Testowy', nameId: 'roch-1' };
    const signedIn = await signIn(person);
    assert.equal(signedIn.user.firstName, 'Roch');
    assert.equal(signedIn.user.lastName, 'Testowy');
    assert.equal(signedIn.user.hasPesel, true);
    assert.equal(signedIn.user.email, '');
    assert.equal(signedIn.user.hasPassword, false);
    assert.deepEqual({ provider: signedIn.user.identity.provider, loa: signedIn.user.identity.loa }, { provider: 'wk', loa: 'substantial' });
    const exported = await ctx.inject({ method: 'GET', url: '/api/v1/me/export', token: signedIn.accessToken });
    assert.equal(exported.json.account.pesel, '87022243734');
    assert.equal(exported.json.identities[0].loa, 'substantial');

    // the resident adds an address: confirmed by link, no password asked (there is none)
    const email = `roch.${Date.now()}@example.org`;
    const change = await ctx.inject({ method: 'POST', url: '/api/v1/me/email', token: signedIn.accessToken, payload: { email } });
    assert.equal(change.statusCode, 202, change.payload);
    const mail = await ctx.smtp.waitFor(email, (m) => m.text.includes('civic_action=confirm_email'));
    const confirmed = await ctx.inject({ method: 'POST', url: '/api/v1/auth/confirm-email', payload: { token: linkToken(mail, 'confirm_email') } });
    assert.equal(confirmed.statusCode, 200, confirmed.payload);
    const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', token: signedIn.accessToken });
    assert.equal(me.json.email, email);

    // signing in again is the same account
    const again = await signIn(person);
    assert.equal(again.user.id, signedIn.user.id);
  });

  /** Registers (and, unless `pending`, activates) a password account with a typed PESEL. */
  async function typedPeselAccount(pesel: string, pending = false) {
    const body = resident({ pesel });
    assert.equal((await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body })).statusCode, 201);
    if (pending) return { ...body, id: undefined, accessToken: undefined };
    const mail = await ctx.smtp.waitFor(body.email, (m) => m.text.includes('civic_action=activate'));
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: linkToken(mail, 'activate') } });
    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: body.email, password: GOOD_PASSWORD } });
    assert.equal(login.statusCode, 200, login.payload);
    return { ...body, id: login.json.user.id as string, accessToken: login.json.accessToken as string };
  }

  it('issue 19 finding 1: a typed PESEL never captures a login.gov.pl sign-in; the verified PESEL wins and the typist is told', async () => {
    const pesel = '44051401359';
    const typist = await typedPeselAccount(pesel);
    const verified = await signIn({ ...DEFAULT_PERSON, pesel, givenName: 'JAN', familyName: 'KOWALSKI', nameId: 'jan-k' });
    assert.notEqual(verified.user.id, typist.id, 'the verified person gets an account of their own');
    assert.equal(verified.user.hasPassword, false, 'the typist’s password does not come with it');
    assert.equal(verified.user.hasPesel, true);
    assert.equal(verified.user.identity.provider, 'wk');
    // the typist keeps their account and password, without the PESEL, and is told why
    const typistLogin = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: typist.email, password: GOOD_PASSWORD } });
    assert.equal(typistLogin.statusCode, 200);
    assert.equal(typistLogin.json.user.id, typist.id);
    assert.equal(typistLogin.json.user.hasPesel, false);
    const told = await ctx.smtp.waitFor(typist.email, (m) => m.subject.includes('PESEL'));
    assert.match(told.text, /login\.gov\.pl/);
    // and signing in again with login.gov.pl is the verified account, never the typist's
    assert.equal((await signIn({ ...DEFAULT_PERSON, pesel, nameId: 'jan-k' })).user.id, verified.user.id);
  });

  it('issue 19 finding 1: a pending registration with someone else’s PESEL captures nothing', async () => {
    const pesel = '90090515836';
    const squatter = await typedPeselAccount(pesel, true);
    const verified = await signIn({ ...DEFAULT_PERSON, pesel, nameId: 'real-owner' });
    assert.equal(verified.user.identity.provider, 'wk');
    assert.equal(verified.user.hasPassword, false);
    assert.equal(verified.user.email, '', 'not the squatter’s address');
    const squatterLogin = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: squatter.email, password: GOOD_PASSWORD } });
    assert.notEqual(squatterLogin.json?.user?.id, verified.user.id);
  });

  it('links login.gov.pl from the account page after a recent authentication: the typed PESEL becomes verified, the owner is told', async () => {
    const pesel = '02070803628';
    const owner = await typedPeselAccount(pesel);
    const start = await ctx.inject({
      method: 'POST',
      url: '/api/v1/me/identities/link',
      token: owner.accessToken,
      payload: { provider: 'wk', challenge: browserHandoff.challenge, returnTo: PORTAL },
    });
    assert.equal(start.statusCode, 200, start.payload);
    const startUrl = new URL(start.json.startUrl);
    const toWezel = await ctx.inject({ method: 'GET', url: startUrl.pathname + startUrl.search });
    assert.equal(toWezel.statusCode, 302, toWezel.payload);
    sim.behaviour.person = { ...DEFAULT_PERSON, pesel, nameId: 'linker' };
    const atWezel = await fetch(toWezel.headers.location as string, { redirect: 'manual' });
    const acs = new URL(atWezel.headers.get('location')!);
    const landed = await landAt(acs.pathname + acs.search);
    assert.equal(landed.searchParams.get('civic_action'), 'signin', landed.href);
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/providers/exchange',
      payload: { code: landed.searchParams.get('code'), verifier: browserHandoff.verifier },
    });
    assert.equal(res.json.user.id, owner.id, 'the same account');
    assert.equal(res.json.user.identity.provider, 'wk');
    assert.equal(res.json.user.hasPassword, true);
    const mail = await ctx.smtp.waitFor(owner.email, (m) => m.text.includes('login.gov.pl') && /metod|sign-in/i.test(m.subject));
    assert.ok(mail);
    // the link ticket is single use
    const again = await ctx.inject({ method: 'GET', url: startUrl.pathname + startUrl.search });
    assert.equal(again.statusCode, 400);
    assert.equal(again.json.code, 'invalid_token');
  });

  it('refuses a replayed ACS request and a LoA below the profile’s minimum, signing nobody in', async () => {
    const acs = await toAcs({ ...DEFAULT_PERSON, pesel: '02070803628', nameId: 'replay' });
    assert.equal((await landAt(acs)).searchParams.get('civic_action'), 'signin');
    const replay = await landAt(acs);
    assert.equal(replay.searchParams.get('civic_action'), 'signin_error');
    assert.equal(replay.searchParams.get('reason'), 'invalid_state');

    const low = await landAt(await toAcs({ ...DEFAULT_PERSON, pesel: '02070803628', loa: 'low', nameId: 'low' }));
    assert.equal(low.searchParams.get('reason'), 'loa_too_low');
    assert.equal(low.searchParams.get('code'), null);
  });

  it('accepts the artifact by POST as well (the binding lets the Węzeł choose)', async () => {
    const acs = new URL(await toAcs({ ...DEFAULT_PERSON, pesel: '02070803628', nameId: 'post' }), 'http://api.test');
    const res = await ctx.inject({
      method: 'POST',
      url: acs.pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: acs.searchParams.toString(),
    });
    assert.equal(res.statusCode, 302);
    assert.equal(new URL(res.headers.location as string).searchParams.get('civic_action'), 'signin');
  });

  it('sends the AuthnRequest by HTTP-POST when the entry asks for it: a self-submitting page allowed nothing else', async () => {
    sim.behaviour.person = { ...DEFAULT_PERSON, pesel: '02070803628', nameId: 'post-binding' };
    const page = await ctx.inject({ method: 'GET', url: `/api/v1/auth/providers/wk-post/start?${startQuery(PORTAL)}` });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+'/);
    assert.ok(csp.includes(`form-action ${new URL(sim.ssoUrl).origin}`), csp);
    const action = /<form method="post" action="([^"]+)"/.exec(page.payload)![1]!.replace(/&amp;/g, '&');
    assert.equal(action, sim.ssoUrl);
    const fields = Object.fromEntries(
      [...page.payload.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]),
    );
    assert.deepEqual(Object.keys(fields).sort(), ['RelayState', 'SAMLRequest']);
    const atWezel = await fetch(action, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
    assert.equal(sim.authnRequests.at(-1)!.binding, 'post');
    // the Węzeł answers a posted request with a page that posts the artifact to the ACS
    const answer = await atWezel.text();
    const acs = new URL(/action="([^"]+)"/.exec(answer)![1]!);
    const artifact = Object.fromEntries([...answer.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const done = await ctx.inject({
      method: 'POST',
      url: acs.pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(artifact).toString(),
    });
    const landed = new URL(done.headers.location as string);
    assert.equal(landed.searchParams.get('civic_action'), 'signin', landed.href);
  });
});
