/**
 * Issue 21: "a resident who must still verify a phone or activate an account finishes that first and
 * returns to the client". A registration begun on the city's OpenID Provider sign-in page carries the
 * application's authorization request (`returnTo`); whichever proof comes last (the email link or the
 * SMS code) answers with it and the application's name. Anything outside the city's pages is refused
 * before anything is written or sent.
 */
import assert from 'node:assert/strict';
import { resident } from '../support/app.js';
import { linkToken } from '../support/smtp.js';
import { TestSmsGateway, startKrakowServer } from '../support/sms.js';
import type { TestContext } from '../support/app.js';

const NAME = { pl: 'Budżet obywatelski', en: 'Participatory budget', de: 'Bürgerhaushalt', uk: 'Бюджет участі' };
const AUTH = 'http://api.test/oidc/auth?client_id=voting&redirect_uri=https%3A%2F%2Fglosowanie.test%2Fcb&response_type=code&scope=openid&state=s1';
const PESELS = ['02070803628', '44051401359', '90090515836', '85071512348'];

describe('registration begun at an application’s sign-in leads back to it (issue 21)', () => {
  let ctx: TestContext;
  let sms: TestSmsGateway;
  let stop: () => Promise<void>;
  let seq = 0;

  before(async () => {
    ({ ctx, sms, stop } = await startKrakowServer({
      oidcClients: [{ clientId: 'voting', name: NAME, redirectUris: ['https://glosowanie.test/cb'], public: true }],
    }));
  });
  after(async () => stop?.());

  async function register(returnTo?: string) {
    const n = seq++;
    const body = resident({
      phone: `+48600300${String(n).padStart(3, '0')}`,
      district: 'V',
      pesel: PESELS[n % PESELS.length],
      ...(returnTo ? { returnTo } : {}),
    });
    const reg = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body, remoteAddress: `10.9.${n}.1` });
    return { body, reg };
  }

  it('the email link that comes last answers with the way back and the application’s name', async () => {
    const { body, reg } = await register(AUTH);
    assert.equal(reg.statusCode, 201, reg.payload);
    const code = TestSmsGateway.code(await sms.waitFor(body.phone as string));
    const phone = await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: reg.json.registrationToken, code } });
    assert.deepEqual(phone.json, { status: 'pending_activation' }, 'no way back before the account is active');
    const token = linkToken(await ctx.smtp.waitFor(body.email as string), 'activate');
    const act = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token } });
    assert.deepEqual(act.json, { status: 'active', returnTo: new URL(AUTH).href, returnToName: NAME });
  });

  it('the SMS code that comes last answers with it instead (email first, then the phone)', async () => {
    const { body, reg } = await register(AUTH);
    const code = TestSmsGateway.code(await sms.waitFor(body.phone as string));
    const token = linkToken(await ctx.smtp.waitFor(body.email as string), 'activate');
    const act = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token } });
    assert.equal(act.json.status, 'pending_phone');
    const phone = await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: reg.json.registrationToken, code } });
    assert.deepEqual(phone.json, { status: 'active', returnTo: new URL(AUTH).href, returnToName: NAME });
  });

  it('a registration without one answers as before; a page of APP_URL’s origin comes back without a name', async () => {
    const plain = await register();
    const token = linkToken(await ctx.smtp.waitFor(plain.body.email as string), 'activate');
    const act = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token } });
    assert.equal(act.json.returnTo, undefined);

    const city = await register('http://portal.test/glosowanie?krok=2');
    const code = TestSmsGateway.code(await sms.waitFor(city.body.phone as string));
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/verify-phone', payload: { registrationToken: city.reg.json.registrationToken, code } });
    const t2 = linkToken(await ctx.smtp.waitFor(city.body.email as string), 'activate');
    const act2 = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: t2 } });
    assert.deepEqual(act2.json, { status: 'active', returnTo: 'http://portal.test/glosowanie?krok=2' });
  });

  it('refuses a way back outside the city’s pages before writing or sending anything', async () => {
    const users = () => ctx.app.conn.collection('users').countDocuments();
    const before = await users();
    for (const evil of ['https://evil.example/steal', 'javascript:alert(1)', 'http://api.test/api/v1/me', 'http://api.test/oidc/token', 'not a url']) {
      const { body, reg } = await register(evil);
      assert.equal(reg.statusCode, 400, `${evil}: ${reg.payload}`);
      assert.equal(reg.json.code, 'validation_failed');
      assert.equal(reg.json.fields.returnTo, 'invalid', evil);
      assert.equal(sms.messages.filter((m) => m.to === body.phone).length, 0, 'no SMS');
    }
    assert.equal(await users(), before, 'no account created');
    const huge = await register(`http://portal.test/${'a'.repeat(3000)}`);
    assert.equal(huge.reg.statusCode, 400);
    assert.equal(huge.reg.json.fields.returnTo, 'too_long');
  });
});
