import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Jwt from '@hapi/jwt';
import { Types } from 'mongoose';
import { GOOD_PASSWORD, resident, signedInResident, startTestServer, type TestContext } from '../support/app.js';
import { browserHandoff, newHandoff, startQuery } from '../support/handoff.js';
import { TestOidcProvider, type DirectoryUser } from '../support/oidc-op.js';
import { linkToken } from '../support/smtp.js';
import { keyedHash } from '../../server/src/lib/tokens.js';

/**
 * Issue 19: where an external identity meets an account (API.md §3b "Linking", "Recent authentication",
 * "Roles and sessions", "Hand-off binding"). Each test is named after the finding it closes; each failed
 * against the code before the fix.
 */
const siemianowice = JSON.parse(readFileSync('examples/profiles/siemianowice.json', 'utf8'));
const CLIENT = { clientId: 'civickit', clientSecret: 'directory-secret-0123456789' };
const PORTAL = 'http://portal.test/zgloszenia';
const label = (name: string) => ({ pl: name, en: name, de: name });

/** A valid PESEL (checksum) for a test round and index: born 1980-01-(round+1), serial by index. */
function peselFor(round: number, index: number): string {
  const digits = `8001${String(round + 10).padStart(2, '0')}${String(1000 + index).padStart(4, '0')}`.split('').map(Number);
  const sum = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3].reduce((acc, w, i) => acc + w * digits[i]!, 0);
  return `${digits.join('')}${(10 - (sum % 10)) % 10}`;
}

