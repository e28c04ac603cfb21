import assert from 'node:assert/strict';
import { signedInResident, startTestServer, type TestContext } from '../support/app.js';
import { linkToken } from '../support/smtp.js';
import { RESET_LOOKUP_MISSES } from '../../server/src/plugins/accounts/limits.js';

/**
 * Issue 20: the new-password form carries the account's address as a hidden username (password
 * managers save the new password for it). Only a live reset link tells that address: it was mailed
 * there and proves the mailbox. Anything else answers exactly like a refused reset, and guessing is
 * bounded per client.
 */
describe('accounts: the address behind a reset link (POST /auth/password-reset/account)', () => {
  let ctx: TestContext;
  let n = 0;
  const ip = () => `10.31.0.${++n}`;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  const lookup = (token: string, remoteAddress = '10.31.1.1') =>
    ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset/account', payload: { token }, remoteAddress });

  async function resetToken(email: string): Promise<string> {
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email }, remoteAddress: ip() });
    assert.equal(res.statusCode, 202);
    return linkToken(await ctx.smtp.waitFor(email, (m) => m.text.includes('civic_action=reset')), 'reset');
  }

  it('a live link gives its account’s address; a wrong, used or other-purpose token gives the refused reset’s 400 and no address', async () => {
    const s = await signedInResident(ctx);
    const token = await resetToken(s.email);
    const live = await lookup(token);
    assert.equal(live.statusCode, 200, live.payload);
    assert.deepEqual(live.json, { email: s.email });

    // a wrong token: the same answer as POST /password-reset/confirm gives for it, nothing about any account
    const wrong = await lookup(`${token.slice(0, -2)}xx`);
    const refusedConfirm = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: `${token.slice(0, -2)}xx`, password: 'Nowe-Haslo-Zielone-9', passwordConfirm: 'Nowe-Haslo-Zielone-9' },
    });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(wrong.json, refusedConfirm.json);
    assert.equal(wrong.json.code, 'invalid_token');
    assert.ok(!wrong.payload.includes(s.email) && !wrong.payload.includes('@'), wrong.payload);

    // the account's refresh token is a secret too, but not a reset link
    assert.equal((await lookup(s.refreshToken)).statusCode, 400);

    // spent by the reset: the link no longer names the account
    const done = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'Nowe-Haslo-Zielone-9', passwordConfirm: 'Nowe-Haslo-Zielone-9' },
    });
    assert.equal(done.statusCode, 200);
    const used = await lookup(token);
    assert.equal(used.statusCode, 400);
    assert.equal(used.json.code, 'invalid_token');
    assert.equal(used.json.email, undefined);
  });

  it('wrong tokens are limited per client (429 with Retry-After); live links cost nothing and other clients go on', async () => {
    const s = await signedInResident(ctx);
    const token = await resetToken(s.email);
    const client = '10.31.2.2';
    // live lookups give their slot back: any number of them leaves the client's budget whole
    for (let i = 0; i < 3; i++) assert.equal((await lookup(token, client)).statusCode, 200);
    for (let i = 0; i < RESET_LOOKUP_MISSES; i++) assert.equal((await lookup(`guess-${i}-${'x'.repeat(40)}`, client)).statusCode, 400, `miss ${i + 1}`);
    const refused = await lookup(`guess-last-${'x'.repeat(40)}`, client);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json.code, 'too_many_attempts');
    assert.ok(Number(refused.headers['retry-after']) > 0);
    // once spent, the client learns nothing more, not even from a live link
    const blocked = await lookup(token, client);
    assert.equal(blocked.statusCode, 429);
    assert.ok(!blocked.payload.includes(s.email));
    assert.deepEqual((await lookup(token, '10.31.2.3')).json, { email: s.email }, 'another client is not affected');
  });
});
