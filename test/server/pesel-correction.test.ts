/**
 * Issue 14, item 11 (the Kraków FAQ: "all data can be corrected after signing in"): the resident sees
 * their PESEL masked and corrects it through its own path; registration answers every refused field
 * at once instead of one per submit.
 */
import assert from 'node:assert/strict';
import { resident, type TestContext } from '../support/app.js';
import { linkToken } from '../support/smtp.js';
import { TestSmsGateway, startKrakowServer } from '../support/sms.js';

const [PESEL_A, PESEL_B, PESEL_C] = ['02070803628', '44051401359', '90090515836'];

describe('Kraków: the PESEL seen and corrected, registration errors at once', function () {
  this.timeout(60_000);
  let ctx: TestContext;
  let sms: TestSmsGateway;
  let stop: () => Promise<void>;
  before(async () => ({ ctx, sms, stop } = await startKrakowServer()));
  after(async () => stop?.());

  async function activeResident(pesel: string, phone: string) {
    const body = resident({ phone, district: 'V', pesel });
    const reg = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body, remoteAddress: `10.40.0.${phone.slice(-2)}` });
    assert.equal(reg.statusCode, 201, reg.payload);
    const code = TestSmsGateway.code(await sms.waitFor(phone));
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: reg.json.registrationToken, code } });
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: linkToken(await ctx.smtp.waitFor(body.email), 'activate') } });
    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: body.email, password: body.password } });
    assert.equal(login.statusCode, 200, login.payload);
    return { ...body, token: login.json.accessToken as string };
  }

  it('shows the PESEL masked and corrects it with the password; the old one is freed, a taken one refused', async () => {
    const me = await activeResident(PESEL_A, '+48600500011');
    const other = await activeResident(PESEL_B, '+48600500012');
    const profile = await ctx.inject({ method: 'GET', url: '/api/v1/me', token: me.token });
    assert.equal(profile.json.peselMasked, `•••••••${PESEL_A.slice(-4)}`);
    assert.ok(!JSON.stringify(profile.json).includes(PESEL_A), 'never the whole PESEL');

    const wrongPassword = await ctx.inject({
      method: 'PUT',
      url: '/api/v1/me/pesel',
      token: me.token,
      payload: { pesel: PESEL_C, password: 'nie-to-haslo-123' },
    });
    assert.equal(wrongPassword.statusCode, 400);
    const badChecksum = await ctx.inject({ method: 'PUT', url: '/api/v1/me/pesel', token: me.token, payload: { pesel: '02070803629', password: me.password } });
    assert.equal(badChecksum.json.fields.pesel, 'invalid_checksum');
    const taken = await ctx.inject({ method: 'PUT', url: '/api/v1/me/pesel', token: me.token, payload: { pesel: PESEL_B, password: me.password } });
    assert.equal(taken.json.fields.pesel, 'taken');
    assert.equal(
      (await ctx.inject({ method: 'GET', url: '/api/v1/me', token: other.token })).json.peselMasked,
      `•••••••${PESEL_B.slice(-4)}`,
      'the holder keeps theirs',
    );

    const fixed = await ctx.inject({ method: 'PUT', url: '/api/v1/me/pesel', token: me.token, payload: { pesel: PESEL_C, password: me.password } });
    assert.equal(fixed.statusCode, 200, fixed.payload);
    assert.equal(fixed.json.peselMasked, `•••••••${PESEL_C.slice(-4)}`);
    const exported = await ctx.inject({ method: 'GET', url: '/api/v1/me/export', token: me.token });
    assert.equal(exported.json.account.pesel, PESEL_C);
    // the corrected-away PESEL is free again: its real owner can register with it
    const owner = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: resident({ phone: '+48600500013', district: 'V', pesel: PESEL_A }),
      remoteAddress: '10.40.1.1',
    });
    assert.equal(owner.statusCode, 201, owner.payload);
  });

  it('answers every refused registration field in one response', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      // a bad checksum (the request's shape), a landline for SMS and a guessable password (the server's checks)
      payload: resident({ phone: '+48222345678', district: 'V', pesel: '02070803629', password: 'zaq12wsxzaq12wsx', passwordConfirm: 'zaq12wsxzaq12wsx' }),
      remoteAddress: '10.40.2.1',
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json.fields, { pesel: 'invalid_checksum', phone: 'invalid', password: 'breached' });
  });
});
