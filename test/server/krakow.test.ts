import assert from 'node:assert/strict';
import { ageLimits, resident, startTestServer, type TestContext } from '../support/app.js';
import { linkToken } from '../support/smtp.js';
import { TestSmsGateway, startKrakowServer } from '../support/sms.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Valid PESELs (checksum and birth date): the vector plus ones computed the same way.
const PESEL_A = '02070803628';
const PESEL_B = '44051401359';
const PESEL_C = '90090515836';

describe('Kraków profile: verified residents', () => {
  let ctx: TestContext;
  let sms: TestSmsGateway;
  let phoneSeq = 100;
  const nextPhone = () => `+48600200${String(phoneSeq++).padStart(3, '0')}`;
  const krakowResident = (overrides: Record<string, unknown> = {}) => resident({ phone: nextPhone(), district: 'V', pesel: PESEL_C, ...overrides });

  let stop: () => Promise<void>;
  before(async () => ({ ctx, sms, stop } = await startKrakowServer()));
  after(async () => stop?.());

  /** Registers and returns the registration token, the SMS code and the activation link token. */
  async function registerKrakow(overrides: Record<string, unknown> = {}) {
    const body = krakowResident(overrides);
    const reg = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body, remoteAddress: `10.1.${phoneSeq % 250}.1` });
    assert.equal(reg.statusCode, 201, reg.payload);
    assert.equal(reg.json.status, 'pending_activation');
    assert.match(reg.json.registrationToken, /^[\w-]{43}$/);
    const text = await sms.waitFor(body.phone as string);
    const mail = await ctx.smtp.waitFor(body.email as string);
    return { body, registrationToken: reg.json.registrationToken as string, code: TestSmsGateway.code(text), activation: linkToken(mail, 'activate') };
  }

  it('publishes the Kraków registration rules', async () => {
    const res = await ctx.inject({ method: 'GET', url: '/api/v1/profile' });
    assert.deepEqual(
      res.json.departments.map((d: { id: string }) => d.id),
      ['mpi', 'zdmk', 'zzm'],
    );
    assert.deepEqual(res.json.registration, {
      requirePhoneVerification: true,
      fields: { district: 'required', pesel: 'required' },
      requireVerifiedIdentity: false,
    });
    assert.equal(res.json.districts.length, 18);
  });

  it('is active only once both the SMS code and the email link are in, in either order', async () => {
    const a = await registerKrakow({ pesel: PESEL_A });
    const v = await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: a.registrationToken, code: a.code } });
    assert.equal(v.statusCode, 200);
    assert.deepEqual(v.json, { status: 'pending_activation' });
    const early = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: a.body.email, password: a.body.password } });
    assert.equal(early.json.code, 'account_not_active');
    const act = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: a.activation } });
    assert.deepEqual(act.json, { status: 'active' });
    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: a.body.email, password: a.body.password } });
    assert.equal(login.statusCode, 200);
    assert.equal(login.json.user.district, 'V');
    assert.equal(login.json.user.phoneVerified, true);
    assert.equal(login.json.user.hasPesel, true);

    // the other order: email link first -> pending_phone with a fresh registration token
    const b = await registerKrakow({ pesel: PESEL_B });
    const act2 = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: b.activation } });
    assert.equal(act2.json.status, 'pending_phone');
    assert.match(act2.json.registrationToken, /^[\w-]{43}$/);
    const pending = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: b.body.email, password: b.body.password } });
    assert.equal(pending.statusCode, 403);
    assert.equal(pending.json.code, 'account_not_active');
    assert.equal(pending.json.status, 'pending_phone', 'the right password learns what is missing');
    const v2 = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-phone',
      payload: { registrationToken: pending.json.registrationToken, code: b.code },
    });
    assert.deepEqual(v2.json, { status: 'active' });
  });

  it('refuses a second account on the same PESEL, and bad PESELs by checksum and date', async () => {
    const dup = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: krakowResident({ pesel: PESEL_A }) });
    assert.equal(dup.statusCode, 400);
    assert.equal(dup.json.fields.pesel, 'taken');
    const checksum = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: krakowResident({ pesel: '44051401358' }) });
    assert.equal(checksum.json.fields.pesel, 'invalid_checksum');
    const date = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: krakowResident({ pesel: '02023012345' }) });
    assert.ok(['invalid', 'invalid_checksum'].includes(date.json.fields.pesel));
    const missing = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: krakowResident({ pesel: undefined, district: undefined }) });
    assert.equal(missing.json.fields.pesel, 'required');
    assert.equal(missing.json.fields.district, 'required');
    const badDistrict = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: krakowResident({ district: 'XIX' }) });
    assert.equal(badDistrict.json.fields.district, 'invalid');
  });

  it('names every field the server refuses in one answer (issue 14): a landline and a taken PESEL together', async () => {
    const both = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: krakowResident({ phone: '+48 12 616 12 00', pesel: PESEL_A }) });
    assert.equal(both.statusCode, 400);
    assert.deepEqual([both.json.fields.phone, both.json.fields.pesel], ['invalid', 'taken']);
  });

  it('requires a mobile number for SMS', async () => {
    const landline = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: krakowResident({ phone: '+48 12 616 12 00', pesel: '90090515836' }),
    });
    assert.equal(landline.statusCode, 400);
    assert.equal(landline.json.fields.phone, 'invalid');
  });

  it('keeps no readable PESEL in the database', async () => {
    const docs = JSON.stringify(await ctx.app.conn.db!.collection('users').find({}).toArray());
    const registry = JSON.stringify(await ctx.app.conn.db!.collection('pesel_registry').find({}).toArray());
    for (const p of [PESEL_A, PESEL_B]) {
      assert.ok(!docs.includes(p) && !registry.includes(p), p);
    }
    assert.ok(!docs.includes('"code"'));
  });

  it('an SMS code is single use, dies after 5 wrong tries, and resends respect the cooldown', async () => {
    const r = await registerKrakow({ pesel: '85010112314' });
    const wrong = r.code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: r.registrationToken, code: wrong } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json.fields.code, 'invalid');
    }
    const dead = await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: r.registrationToken, code: r.code } });
    assert.equal(dead.statusCode, 400);
    assert.equal(dead.json.code, 'invalid_token', 'even the right code is refused after 5 wrong tries');
    assert.equal(dead.json.reason, 'too_many_tries');

    const soon = await ctx.inject({ method: 'POST', url: '/api/v1/auth/resend-phone-code', payload: { registrationToken: r.registrationToken } });
    assert.equal(soon.statusCode, 429);
    assert.equal(soon.json.code, 'too_many_attempts');
    assert.ok(Number(soon.headers['retry-after']) > 0);

    await ageLimits(ctx, 'sms-account', 61_000);
    const resend = await ctx.inject({ method: 'POST', url: '/api/v1/auth/resend-phone-code', payload: { registrationToken: r.registrationToken } });
    assert.equal(resend.statusCode, 202);
    const fresh = TestSmsGateway.code(await sms.waitFor(r.body.phone as string, 2));
    const ok = await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: r.registrationToken, code: fresh } });
    assert.equal(ok.statusCode, 200);
    const again = await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: r.registrationToken, code: fresh } });
    assert.equal(again.statusCode, 200, 'an already verified phone is simply reported');
    assert.equal(again.json.status, 'pending_activation');
  });

  it('expires codes after 10 minutes and refuses a bad registration token', async () => {
    const r = await registerKrakow({ pesel: '75121012342' });
    await ctx.app.accounts.models.PhoneCode.updateMany({ phone: r.body.phone }, { $set: { expiresAt: new Date(Date.now() - 1) } });
    const late = await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: r.registrationToken, code: r.code } });
    assert.equal(late.json.code, 'invalid_token');
    assert.equal(late.json.reason, 'code_expired', 'the widget offers a new code');
    const bad = await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: 'x'.repeat(43), code: '123456' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json.code, 'invalid_token');
    assert.equal(bad.json.reason, 'registration_expired', 'the widget says to start again');
    const badCode = await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: r.registrationToken, code: '12ab56' } });
    assert.equal(badCode.json.code, 'validation_failed');
  });

  it('limits SMS per number against pumping', async () => {
    const phone = nextPhone();
    const user = await ctx.app.accounts.models.User.create({ email: 'pump@example.org', phone, status: 'pending_activation' });
    // five codes went to this number within the hour
    for (let i = 0; i < 5; i++) await ctx.app.accounts.limits.smsPerNumber.take(phone);
    await assert.rejects(
      ctx.app.accounts.phone.send(user, phone, 'register', '192.0.2.1'),
      (err: { output: { payload: { code: string } } }) => err.output.payload.code === 'too_many_attempts',
    );
  });

  it('re-verifies a changed phone by SMS before it replaces the old one ("Aktualizacja danych")', async () => {
    const r = await registerKrakow({ pesel: '68030914218' });
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: r.registrationToken, code: r.code } });
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: r.activation } });
    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: r.body.email, password: r.body.password } });
    const token = login.json.accessToken;
    await ageLimits(ctx, 'sms-account', 61_000);
    const newPhone = nextPhone();
    const patch = await ctx.inject({ method: 'PATCH', url: '/api/v1/me', token, payload: { phone: newPhone, district: 'I' } });
    assert.equal(patch.statusCode, 200);
    assert.equal(patch.json.phone, r.body.phone, 'the old number stays until confirmed');
    assert.equal(patch.json.pendingPhone, newPhone);
    assert.equal(patch.json.district, 'I');
    const code = TestSmsGateway.code(await sms.waitFor(newPhone));
    const ok = await ctx.inject({ method: 'POST', url: '/api/v1/me/phone/verify', token, payload: { code } });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json.phone, newPhone);
    assert.equal(ok.json.pendingPhone, undefined);
  });

  it('a refused SMS limit at registration leaves no account behind', async () => {
    const ip = '192.0.2.77';
    // ten codes went out for this client within the hour
    for (let i = 0; i < 10; i++) await ctx.app.accounts.limits.smsPerClient.take(ip);
    const body = krakowResident({ pesel: '81020312342' });
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body, remoteAddress: ip });
    assert.equal(res.statusCode, 429);
    assert.equal(await ctx.app.accounts.models.User.countDocuments({ email: body.email }), 0);
    assert.equal(
      await ctx.app.accounts.models.PeselRegistry.countDocuments({}),
      await ctx.app.accounts.models.User.countDocuments({ peselHash: { $exists: true } }),
      'no PESEL held by a missing account',
    );
  });

  it('a phone change inside the SMS cooldown keeps the other corrections and says when to ask again', async () => {
    const r = await registerKrakow({ pesel: '71081512342' });
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: r.registrationToken, code: r.code } });
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: r.activation } });
    const token = (await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: r.body.email, password: r.body.password } })).json
      .accessToken;
    const newPhone = nextPhone();
    const patch = await ctx.inject({ method: 'PATCH', url: '/api/v1/me', token, payload: { firstName: 'Zofia', phone: newPhone } });
    assert.equal(patch.statusCode, 200);
    assert.equal(patch.json.firstName, 'Zofia');
    assert.equal(patch.json.pendingPhone, newPhone);
    assert.ok(patch.json.phoneCodeRetryAfter > 0);
    await ageLimits(ctx, 'sms-account', 61_000);
    assert.equal((await ctx.inject({ method: 'POST', url: '/api/v1/me/phone/resend', token })).statusCode, 202);
    const code = TestSmsGateway.code(await sms.waitFor(newPhone));
    assert.equal((await ctx.inject({ method: 'POST', url: '/api/v1/me/phone/verify', token, payload: { code } })).json.phone, newPhone);
  });

  it('changes the email only after the new address confirms, with the password re-entered', async () => {
    const r = await registerKrakow({ pesel: '55022812346' });
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: r.registrationToken, code: r.code } });
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: r.activation } });
    const token = (await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: r.body.email, password: r.body.password } })).json
      .accessToken;
    const wrong = await ctx.inject({
      method: 'POST',
      url: '/api/v1/me/email',
      token,
      payload: { email: 'new.address@example.org', password: 'nope-nope-nope' },
    });
    assert.equal(wrong.statusCode, 400);
    const req = await ctx.inject({ method: 'POST', url: '/api/v1/me/email', token, payload: { email: 'New.Address@example.org', password: r.body.password } });
    assert.equal(req.statusCode, 202);
    await ctx.smtp.waitFor(r.body.email as string, (m) => /zmianę adresu/.test(m.subject));
    const confirm = await ctx.smtp.waitFor('new.address@example.org');
    const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', token });
    assert.equal(me.json.email, r.body.email, 'unchanged until confirmed');
    const done = await ctx.inject({ method: 'POST', url: '/api/v1/auth/confirm-email', payload: { token: linkToken(confirm, 'confirm_email') } });
    assert.equal(done.statusCode, 200);
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me', token })).json.email, 'new.address@example.org');
  });

  it('exports the PESEL to its owner, deletes the account and frees the PESEL', async () => {
    const r = await registerKrakow({ pesel: '99123112343' });
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: r.registrationToken, code: r.code } });
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: r.activation } });
    const token = (await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: r.body.email, password: r.body.password } })).json
      .accessToken;
    const exp = await ctx.inject({ method: 'GET', url: '/api/v1/me/export', token });
    assert.equal(exp.json.account.pesel, '99123112343');
    const del = await ctx.inject({ method: 'DELETE', url: '/api/v1/me', token, payload: { password: r.body.password } });
    assert.equal(del.statusCode, 204);
    await sleep(50);
    const again = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: krakowResident({ pesel: '99123112343' }) });
    assert.equal(again.statusCode, 201, 'the PESEL is free again');
  });
});

describe('profiles without SMS verification', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('hide the phone step and the PESEL field', async () => {
    const v = await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: 'x'.repeat(43), code: '123456' } });
    assert.equal(v.statusCode, 404);
    const pesel = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: resident({ pesel: '02070803628' }) });
    assert.equal(pesel.statusCode, 400);
    assert.equal(pesel.json.fields.pesel, 'invalid');
  });
});
