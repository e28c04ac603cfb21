import assert from 'node:assert/strict';
import Jwt from '@hapi/jwt';
import { GOOD_PASSWORD, ageLimits, resident, signedInResident, startTestServer, type TestContext } from '../support/app.js';

describe('accounts: sign-in, sessions and the resident’s own data', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('answers a wrong password and an unknown email identically', async () => {
    const s = await signedInResident(ctx);
    const wrong = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: 'Zle-Haslo-123456' } });
    const unknown = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.org', password: 'Zle-Haslo-123456' } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(wrong.json, unknown.json);
    assert.equal(wrong.json.code, 'invalid_credentials');
  });

  it('issues 15-minute HS256 tokens bound to issuer and audience', async () => {
    const s = await signedInResident(ctx);
    const decoded = Jwt.token.decode(s.accessToken);
    assert.equal(decoded.decoded.header.alg, 'HS256');
    const p = decoded.decoded.payload as { exp: number; iat: number; iss: string; aud: string };
    assert.equal(p.exp - p.iat, 900);
    assert.equal(p.iss, 'http://api.test');
    assert.equal(p.aud, 'civickit');
    // a token signed with another key, or with alg none, is refused
    const forged = Jwt.token.generate({ ...p, sub: s.user.id }, { key: 'another-secret-another-secret-another-secret', algorithm: 'HS256' });
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me', token: forged })).statusCode, 401);
    const [h, body] = s.accessToken.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${body}.`;
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me', token: none })).statusCode, 401);
    assert.ok(h);
    const missing = await ctx.inject({ method: 'GET', url: '/api/v1/me' });
    assert.equal(missing.statusCode, 401);
    assert.equal(missing.json.code, 'unauthorized');
  });

  it('rotates refresh tokens and revokes the whole family when an old one is reused', async () => {
    const s = await signedInResident(ctx);
    const r1 = await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: s.refreshToken } });
    assert.equal(r1.statusCode, 200);
    assert.notEqual(r1.json.refreshToken, s.refreshToken);
    assert.equal(r1.json.expiresIn, 900);
    const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', token: r1.json.accessToken });
    assert.equal(me.statusCode, 200);

    const reuse = await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: s.refreshToken } });
    assert.equal(reuse.statusCode, 401);
    assert.equal(reuse.json.code, 'invalid_token');
    const stolenChild = await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: r1.json.refreshToken } });
    assert.equal(stolenChild.statusCode, 401, 'the family is revoked');
    const access = await ctx.inject({ method: 'GET', url: '/api/v1/me', token: r1.json.accessToken });
    assert.equal(access.statusCode, 401, 'and its access tokens die too');
  });

  it('logout ends that session only', async () => {
    const s = await signedInResident(ctx);
    const other = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: s.password } });
    const out = await ctx.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: { refreshToken: s.refreshToken } });
    assert.equal(out.statusCode, 204);
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me', token: s.accessToken })).statusCode, 401);
    assert.equal((await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: s.refreshToken } })).statusCode, 401);
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me', token: other.json.accessToken })).statusCode, 200);
    const unknown = await ctx.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: { refreshToken: 'x'.repeat(43) } });
    assert.equal(unknown.statusCode, 204);
  });

  it('throttles sign-in per account with growing delays and Retry-After, without telling accounts apart', async () => {
    const s = await signedInResident(ctx);
    const attempt = (email: string, password: string, ip = '203.0.113.7') =>
      ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
    for (let i = 0; i < 5; i++) assert.equal((await attempt(s.email, `Zle-Haslo-${i}-abcdef`)).statusCode, 401);
    const limited = await attempt(s.email, s.password);
    assert.equal(limited.statusCode, 429, 'even the right password waits during the delay');
    assert.equal(limited.json.code, 'too_many_attempts');
    assert.ok(limited.json.retryAfter >= 1);
    assert.equal(limited.headers['retry-after'], String(limited.json.retryAfter));
    for (let i = 0; i < 5; i++) await attempt('ghost@example.org', `Zle-Haslo-${i}-abcdef`);
    const ghost = await attempt('ghost@example.org', 'whatever-password');
    assert.equal(ghost.statusCode, 429, 'unknown accounts are throttled the same way');

    // the legitimate owner resets the password and is let in at once
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: s.email } });
    const mail = await ctx.smtp.waitFor(s.email, (m) => m.text.includes('civic_action=reset'));
    const token = /civic_action=reset&token=([\w-]+)/.exec(mail.text)![1];
    await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'Nowe-Haslo-Zielone-9', passwordConfirm: 'Nowe-Haslo-Zielone-9' },
    });
    const back = await attempt(s.email, 'Nowe-Haslo-Zielone-9', '198.51.100.9');
    assert.equal(back.statusCode, 200);
  });

  it('caps failures at 100 an hour per account', async () => {
    const email = 'victim@example.org';
    const limiter = ctx.app.accounts.limits.loginAccount;
    // 100 failures within this clock hour, each long enough after the one before that no back-off applies
    for (let i = 0; i < 100; i++) {
      assert.equal((await limiter.take(email)).ok, true);
      await ageLimits(ctx, 'login-account', 20 * 60_000);
    }
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'whatever-password-1' },
      remoteAddress: '198.51.100.77',
    });
    assert.equal(res.statusCode, 429);
    const untilHourEnds = Math.ceil((3_600_000 - (Date.now() % 3_600_000)) / 1000);
    assert.ok(Math.abs(res.json.retryAfter - untilHourEnds) <= 2, `blocked until the hour ends (${res.json.retryAfter} s, expected ${untilHourEnds})`);
  });

  it('GET/PATCH /me reads and corrects the account data', async () => {
    const s = await signedInResident(ctx);
    const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', token: s.accessToken });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json.id, s.user.id);
    for (const secret of ['passwordHash', 'tokenVersion', 'peselHash', '_id', '__v']) assert.ok(!(secret in me.json), secret);
    assert.equal(me.headers['cache-control'], 'no-store');

    const patch = await ctx.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      token: s.accessToken,
      payload: { firstName: 'Janina', phone: '+48 601 200 300', locale: 'de', district: 'polnoc' },
    });
    assert.equal(patch.statusCode, 200);
    assert.equal(patch.json.firstName, 'Janina');
    assert.equal(patch.json.phone, '+48601200300');
    assert.equal(patch.json.locale, 'de');
    assert.equal(patch.json.district, 'polnoc');

    const bad = await ctx.inject({ method: 'PATCH', url: '/api/v1/me', token: s.accessToken, payload: { phone: 'abc', district: 'atlantis', email: 'x@y.z' } });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json.fields, { phone: 'invalid', district: 'invalid', email: 'invalid' });
    const empty = await ctx.inject({ method: 'PATCH', url: '/api/v1/me', token: s.accessToken, payload: {} });
    assert.equal(empty.statusCode, 400);
    const crlf = await ctx.inject({ method: 'PATCH', url: '/api/v1/me', token: s.accessToken, payload: { lastName: 'Evil\r\nBcc: x@y.z' } });
    assert.equal(crlf.statusCode, 400);
    const after = await ctx.inject({ method: 'GET', url: '/api/v1/me', token: s.accessToken });
    assert.equal(after.json.phone, '+48601200300', 'a failed update changes nothing');
  });

  it('changing the password needs the current one, signs out every session and notifies', async () => {
    const s = await signedInResident(ctx);
    const wrong = await ctx.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      token: s.accessToken,
      payload: { currentPassword: 'nope-nope-nope', password: 'Nowe-Haslo-Zielone-9', passwordConfirm: 'Nowe-Haslo-Zielone-9' },
    });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json.fields.currentPassword, 'invalid');
    const ok = await ctx.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      token: s.accessToken,
      payload: { currentPassword: s.password, password: 'Nowe-Haslo-Zielone-9', passwordConfirm: 'Nowe-Haslo-Zielone-9' },
    });
    assert.equal(ok.statusCode, 204);
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me', token: s.accessToken })).statusCode, 401);
    assert.equal((await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: s.refreshToken } })).statusCode, 401);
    await ctx.smtp.waitFor(s.email, (m) => /hasło zostało zmienione/.test(m.subject));
    assert.equal(
      (await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: 'Nowe-Haslo-Zielone-9' } })).statusCode,
      200,
    );
  });

  it('exports everything held and deletes the account with its password', async () => {
    const s = await signedInResident(ctx);
    const exp = await ctx.inject({ method: 'GET', url: '/api/v1/me/export', token: s.accessToken });
    assert.equal(exp.statusCode, 200);
    assert.equal(exp.json.account.email, s.email);
    assert.match(String(exp.headers['content-disposition']), /attachment/);
    assert.ok(!exp.payload.includes('passwordHash'));

    const wrong = await ctx.inject({ method: 'DELETE', url: '/api/v1/me', token: s.accessToken, payload: { password: 'nope-nope-nope' } });
    assert.equal(wrong.statusCode, 400);
    const del = await ctx.inject({ method: 'DELETE', url: '/api/v1/me', token: s.accessToken, payload: { password: s.password } });
    assert.equal(del.statusCode, 204);
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me', token: s.accessToken })).statusCode, 401);
    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: s.password } });
    assert.equal(login.statusCode, 401);
    assert.equal(await ctx.app.accounts.models.User.countDocuments({ email: s.email }), 0);
    // the address is free again
    const reg = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: resident({ email: s.email }) });
    assert.equal(reg.statusCode, 201);
  });

  it('a blocked account is refused at sign-in with its own code, and its tokens stop working', async () => {
    const s = await signedInResident(ctx);
    await ctx.app.accounts.models.User.updateOne({ email: s.email }, { $set: { blockedAt: new Date() } });
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me', token: s.accessToken })).statusCode, 401);
    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: GOOD_PASSWORD } });
    assert.equal(login.statusCode, 403);
    assert.equal(login.json.code, 'account_blocked');
  });
});
