import assert from 'node:assert/strict';
import { GOOD_PASSWORD, ageLimits, resident, signedInResident, startTestServer, type TestContext } from '../support/app.js';
import { linkToken } from '../support/smtp.js';

describe('accounts: registration and activation', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('registers with the seed’s fields, emails a working activation link, and activates', async () => {
    const body = resident({ email: '  Maria.Nowak@Example.ORG ', phone: '600 100 200', locale: 'en' });
    const reg = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
    assert.equal(reg.statusCode, 201);
    assert.deepEqual(reg.json, { status: 'pending_activation' });

    const mail = await ctx.smtp.waitFor('maria.nowak@example.org');
    assert.match(mail.subject, /activate your account/);
    assert.match(mail.text, /^http:\/\/portal\.test\/zgloszenia\?civic_action=activate&token=[A-Za-z0-9_-]{43}&lang=en$/m);
    assert.match(mail.html, /<html lang="en">/);

    const early = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'maria.nowak@example.org', password: GOOD_PASSWORD } });
    assert.equal(early.statusCode, 403);
    assert.equal(early.json.code, 'account_not_active');

    const token = linkToken(mail, 'activate');
    const act = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token } });
    assert.equal(act.statusCode, 200);
    assert.deepEqual(act.json, { status: 'active' });

    const again = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token } });
    assert.equal(again.statusCode, 400);
    assert.equal(again.json.code, 'invalid_token');

    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'MARIA.NOWAK@example.org ', password: GOOD_PASSWORD } });
    assert.equal(login.statusCode, 200);
    assert.equal(login.json.user.email, 'maria.nowak@example.org');
    assert.equal(login.json.user.phone, '+48600100200', 'phone stored as E.164');
    assert.equal(login.json.user.locale, 'en');
    assert.equal(login.json.expiresIn, 900);
  });

  it('answers a taken address exactly like a new one and emails the owner instead', async () => {
    const s = await signedInResident(ctx);
    const before = ctx.smtp.to(s.email).length;
    const reg = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: resident({ email: s.email, firstName: 'Intruder' }) });
    assert.equal(reg.statusCode, 201);
    assert.deepEqual(reg.json, { status: 'pending_activation' });
    const notice = await ctx.smtp.waitFor(s.email, (m) => /próba rejestracji/.test(m.subject));
    assert.doesNotMatch(notice.text, /civic_action/, 'the notice carries no token');
    assert.equal(ctx.smtp.to(s.email).length, before + 1);
    // the account is untouched: the original password still works
    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: s.password } });
    assert.equal(login.statusCode, 200);
    assert.equal(login.json.user.firstName, 'Jan');
  });

  it('refuses bad input with every field code and creates nothing', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'not-an-email', password: 'short', passwordConfirm: 'other', firstName: '', lastName: 'X', phone: '123', acceptTerms: false },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json.code, 'validation_failed');
    assert.deepEqual(res.json.fields, {
      email: 'invalid',
      password: 'too_short',
      passwordConfirm: 'mismatch',
      firstName: 'required',
      phone: 'invalid',
      acceptTerms: 'must_accept',
    });
    assert.equal(await ctx.app.accounts.models.User.countDocuments({ email: 'not-an-email' }), 0);

    const missing = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: {} });
    assert.equal(missing.json.fields.email, 'required');
    assert.equal(missing.json.fields.acceptTerms, 'must_accept');
  });

  it('refuses common, guessable and over-long passwords', async () => {
    for (const [password, code] of [
      ['password1234', 'breached'],
      ['zaq12wsxcde3', 'breached'],
      ['Kowalski2024!', 'breached'], // built from the resident's own name
      ['x'.repeat(129), 'too_long'],
    ]) {
      const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: resident({ password, passwordConfirm: password }) });
      assert.equal(res.statusCode, 400, password);
      assert.equal(res.json.fields.password, code, password);
    }
  });

  it('refuses unknown keys and operator objects instead of passing them to the database', async () => {
    const extra = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: resident({ role: 'admin' }) });
    assert.equal(extra.statusCode, 400);
    assert.equal(extra.json.fields.role, 'invalid');
    const operator = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: { $ne: null }, password: { $ne: null } } });
    assert.equal(operator.statusCode, 400);
    assert.equal(operator.json.code, 'validation_failed');
    const proto = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":"a@b.c","password":"x","__proto__":{"admin":true}}',
    });
    assert.equal(proto.statusCode, 400);
  });

  it('answers 415 and 413 in the contract shape', async () => {
    const form = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    assert.equal(form.statusCode, 415);
    assert.equal(form.json.code, 'unsupported_media_type');
    const big = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.c', password: 'x'.repeat(200_000) } });
    assert.equal(big.statusCode, 413);
    assert.equal(big.json.code, 'payload_too_large');
  });

  it('rejects an unknown, malformed or expired activation token', async () => {
    const unknown = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: 'A'.repeat(43) } });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json.code, 'invalid_token');
    const malformed = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: 'a b' } });
    assert.equal(malformed.statusCode, 400);

    const body = resident();
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
    const token = linkToken(await ctx.smtp.waitFor(body.email), 'activate');
    await ctx.app.accounts.models.AccountToken.updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token } });
    assert.equal(expired.statusCode, 400);
    assert.equal(expired.json.code, 'invalid_token');
  });

  it('resends activation only for pending accounts, always 202, at most once a minute', async () => {
    const body = resident();
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
    await ctx.smtp.waitFor(body.email);
    await ageLimits(ctx, 'mail-activation', 120_000);
    const first = await ctx.inject({ method: 'POST', url: '/api/v1/auth/resend-activation', payload: { email: body.email } });
    assert.equal(first.statusCode, 202);
    await ctx.smtp.waitFor(body.email, () => ctx.smtp.to(body.email).length === 2);
    const second = await ctx.inject({ method: 'POST', url: '/api/v1/auth/resend-activation', payload: { email: body.email } });
    assert.equal(second.statusCode, 202);
    const unknown = await ctx.inject({ method: 'POST', url: '/api/v1/auth/resend-activation', payload: { email: 'nobody@example.org' } });
    assert.equal(unknown.statusCode, 202);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(ctx.smtp.to(body.email).length, 2, 'cooldown: no third email');
    assert.equal(ctx.smtp.to('nobody@example.org').length, 0);
    // the newest link works
    const newest = ctx.smtp.to(body.email).at(-1)!;
    const act = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: linkToken(newest, 'activate') } });
    assert.equal(act.statusCode, 200);
  });
});

