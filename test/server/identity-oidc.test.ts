import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Types } from 'mongoose';
import { browserHandoff, startQuery } from '../support/handoff.js';
import { GOOD_PASSWORD, signedInResident, startTestServer, type TestContext } from '../support/app.js';
import { TestOidcProvider, type DirectoryUser } from '../support/oidc-op.js';

const siemianowice = JSON.parse(readFileSync('examples/profiles/siemianowice.json', 'utf8'));
const CLIENT = { clientId: 'civickit', clientSecret: 'directory-secret-0123456789' };
const PORTAL = 'http://portal.test/zgloszenia?tab=1';

// valid PESELs (checksum and birth date)
const PESEL_A = '02070803628';
const PESEL_B = '44051401359';

const label = (name: string) => ({ pl: name, en: name, de: name });

describe('Identity providers: OpenID Connect against a real oidc-provider', () => {
  let staffOp: TestOidcProvider;
  let residentOp: TestOidcProvider;
  let ctx: TestContext;

  before(async () => {
    staffOp = await new TestOidcProvider({ ...CLIENT, redirectUri: 'http://api.test/api/v1/auth/providers/urzad/callback' }).start();
    residentOp = await new TestOidcProvider({ ...CLIENT, redirectUri: 'http://api.test/api/v1/auth/providers/bank-id/callback' }).start();
    ctx = await startTestServer({
      profile: {
        ...siemianowice,
        staffSignIn: { requireSso: true },
        identityProviders: [
          {
            id: 'urzad',
            type: 'oidc',
            purpose: 'staff',
            label: label('Urząd (Entra ID)'),
            issuer: staffOp.issuer,
            clientId: CLIENT.clientId,
            scopes: ['openid', 'email', 'profile'],
            roleClaim: 'groups',
            roleMap: { 'CivicKit-Staff': 'staff', 'CivicKit-Admins': 'admin' },
            departmentClaim: 'department',
            departmentMap: { 'Wydział Dróg': 'roads', Oświetlenie: 'lighting' },
            trustEmail: true,
          },
          {
            id: 'bank-id',
            type: 'oidc',
            purpose: 'residents',
            label: label('Bank'),
            issuer: residentOp.issuer,
            clientId: CLIENT.clientId,
            peselClaim: 'pesel',
          },
        ],
      },
      env: { OIDC_URZAD_CLIENT_SECRET: CLIENT.clientSecret, OIDC_BANK_ID_CLIENT_SECRET: CLIENT.clientSecret },
    });
  });
  after(async () => {
    await ctx?.stop();
    await staffOp?.stop();
    await residentOp?.stop();
  });

  /** A browser round trip: start at CivicKit, sign in at the OP, come back; returns the page URL it lands on. */
  async function roundTrip(provider: string, op: TestOidcProvider, user: DirectoryUser, returnTo = PORTAL): Promise<URL> {
    const start = await ctx.inject({ method: 'GET', url: `/api/v1/auth/providers/${provider}/start?${startQuery(returnTo)}` });
    assert.equal(start.statusCode, 302, start.payload);
    const back = await op.signIn(start.headers.location as string, user);
    assert.equal(back.origin + back.pathname, `http://api.test/api/v1/auth/providers/${provider}/callback`);
    const done = await ctx.inject({ method: 'GET', url: back.pathname + back.search });
    assert.equal(done.statusCode, 302);
    return new URL(done.headers.location as string);
  }

  async function signIn(provider: string, op: TestOidcProvider, user: DirectoryUser) {
    const landed = await roundTrip(provider, op, user);
    assert.equal(landed.searchParams.get('civic_action'), 'signin', landed.href);
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/providers/exchange',
      payload: { code: landed.searchParams.get('code'), verifier: browserHandoff.verifier },
    });
    assert.equal(res.statusCode, 200, res.payload);
    return res.json;
  }

  it('lists the profile’s providers', async () => {
    const res = await ctx.inject({ method: 'GET', url: '/api/v1/auth/providers' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json, [
      { id: 'urzad', type: 'oidc', label: label('Urząd (Entra ID)'), purpose: 'staff' },
      { id: 'bank-id', type: 'oidc', label: label('Bank'), purpose: 'residents' },
    ]);
  });

  it('signs a staff member in with the role and department mapped from the directory’s claims', async () => {
    const user = {
      sub: 'anna-nowak',
      email: 'Anna.Nowak@siemianowice.gov.pl',
      email_verified: true,
      given_name: 'Anna',
      family_name: 'Nowak',
      groups: ['Everyone', 'CivicKit-Staff'],
      department: 'Wydział Dróg',
    };
    const landed = await roundTrip('urzad', staffOp, user);
    // back on the page it started from, its own query kept
    assert.equal(landed.origin + landed.pathname, 'http://portal.test/zgloszenia');
    assert.equal(landed.searchParams.get('tab'), '1');
    const code = landed.searchParams.get('code')!;
    const signedIn = await ctx.inject({ method: 'POST', url: '/api/v1/auth/providers/exchange', payload: { code, verifier: browserHandoff.verifier } });
    assert.equal(signedIn.statusCode, 200, signedIn.payload);
    assert.equal(signedIn.json.user.role, 'staff');
    assert.equal(signedIn.json.user.department, 'roads');
    assert.equal(signedIn.json.user.email, 'anna.nowak@siemianowice.gov.pl');
    assert.equal(signedIn.json.user.firstName, 'Anna');
    // the session works, with the mapped role
    const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', token: signedIn.json.accessToken });
    assert.equal(me.statusCode, 200, me.payload);
    assert.equal(me.json.role, 'staff');
    // the code is single use
    const again = await ctx.inject({ method: 'POST', url: '/api/v1/auth/providers/exchange', payload: { code, verifier: browserHandoff.verifier } });
    assert.equal(again.statusCode, 400);
    assert.equal(again.json.code, 'invalid_token');

    // the directory moves her to lighting and makes her an admin: the next sign-in follows it, same account
    const next = await signIn('urzad', staffOp, { ...user, groups: ['CivicKit-Admins'], department: 'Oświetlenie' });
    assert.equal(next.user.id, signedIn.json.user.id);
    assert.equal(next.user.role, 'admin');
    assert.equal(next.user.department, 'lighting');
  });

  it('links a staff directory sign-in to the existing staff account with that address, and refuses that account’s password', async () => {
    const email = 'piotr.wisniewski@siemianowice.gov.pl';
    const existing = await ctx.app.accounts.createActiveUser({ email, password: GOOD_PASSWORD, role: 'staff', department: 'roads' });
    const refused = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: GOOD_PASSWORD } });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json.code, 'sso_required');
    const wrong = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'not-the-password-at-all' } });
    assert.equal(wrong.json.code, 'invalid_credentials', 'the policy shows only to someone who knows the password');
    const signedIn = await signIn('urzad', staffOp, { sub: 'pw-77', email, email_verified: true, groups: ['CivicKit-Staff'], department: 'Wydział Dróg' });
    assert.equal(signedIn.user.id, String(existing._id));
  });

  it('refuses a directory user in no CivicKit group, and changes nothing', async () => {
    const before = await ctx.app.accounts.models.User.countDocuments();
    const landed = await roundTrip('urzad', staffOp, { sub: 'outsider', email: 'outsider@siemianowice.gov.pl', email_verified: true, groups: ['Everyone'] });
    assert.equal(landed.searchParams.get('civic_action'), 'signin_error');
    assert.equal(landed.searchParams.get('reason'), 'not_allowed');
    assert.equal(landed.searchParams.get('code'), null);
    assert.equal(await ctx.app.accounts.models.User.countDocuments(), before);
  });

  it('lets residents keep their password while staff must use the directory', async () => {
    const resident = await signedInResident(ctx);
    assert.ok(resident.accessToken);
  });

  it('links a verified PESEL to the account holding it, never a second account; the profile shows the identity', async () => {
    const first = await signIn('bank-id', residentOp, { sub: 'bank-1', pesel: PESEL_A, given_name: 'Zofia', family_name: 'Kowalczyk' });
    assert.equal(first.user.role, 'resident');
    assert.equal(first.user.hasPesel, true);
    assert.equal(first.user.email, '', 'no address until the resident confirms one');
    assert.equal(first.user.identity.provider, 'bank-id');
    assert.ok(Date.parse(first.user.identity.verifiedAt));
    // the same PESEL from another subject (another bank, another e-mail): the same account
    const second = await signIn('bank-id', residentOp, {
      sub: 'bank-2-other-login',
      pesel: PESEL_A,
      email: 'zofia@example.org',
      given_name: 'Zofia',
      family_name: 'Kowalczyk',
    });
    assert.equal(second.user.id, first.user.id);
    const ids = await ctx.inject({ method: 'GET', url: '/api/v1/me/identities', token: second.accessToken });
    assert.equal(ids.statusCode, 200);
    assert.equal(ids.json.length, 2);
    assert.deepEqual(
      ids.json.map((i: { provider: string }) => i.provider),
      ['bank-id', 'bank-id'],
    );
    // the export carries the identities and the verified PESEL
    const exported = await ctx.inject({ method: 'GET', url: '/api/v1/me/export', token: second.accessToken });
    assert.equal(exported.json.account.pesel, PESEL_A);
    assert.equal(exported.json.identities.length, 2);
    // PATCH cannot change the PESEL
    const patch = await ctx.inject({ method: 'PATCH', url: '/api/v1/me', token: second.accessToken, payload: { pesel: PESEL_B } });
    assert.equal(patch.statusCode, 400);
    assert.equal(patch.json.fields.pesel, 'invalid');
    const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', token: second.accessToken });
    assert.equal(me.json.identity.provider, 'bank-id');
  });

  it('unlinks an identity but never the only way into an account; deletion removes every link', async () => {
    const a = await signIn('bank-id', residentOp, { sub: 'unlink-1', pesel: PESEL_B });
    const b = await signIn('bank-id', residentOp, { sub: 'unlink-2', pesel: PESEL_B });
    const list = (await ctx.inject({ method: 'GET', url: '/api/v1/me/identities', token: b.accessToken })).json as Array<{ id: string }>;
    assert.equal(list.length, 2);
    const del = await ctx.inject({ method: 'DELETE', url: `/api/v1/me/identities/${list[0]!.id}`, token: a.accessToken });
    assert.equal(del.statusCode, 204);
    const last = await ctx.inject({ method: 'DELETE', url: `/api/v1/me/identities/${list[1]!.id}`, token: a.accessToken });
    assert.equal(last.statusCode, 409);
    assert.equal(last.json.code, 'conflict');
    // someone else's identity id is not found for me
    const other = await signedInResident(ctx);
    const foreign = await ctx.inject({ method: 'DELETE', url: `/api/v1/me/identities/${list[1]!.id}`, token: other.accessToken });
    assert.equal(foreign.statusCode, 404);
    // the account without a password deletes itself without one; its links go with it
    const gone = await ctx.inject({ method: 'DELETE', url: '/api/v1/me', token: a.accessToken, payload: {} });
    assert.equal(gone.statusCode, 204, gone.payload);
    assert.equal(await ctx.app.conn.collection('linked_identities').countDocuments({ userId: new Types.ObjectId(a.user.id) }), 0);
  });

  it('returns to the city’s OpenID Provider sign-in page (another origin than APP_URL) and to no other path there', async () => {
    // an application's resident signs in with the bank on PUBLIC_URL/oidc/interaction/…: the answer comes back there
    const page = 'http://api.test/oidc/interaction/Abc-123_x';
    const landed = await roundTrip('bank-id', residentOp, { sub: 'op-page-resident', email: 'op.page@example.com', email_verified: true }, page);
    assert.equal(landed.origin + landed.pathname, page);
    assert.equal(landed.searchParams.get('civic_action'), 'signin');
    for (const other of ['http://api.test/api/v1/me', 'http://api.test/oidc/token', 'http://api.test/oidc/authx', 'http://user:pw@api.test/oidc/auth']) {
      const res = await ctx.inject({ method: 'GET', url: `/api/v1/auth/providers/bank-id/start?${startQuery(other)}` });
      assert.equal(res.statusCode, 400, other);
      assert.equal(res.json.fields.returnTo, 'invalid');
    }
  });

  it('refuses a returnTo outside the city’s origins, an unknown provider, and a forged or replayed return', async () => {
    const evil = await ctx.inject({ method: 'GET', url: `/api/v1/auth/providers/urzad/start?${startQuery('https://evil.example/steal')}` });
    assert.equal(evil.statusCode, 400);
    assert.equal(evil.json.code, 'validation_failed');
    assert.equal(evil.json.fields.returnTo, 'invalid');
    const unknown = await ctx.inject({ method: 'GET', url: `/api/v1/auth/providers/nope/start?challenge=${browserHandoff.challenge}` });
    assert.equal(unknown.statusCode, 404);

    const forged = await ctx.inject({ method: 'GET', url: '/api/v1/auth/providers/urzad/callback?code=abc&state=made-up' });
    assert.equal(forged.statusCode, 302);
    const forgedAt = new URL(forged.headers.location as string);
    assert.equal(forgedAt.href.startsWith(ctx.config.appUrl), true);
    assert.equal(forgedAt.searchParams.get('reason'), 'invalid_state');

    // the same provider answer twice: the second finds its state spent
    const start = await ctx.inject({ method: 'GET', url: `/api/v1/auth/providers/urzad/start?challenge=${browserHandoff.challenge}` });
    const back = await staffOp.signIn(start.headers.location as string, {
      sub: 'replay',
      email: 'replay@siemianowice.gov.pl',
      email_verified: true,
      groups: ['CivicKit-Staff'],
      department: 'Oświetlenie',
    });
    const once = new URL((await ctx.inject({ method: 'GET', url: back.pathname + back.search })).headers.location as string);
    assert.equal(once.searchParams.get('civic_action'), 'signin');
    const twice = new URL((await ctx.inject({ method: 'GET', url: back.pathname + back.search })).headers.location as string);
    assert.equal(twice.searchParams.get('civic_action'), 'signin_error');
    assert.equal(twice.searchParams.get('reason'), 'invalid_state');

    // a state from one provider cannot finish at another
    const crossStart = await ctx.inject({ method: 'GET', url: `/api/v1/auth/providers/urzad/start?challenge=${browserHandoff.challenge}` });
    const crossBack = await staffOp.signIn(crossStart.headers.location as string, {
      sub: 'cross',
      email: 'x@siemianowice.gov.pl',
      groups: ['CivicKit-Staff'],
      department: 'Oświetlenie',
    });
    const cross = new URL((await ctx.inject({ method: 'GET', url: `/api/v1/auth/providers/bank-id/callback${crossBack.search}` })).headers.location as string);
    assert.equal(cross.searchParams.get('reason'), 'invalid_state');
  });

  it('refuses an unknown or malformed exchange code in the contract’s shape', async () => {
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/providers/exchange', payload: { code: 'x'.repeat(43) } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json.code, 'invalid_token');
    const bad = await ctx.inject({ method: 'POST', url: '/api/v1/auth/providers/exchange', payload: {} });
    assert.equal(bad.json.code, 'validation_failed');
  });
});