describe('Identity you can trust (issue 19)', () => {
  let staffOp: TestOidcProvider;
  let residentOp: TestOidcProvider;
  let ctx: TestContext;

  before(async () => {
    staffOp = await new TestOidcProvider({ ...CLIENT, redirectUri: 'http://api.test/api/v1/auth/providers/urzad/callback' }).start();
    residentOp = await new TestOidcProvider({ ...CLIENT, redirectUri: 'http://api.test/api/v1/auth/providers/bank-id/callback' }).start();
    ctx = await startTestServer({
      profile: {
        ...siemianowice,
        registration: { ...siemianowice.registration, fields: { district: 'hidden', pesel: 'optional' } },
        staffSignIn: { requireSso: true },
        identityProviders: [
          {
            id: 'urzad',
            type: 'oidc',
            purpose: 'staff',
            label: label('Urząd'),
            issuer: staffOp.issuer,
            clientId: CLIENT.clientId,
            roleClaim: 'groups',
            roleMap: { 'CivicKit-Staff': 'staff', 'CivicKit-Admins': 'admin' },
            departmentClaim: 'department',
            departmentMap: { 'Wydział Dróg': 'roads' },
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
      env: {
        OIDC_URZAD_CLIENT_SECRET: CLIENT.clientSecret,
        OIDC_BANK_ID_CLIENT_SECRET: CLIENT.clientSecret,
        // every request comes from one address here: the per-client limits would decide the races
        CIVICKIT_LIMITS: JSON.stringify({ strangerEmailsPerNetworkPerDay: 10_000, peselChecksPerClientPerHour: 10_000 }),
      },
    });
  });
  after(async () => {
    await ctx?.stop();
    await staffOp?.stop();
    await residentOp?.stop();
  });

  /** The browser's round trip; returns where it lands (civic_action=signin&code=… or signin_error). */
  async function land(provider: 'urzad' | 'bank-id', user: DirectoryUser, handoff = browserHandoff): Promise<URL> {
    const op = provider === 'urzad' ? staffOp : residentOp;
    const start = await ctx.inject({ method: 'GET', url: `/api/v1/auth/providers/${provider}/start?${startQuery(PORTAL, handoff)}` });
    assert.equal(start.statusCode, 302, start.payload);
    const back = await op.signIn(start.headers.location as string, user);
    const done = await ctx.inject({ method: 'GET', url: back.pathname + back.search });
    return new URL(done.headers.location as string);
  }

  async function signIn(provider: 'urzad' | 'bank-id', user: DirectoryUser) {
    const landed = await land(provider, user);
    assert.equal(landed.searchParams.get('civic_action'), 'signin', landed.href);
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/providers/exchange',
      payload: { code: landed.searchParams.get('code'), verifier: browserHandoff.verifier },
    });
    assert.equal(res.statusCode, 200, res.payload);
    return res.json as { accessToken: string; refreshToken: string; user: { id: string; role: string; email: string; hasPassword: boolean } };
  }

  const staffUser = (n: string, extra: Partial<DirectoryUser> = {}): DirectoryUser => ({
    sub: `staff-${n}`,
    email: `${n}@siemianowice.gov.pl`,
    email_verified: true,
    groups: ['CivicKit-Staff'],
    department: 'Wydział Dróg',
    ...extra,
  });

  /** The linked identity's key as the identity plugin stores it (linking.ts). */
  const subjectKey = (provider: string, subject: string) => keyedHash(ctx.config.dataKey, 'identity', `${provider}\n${subject}`);

  /** An access token whose sign-in was `ageMs` ago (as the server would have issued it then). */
  function agedToken(token: string, ageMs: number): string {
    const payload = Jwt.token.decode(token).decoded.payload as Record<string, unknown>;
    const auth = Math.floor((Date.now() - ageMs) / 1000);
    return Jwt.token.generate({ ...payload, auth_time: auth }, { key: ctx.config.jwtSecret, algorithm: 'HS256' }, { ttlSec: 900 });
  }

  it('finding 2: a pending registration on a staff address never receives the directory sign-in; it is cancelled and the mailbox told', async () => {
    const email = 'anna.pending@siemianowice.gov.pl';
    const attacker = resident({ email });
    assert.equal((await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: attacker })).statusCode, 201);
    const pendingId = String((await ctx.app.accounts.models.User.findOne({ email }).lean())!._id);
    const staff = await signIn('urzad', staffUser('anna.pending', { email }));
    assert.notEqual(staff.user.id, pendingId, 'a fresh account');
    assert.equal(staff.user.role, 'staff');
    assert.equal(staff.user.hasPassword, false);
    assert.equal(await ctx.app.accounts.models.User.exists({ _id: pendingId }), null, 'the pending registration is gone');
    const told = await ctx.smtp.waitFor(email, (m) => /anulowan|cancelled/i.test(m.subject));
    assert.ok(told);
    // the attacker's password signs nobody in
    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: GOOD_PASSWORD } });
    assert.equal(login.statusCode, 401);
  });

  it('finding 8: a directory that omits email_verified does not vouch for the address', async () => {
    const holder = await signedInResident(ctx);
    const landed = await land('urzad', staffUser('omits', { email: holder.email, email_verified: undefined }));
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/providers/exchange',
      payload: { code: landed.searchParams.get('code'), verifier: browserHandoff.verifier },
    });
    assert.equal(res.statusCode, 200, res.payload);
    assert.notEqual(res.json.user.id, holder.user.id, 'not linked to the resident who holds the address');
    assert.equal(res.json.user.email, '', 'and not given the address');
  });

  it('finding 3: a directory sign-in that no longer maps to staff demotes the account and ends its sessions at once', async () => {
    const staff = await signIn('urzad', staffUser('leaver'));
    assert.equal(staff.user.role, 'staff');
    const queue = await ctx.inject({ method: 'GET', url: '/api/v1/staff/reports', token: staff.accessToken });
    assert.equal(queue.statusCode, 200);
    const gone = await land('urzad', staffUser('leaver', { groups: ['Everyone'] }));
    assert.equal(gone.searchParams.get('reason'), 'not_allowed');
    const user = await ctx.app.accounts.models.User.findById(staff.user.id).lean();
    assert.equal(user!.role, 'resident');
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/staff/reports', token: staff.accessToken })).statusCode, 401, 'the access token is refused');
    const refresh = await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: staff.refreshToken } });
    assert.equal(refresh.statusCode, 401, 'the refresh token is refused');
    assert.equal(refresh.json.reason, 'role_changed');
  });

  it('finding 3: an admin’s role change ends every session of the account (refresh refused at once)', async () => {
    const target = await signedInResident(ctx);
    // admins sign in through the directory here (requireSso): a role change made by the API as an admin
    const admin = await signIn('urzad', staffUser('boss', { groups: ['CivicKit-Admins'] }));
    const patch = await ctx.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${target.user.id}`,
      token: admin.accessToken,
      payload: { role: 'staff', department: 'roads', reason: 'new hire' },
    });
    assert.equal(patch.statusCode, 200, patch.payload);
    const refresh = await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: target.refreshToken } });
    assert.equal(refresh.statusCode, 401);
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me', token: target.accessToken })).statusCode, 401);
  });

  it('finding 4: requireSso holds whatever the route: a staff account cannot come in through the residents’ provider', async () => {
    const staff = await signIn('urzad', staffUser('sso', { sub: 'sso-sub' }));
    // a bank identity linked to the staff account (by whatever way): a staff account reached by a residents' provider is refused
    await ctx.app.conn.collection('linked_identities').insertOne({
      userId: new Types.ObjectId(staff.user.id),
      provider: 'bank-id',
      subjectKey: subjectKey('bank-id', 'bank-of-staff'),
      verifiedAt: new Date(),
      lastUsedAt: new Date(),
    });
    const landed = await land('bank-id', { sub: 'bank-of-staff' });
    assert.equal(landed.searchParams.get('civic_action'), 'signin_error');
    assert.equal(landed.searchParams.get('reason'), 'sso_required');
    assert.equal(landed.searchParams.get('code'), null);
  });

  it('50 in flight: one code makes one session, one identity’s first sign-ins make one account', async () => {
    const landed = await land('bank-id', { sub: 'fifty', pesel: '87022243734' });
    const code = landed.searchParams.get('code');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        ctx.inject({ method: 'POST', url: '/api/v1/auth/providers/exchange', payload: { code, verifier: browserHandoff.verifier } }),
      ),
    );
    assert.equal(answers.filter((r) => r.statusCode === 200).length, 1);
    assert.ok(answers.every((r) => r.statusCode === 200 || r.json.code === 'invalid_token'));
    // 50 first sign-ins of one new identity at once (the browser round trips first, then the 50 returns together)
    const returns = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const start = await ctx.inject({ method: 'GET', url: `/api/v1/auth/providers/bank-id/start?${startQuery(PORTAL)}` });
        return residentOp.signIn(start.headers.location as string, { sub: 'fifty-new', pesel: '44051401359' });
      }),
    );
    const finished = await Promise.all(returns.map((back) => ctx.inject({ method: 'GET', url: back.pathname + back.search })));
    const codes = finished.map((r) => new URL(r.headers.location as string).searchParams.get('code')).filter(Boolean);
    const users = new Set(
      (
        await Promise.all(
          codes.map((c) => ctx.inject({ method: 'POST', url: '/api/v1/auth/providers/exchange', payload: { code: c, verifier: browserHandoff.verifier } })),
        )
      )
        .filter((r) => r.statusCode === 200)
        .map((r) => r.json.user.id),
    );
    assert.equal(users.size, 1, `${users.size} accounts for one identity`);
  });

  it('finding 6: a sign-in code planted in another browser is refused, and a wrong verifier burns it', async () => {
    const attacker = newHandoff();
    const landed = await land('bank-id', { sub: 'attacker-1', pesel: '44051401359' }, attacker);
    const code = landed.searchParams.get('code')!;
    // the victim's page holds its own verifier, not the attacker's
    const planted = await ctx.inject({ method: 'POST', url: '/api/v1/auth/providers/exchange', payload: { code, verifier: browserHandoff.verifier } });
    assert.equal(planted.statusCode, 400);
    assert.equal(planted.json.code, 'invalid_token');
    // burnt: not even the attacker's verifier works now
    const after = await ctx.inject({ method: 'POST', url: '/api/v1/auth/providers/exchange', payload: { code, verifier: attacker.verifier } });
    assert.equal(after.json.code, 'invalid_token');
    // a start without a challenge is refused
    const bare = await ctx.inject({ method: 'GET', url: `/api/v1/auth/providers/bank-id/start?returnTo=${encodeURIComponent(PORTAL)}` });
    assert.equal(bare.statusCode, 400);
    assert.equal(bare.json.code, 'validation_failed');
    // and without a verifier the code is burnt too
    const again = await land('bank-id', { sub: 'attacker-1' }, attacker);
    const noVerifier = await ctx.inject({ method: 'POST', url: '/api/v1/auth/providers/exchange', payload: { code: again.searchParams.get('code') } });
    assert.equal(noVerifier.json.code, 'invalid_token');
  });

  it('finding 5: adding a passkey, changing the email or phone and deleting need a recent authentication; POST /auth/reauthenticate renews it', async () => {
    const someone = await signedInResident(ctx);
    const old = agedToken(someone.accessToken, 11 * 60_000);
    for (const [method, url, payload] of [
      ['POST', '/api/v1/me/passkeys/options', undefined],
      ['POST', '/api/v1/me/email', { email: 'new.address@example.org' }],
      ['PATCH', '/api/v1/me', { phone: '+48600999888' }],
      ['POST', '/api/v1/me/password', { currentPassword: GOOD_PASSWORD, password: 'inneHaslo-Bateria-42', passwordConfirm: 'inneHaslo-Bateria-42' }],
      ['DELETE', '/api/v1/me', { password: GOOD_PASSWORD }],
    ] as const) {
      const res = await ctx.inject({ method, url, token: old, payload });
      assert.equal(res.statusCode, 401, `${method} ${url}: ${res.payload}`);
      assert.equal(res.json.code, 'reauthentication_required', `${method} ${url}`);
    }
    // other corrections need no fresh proof
    assert.equal((await ctx.inject({ method: 'PATCH', url: '/api/v1/me', token: old, payload: { firstName: 'Janek' } })).statusCode, 200);
    // a wrong password does not re-authenticate
    const wrong = await ctx.inject({ method: 'POST', url: '/api/v1/auth/reauthenticate', token: old, payload: { password: 'not-my-password-at-all' } });
    assert.equal(wrong.statusCode, 400);
    const fresh = await ctx.inject({ method: 'POST', url: '/api/v1/auth/reauthenticate', token: old, payload: { password: GOOD_PASSWORD } });
    assert.equal(fresh.statusCode, 200, fresh.payload);
    const phone = await ctx.inject({ method: 'PATCH', url: '/api/v1/me', token: fresh.json.accessToken, payload: { phone: '+48600999888' } });
    assert.equal(phone.statusCode, 200, phone.payload);
    const told = await ctx.smtp.waitFor(someone.email, (m) => /telefon/i.test(m.subject));
    assert.ok(told, 'the phone change is announced');
  });

  it('finding 5: an account with no password (login.gov.pl only) cannot change its email on a stolen, old token', async () => {
    const verified = await signIn('bank-id', { sub: 'no-password', pesel: '90090515836' });
    assert.equal(verified.user.hasPassword, false);
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/v1/me/email',
      token: agedToken(verified.accessToken, 11 * 60_000),
      payload: { email: 'thief@example.org' },
    });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json.code, 'reauthentication_required');
    // a fresh provider sign-in re-authenticates it (purpose reauthenticate) and keeps the session
    const landed = await land('bank-id', { sub: 'no-password', pesel: '90090515836' });
    const re = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/providers/exchange',
      token: agedToken(verified.accessToken, 11 * 60_000),
      payload: { code: landed.searchParams.get('code'), verifier: browserHandoff.verifier, purpose: 'reauthenticate' },
    });
    assert.equal(re.statusCode, 200, re.payload);
    const ok = await ctx.inject({ method: 'POST', url: '/api/v1/me/email', token: re.json.accessToken, payload: { email: `owner.${Date.now()}@example.org` } });
    assert.equal(ok.statusCode, 202, ok.payload);
  });

  it('finding 5: a password reset names the other sign-in methods and removes them in one step', async () => {
    const owner = await signedInResident(ctx);
    // an intruder linked a bank identity to the account
    await ctx.app.conn.collection('linked_identities').insertOne({
      userId: new Types.ObjectId(owner.user.id),
      provider: 'bank-id',
      subjectKey: subjectKey('bank-id', 'intruder'),
      verifiedAt: new Date(),
      lastUsedAt: new Date(),
    });
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: owner.email } });
    const reset = await ctx.smtp.waitFor(owner.email, (m) => m.text.includes('civic_action=reset'));
    const confirm = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: linkToken(reset, 'reset'), password: 'nowe-Haslo-Bateria-77', passwordConfirm: 'nowe-Haslo-Bateria-77' },
    });
    assert.equal(confirm.statusCode, 200, confirm.payload);
    const done = await ctx.smtp.waitFor(owner.email, (m) => m.text.includes('civic_action=remove_methods'));
    assert.match(done.text, /Bank/);
    const removed = await ctx.inject({ method: 'POST', url: '/api/v1/auth/remove-sign-in-methods', payload: { token: linkToken(done, 'remove_methods') } });
    assert.equal(removed.statusCode, 200, removed.payload);
    assert.equal(removed.json.removed, 1);
    const landed = await land('bank-id', { sub: 'intruder' });
    const code = landed.searchParams.get('code');
    const intruder = await ctx.inject({ method: 'POST', url: '/api/v1/auth/providers/exchange', payload: { code, verifier: browserHandoff.verifier } });
    assert.notEqual(intruder.json?.user?.id, owner.user.id, 'the intruder’s identity no longer reaches the account');
    const replay = await ctx.inject({ method: 'POST', url: '/api/v1/auth/remove-sign-in-methods', payload: { token: linkToken(done, 'remove_methods') } });
    assert.equal(replay.json.code, 'invalid_token');
  });

  it('finding 7: one PESEL, one account, under concurrent corrections (3 rounds of 8 accounts, two corrections each at once)', async () => {
    const accounts = await Promise.all(Array.from({ length: 8 }, () => signedInResident(ctx)));
    const { User, PeselRegistry } = ctx.app.accounts.models;
    for (let round = 0; round < 3; round++) {
      // every account corrects its PESEL to two numbers at once, and the first number is also everybody's
      const shared = peselFor(round, 99);
      await Promise.all(
        accounts.flatMap((a, i) =>
          [shared, peselFor(round, i)].map((pesel) =>
            ctx.inject({ method: 'PUT', url: '/api/v1/me/pesel', token: a.accessToken, payload: { pesel, password: GOOD_PASSWORD } }),
          ),
        ),
      );
      const holders = await User.find({ _id: { $in: accounts.map((a) => a.user.id) }, peselHash: { $exists: true } }).lean();
      const hashes = holders.map((u) => u.peselHash);
      assert.equal(new Set(hashes).size, hashes.length, `round ${round}: two accounts hold one PESEL`);
      // and the registry agrees with every account: what an account shows is what it holds
      for (const u of holders) assert.equal(String((await PeselRegistry.findById(u.peselHash).lean())?.userId), String(u._id), `round ${round}`);
    }
    // a PESEL an account shows cannot be taken by another
    const shown = (await User.findById(accounts[0]!.user.id).lean())!;
    const thief = await signedInResident(ctx);
    const taken = await ctx.inject({
      method: 'PUT',
      url: '/api/v1/me/pesel',
      token: thief.accessToken,
      payload: { pesel: ctx.app.accounts.pesel.reveal(shown as never), password: GOOD_PASSWORD },
    });
    assert.equal(taken.statusCode, 400);
    assert.equal(taken.json.fields.pesel, 'taken');
  });
});