describe('accounts: password reset', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('emails a reset link; the new password works, the old one and every session stop working', async () => {
    const s = await signedInResident(ctx);
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: s.email } });
    assert.equal(res.statusCode, 202);
    const mail = await ctx.smtp.waitFor(s.email, (m) => m.text.includes('civic_action=reset'));
    assert.match(mail.subject, /resetowanie hasła/);
    const token = linkToken(mail, 'reset');

    const weak = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'haslo1234567', passwordConfirm: 'haslo1234567' },
    });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json.fields.password, 'breached');
    const mismatch = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'Nowe-Haslo-Zielone-9', passwordConfirm: 'Nowe-Haslo-Zielone-8' },
    });
    assert.equal(mismatch.json.fields.passwordConfirm, 'mismatch');

    const ok = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'Nowe-Haslo-Zielone-9', passwordConfirm: 'Nowe-Haslo-Zielone-9' },
    });
    assert.equal(ok.statusCode, 200, 'a weak attempt does not burn the link');
    const reuse = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'Inne-Haslo-Zielone-10', passwordConfirm: 'Inne-Haslo-Zielone-10' },
    });
    assert.equal(reuse.statusCode, 400);
    assert.equal(reuse.json.code, 'invalid_token');

    const oldLogin = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: s.password } });
    assert.equal(oldLogin.statusCode, 401);
    const newLogin = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: 'Nowe-Haslo-Zielone-9' } });
    assert.equal(newLogin.statusCode, 200);
    const refresh = await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: s.refreshToken } });
    assert.equal(refresh.statusCode, 401, 'refresh tokens revoked');
    const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', token: s.accessToken });
    assert.equal(me.statusCode, 401, 'access tokens revoked at once');
  });

  it('answers 202 for unknown addresses and sends nothing', async () => {
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: 'ghost@example.org' } });
    assert.equal(res.statusCode, 202);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(ctx.smtp.to('ghost@example.org').length, 0);
  });

  it('for a pending account the email carries activation too, and a completed reset activates it', async () => {
    const body = resident();
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
    await ctx.smtp.waitFor(body.email);
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: body.email } });
    const mail = await ctx.smtp.waitFor(body.email, (m) => m.text.includes('civic_action=reset'));
    assert.match(mail.text, /civic_action=activate&token=/, 'the activation link is sent again');
    const ok = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: linkToken(mail, 'reset'), password: 'Nowe-Haslo-Zielone-9', passwordConfirm: 'Nowe-Haslo-Zielone-9' },
    });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json, { status: 'active' });
    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: body.email, password: 'Nowe-Haslo-Zielone-9' } });
    assert.equal(login.statusCode, 200);
  });

  it('expires reset links after an hour', async () => {
    const s = await signedInResident(ctx);
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: s.email } });
    const token = linkToken(await ctx.smtp.waitFor(s.email, (m) => m.text.includes('civic_action=reset')), 'reset');
    const doc = await ctx.app.accounts.models.AccountToken.findOne({ purpose: 'reset', usedAt: null }).sort({ createdAt: -1 });
    assert.ok(doc!.expiresAt.getTime() - Date.now() <= 3_600_000 && doc!.expiresAt.getTime() - Date.now() > 3_500_000);
    await ctx.app.accounts.models.AccountToken.updateMany({ purpose: 'reset' }, { $set: { expiresAt: new Date(Date.now() - 1) } });
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'Nowe-Haslo-Zielone-9', passwordConfirm: 'Nowe-Haslo-Zielone-9' },
    });
    assert.equal(res.json.code, 'invalid_token');
  });

  it('stores tokens only as hashes', async () => {
    const s = await signedInResident(ctx);
    const stored = await ctx.app.conn.db!.collection('refresh_tokens').find({}).toArray();
    assert.ok(stored.length > 0);
    assert.ok(!JSON.stringify(stored).includes(s.refreshToken));
    const outbox = await ctx.app.conn.db!.collection('outbox').find({}).toArray();
    assert.ok(!JSON.stringify(outbox).includes('civic_action'), 'queued email bodies are sealed');
  });
});
