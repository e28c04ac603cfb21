/**
 * Issue 10's findings against the account core, each as an attacker would try it. Every test here
 * failed on the code before the fix (see docs/security.md for the finding, the fix and the test).
 */
import assert from 'node:assert/strict';
import { GOOD_PASSWORD, resident, signedInResident, startTestServer, type TestContext } from '../support/app.js';
import { linkToken } from '../support/smtp.js';
import { type TestSmsGateway, startKrakowServer } from '../support/sms.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const OTHER_PASSWORD = 'inneHaslo-Kosmos42';

let peselSeq = 0;
/** A fresh valid PESEL (checksum and a real 20th-century birth date) per call. */
function pesel(): string {
  const i = peselSeq++;
  const born = new Date(Date.UTC(1950, 0, 1) + i * 7 * 86_400_000);
  const digits =
    [born.getUTCFullYear() % 100, born.getUTCMonth() + 1, born.getUTCDate()].map((v) => String(v).padStart(2, '0')).join('') +
    String(1000 + (i % 9000)).slice(-4);
  const sum = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3].reduce((acc, w, k) => acc + w * Number(digits[k]), 0);
  return digits + String((10 - (sum % 10)) % 10);
}

describe('account core: takeover, races and abuse (issue 10)', function () {
  this.timeout(120_000);
  let ctx: TestContext;
  let n = 0;
  const ip = () => `10.20.${Math.floor(++n / 200)}.${n % 200}`;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  const login = (email: string, password: string, remoteAddress = ip()) =>
    ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

  it('finding 1: a pending email change dies with a password reset, and old reset links die with a password or email change', async () => {
    const me = await signedInResident(ctx);
    const attacker = `attacker.${Date.now()}@evil.example`;
    const change = await ctx.inject({
      method: 'POST',
      url: '/api/v1/me/email',
      token: me.accessToken,
      payload: { email: attacker, password: me.password },
      remoteAddress: ip(),
    });
    assert.equal(change.statusCode, 202, change.payload);
    const confirmMail = await ctx.smtp.waitFor(attacker, (m) => m.text.includes('civic_action=confirm_email'));

    // an older reset link, mailed before the password changes
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: me.email }, remoteAddress: ip() });
    const oldReset = linkToken(await ctx.smtp.waitFor(me.email, (m) => m.text.includes('civic_action=reset')), 'reset');

    const changed = await ctx.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      token: me.accessToken,
      payload: { currentPassword: me.password, password: OTHER_PASSWORD, passwordConfirm: OTHER_PASSWORD },
    });
    assert.equal(changed.statusCode, 204);
    const confirm = await ctx.inject({ method: 'POST', url: '/api/v1/auth/confirm-email', payload: { token: linkToken(confirmMail, 'confirm_email') } });
    assert.equal(confirm.statusCode, 400, 'the email change asked for before the password change no longer works');
    assert.equal(confirm.json.code, 'invalid_token');
    const reset = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: oldReset, password: 'trzeciHaslo-Rower77', passwordConfirm: 'trzeciHaslo-Rower77' },
    });
    assert.equal(reset.statusCode, 400, 'a reset link mailed before the password change no longer works');
    assert.equal((await login(me.email, OTHER_PASSWORD)).statusCode, 200);
  });

  it('finding 1: confirming an email change signs the other sessions out, tells the old address and kills older links', async () => {
    const me = await signedInResident(ctx);
    const other = await login(me.email, me.password);
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: me.email }, remoteAddress: ip() });
    const oldReset = linkToken(await ctx.smtp.waitFor(me.email, (m) => m.text.includes('civic_action=reset')), 'reset');
    const next = `moved.${Date.now()}@example.org`;
    await ctx.inject({ method: 'POST', url: '/api/v1/me/email', token: me.accessToken, payload: { email: next, password: me.password }, remoteAddress: ip() });
    const confirm = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/confirm-email',
      payload: { token: linkToken(await ctx.smtp.waitFor(next), 'confirm_email') },
    });
    assert.equal(confirm.statusCode, 200);
    assert.equal(
      (await ctx.inject({ method: 'GET', url: '/api/v1/me', token: other.json.accessToken })).statusCode,
      401,
      'another session’s access token is dead',
    );
    assert.equal(
      (await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: other.json.refreshToken } })).statusCode,
      401,
      'another session is dead',
    );
    const mine = await ctx.inject({ method: 'GET', url: '/api/v1/me', token: me.accessToken });
    assert.equal(mine.json.email, next, 'the session that asked for the change goes on');
    await ctx.smtp.waitFor(me.email, (m) => /address was changed|adres e-mail konta został zmieniony|wurde geändert/.test(m.subject));
    const reset = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: oldReset, password: OTHER_PASSWORD, passwordConfirm: OTHER_PASSWORD },
    });
    assert.equal(reset.statusCode, 400, 'a reset link mailed to the old address no longer works');
  });

  it('finding 2: registering a never-activated address replaces the pre-registered password; only the owner’s works', async () => {
    const email = `victim.${Date.now()}@example.org`;
    const attacker = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: resident({ email, password: OTHER_PASSWORD, passwordConfirm: OTHER_PASSWORD, firstName: 'Zły' }),
      remoteAddress: ip(),
    });
    assert.equal(attacker.statusCode, 201);
    const owner = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: resident({ email }), remoteAddress: ip() });
    assert.equal(owner.statusCode, 201);
    assert.deepEqual(owner.json, attacker.json, 'the same answer either way');
    await sleep(300);
    const links = ctx.smtp.to(email).filter((m) => m.text.includes('civic_action=activate'));
    assert.ok(links.length >= 1);
    const act = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: linkToken(links.at(-1)!, 'activate') } });
    assert.equal(act.statusCode, 200);
    assert.equal((await login(email, GOOD_PASSWORD)).statusCode, 200, 'the owner’s password works');
    assert.equal((await login(email, OTHER_PASSWORD)).statusCode, 401, 'the pre-registered password does not');
    const me = await login(email, GOOD_PASSWORD);
    assert.equal(me.json.user.firstName, 'Jan', 'the owner’s names replaced the pre-registered ones');
  });

  it('finding 5: a foreign address gets at most the per-address limit of email-change confirmations', async () => {
    const me = await signedInResident(ctx);
    const target = `target.${Date.now()}@example.org`;
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await ctx.inject({
        method: 'POST',
        url: '/api/v1/me/email',
        token: me.accessToken,
        payload: { email: target, password: me.password },
        remoteAddress: ip(),
      });
      codes.push(res.statusCode);
    }
    await sleep(500);
    // issue 19: one stranger budget, three a day per address, and the answer never tells
    assert.equal(ctx.smtp.to(target).length, 3, 'three a day per address');
    assert.deepEqual([...new Set(codes)], [202]);
  });

  it('finding 5: anonymous reports cannot mail a stranger attacker-chosen text, and are limited per client and address', async () => {
    const victim = `contact.${Date.now()}@example.org`;
    const attackerIp = ip();
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await ctx.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: {
          categoryId: ctx.config.profile.categories[0]!.id,
          title: 'Pilne: zweryfikuj konto na evil.example',
          description: 'Dziura w jezdni przy przystanku',
          location: { lat: 52.23, lng: 21.01 },
          contactEmail: victim,
        },
        remoteAddress: attackerIp,
      });
      codes.push(res.statusCode);
    }
    // issue 19: the contact address costs no report (the answer never tells), the client's limit still holds
    assert.equal(codes.filter((c) => c === 201).length, 20, 'twenty anonymous reports per client an hour');
    await ctx.smtp.waitFor(victim);
    await sleep(500);
    const mails = ctx.smtp.to(victim);
    assert.equal(mails.length, 3, 'three receipts a day to one address');
    for (const m of mails)
      assert.ok(!m.text.includes('evil.example') && !m.subject.includes('evil.example'), 'the sender’s own words never reach an unconfirmed address');
    const others = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ctx.inject({
          method: 'POST',
          url: '/api/v1/reports',
          payload: { categoryId: ctx.config.profile.categories[0]!.id, description: `Opis numer ${i}`, location: { lat: 52.23, lng: 21.01 } },
          remoteAddress: attackerIp,
        }),
      ),
    );
    assert.equal(others.filter((r) => r.statusCode === 201).length, 0, 'twenty anonymous attempts per client an hour, all spent above');
    assert.equal(others[0]!.json.code, 'too_many_attempts');
  });

  it('finding 13: 250 concurrent wrong passwords get no more guesses than the policy allows', async () => {
    const me = await signedInResident(ctx);
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 250 }, (_, i) => login(me.email, `zlyKandydat-${i}xx`, `10.99.${i % 250}.1`)));
    const seconds = (Date.now() - started) / 1000;
    const guesses = results.filter((r) => r.statusCode === 401).length;
    // the policy: 5 at once, then one after 1 s, 2 s, 4 s … — as many as the burst's own duration allows
    const allowed = 5 + Math.floor(Math.log2(seconds + 1));
    assert.ok(guesses <= allowed, `${guesses} guesses were checked in ${seconds} s; the policy allows ${allowed}`);
    assert.ok(guesses >= 5, 'the free attempts are still available');
    assert.equal(results.filter((r) => r.statusCode === 429).length, 250 - guesses);
  });

  it('finding 14: "already registered" does not hold back the reset its owner asks for next', async () => {
    const me = await signedInResident(ctx);
    const again = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: resident({ email: me.email }), remoteAddress: ip() });
    assert.equal(again.statusCode, 201);
    await ctx.smtp.waitFor(me.email, (m) => /already|już istnieje|bereits/.test(m.text));
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: me.email }, remoteAddress: ip() });
    await ctx.smtp.waitFor(me.email, (m) => m.text.includes('civic_action=reset'));
  });

  it('finding 8: concurrent reuse of one refresh token leaves no live token in the family', async () => {
    const me = await signedInResident(ctx);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: me.refreshToken } })),
    );
    const winners = results.filter((r) => r.statusCode === 200);
    assert.ok(
      results.some((r) => r.statusCode === 401),
      'the reuse is seen',
    );
    for (const w of winners) {
      const next = await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: w.json.refreshToken } });
      assert.equal(next.statusCode, 401, 'a token won in a raced reuse does not keep the family alive');
      assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me', token: w.json.accessToken })).statusCode, 401);
    }
  });

  it('finding 11: a blocked account cannot confirm an email change', async () => {
    const me = await signedInResident(ctx);
    const admin = await import('../support/app.js').then((m) => m.signedInStaff(ctx, 'admin'));
    const next = `blocked.${Date.now()}@example.org`;
    await ctx.inject({ method: 'POST', url: '/api/v1/me/email', token: me.accessToken, payload: { email: next, password: me.password }, remoteAddress: ip() });
    const mail = await ctx.smtp.waitFor(next);
    const block = await ctx.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${me.user.id}`,
      token: admin.accessToken,
      payload: { blocked: true, reason: 'fraud' },
    });
    assert.equal(block.statusCode, 200, block.payload);
    const confirm = await ctx.inject({ method: 'POST', url: '/api/v1/auth/confirm-email', payload: { token: linkToken(mail, 'confirm_email') } });
    assert.equal(confirm.statusCode, 400);
    assert.equal(confirm.json.code, 'invalid_token');
  });
});

describe('account core: Kraków SMS and PESEL limits (issue 10)', function () {
  this.timeout(120_000);
  let ctx: TestContext;
  let sms: TestSmsGateway;
  let seq = 0;
  const phone = () => `+48600300${String(seq++).padStart(3, '0')}`;
  let stop: () => Promise<void>;
  before(async () => ({ ctx, sms, stop } = await startKrakowServer({ limits: { registrationsPerClientPerHour: 200 } })));
  after(async () => stop?.());

  it('finding 7: 25 simultaneous registrations with one number send at most the 5 an hour', async () => {
    const number = phone();
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        ctx.inject({
          method: 'POST',
          url: '/api/v1/auth/register',
          payload: resident({ phone: number, district: 'V', pesel: pesel() }),
          remoteAddress: `10.30.${i}.1`,
        }),
      ),
    );
    assert.ok(
      answers.some((r) => r.statusCode === 201),
      answers[0]!.payload,
    );
    await sleep(1500);
    assert.ok(sms.to(number).length <= 5, `${sms.to(number).length} SMS went to one number`);
  });

  it('finding 7: 30 simultaneous registrations from one client send at most its 10 an hour', async () => {
    const before = sms.messages.length;
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        ctx.inject({
          method: 'POST',
          url: '/api/v1/auth/register',
          payload: resident({ phone: phone(), district: 'V', pesel: pesel() }),
          remoteAddress: '10.31.0.1',
        }),
      ),
    );
    assert.ok(
      answers.some((r) => r.statusCode === 201),
      answers[0]!.payload,
    );
    await sleep(1500);
    assert.ok(sms.messages.length - before <= 10, `${sms.messages.length - before} SMS for one client`);
  });

  it('finding 7: numbers outside the profile’s countries are refused (SMS pumping)', async () => {
    for (const foreign of ['+2348031234567', '+5352345678', '+88213100000']) {
      const res = await ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: resident({ phone: foreign, district: 'V', pesel: pesel() }),
        remoteAddress: '10.32.0.1',
      });
      assert.equal(res.statusCode, 400, foreign);
      assert.equal(res.json.fields.phone, 'invalid');
    }
    assert.equal(sms.messages.filter((m) => !m.to.startsWith('+48')).length, 0);
  });

  it('finding 6: a taken PESEL cannot be probed without limit', async () => {
    const taken = pesel();
    const holder = resident({ phone: phone(), district: 'V', pesel: taken });
    assert.equal((await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: holder, remoteAddress: '10.33.0.1' })).statusCode, 201);
    const answers: number[] = [];
    for (let i = 0; i < 15; i++) {
      const res = await ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: resident({ phone: phone(), district: 'V', pesel: taken }),
        remoteAddress: '10.33.0.2',
      });
      answers.push(res.statusCode);
    }
    assert.ok(answers.filter((c) => c === 429).length >= 5, `answers: ${answers.join(',')}`);
  });
});
