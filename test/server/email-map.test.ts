/**
 * Issue 22: on an engine without field indexes (FerretDB 1.24) accounts are found by email through the
 * `account_emails` map (server/src/plugins/accounts/emails.ts). The users' unique index stays the
 * authority: the map is kept whole by its writers and its sweep, and an entry that names the wrong
 * account never lets anyone in or keeps anyone out.
 */
import assert from 'node:assert/strict';
import { linkToken } from '../support/smtp.js';
import { GOOD_PASSWORD, resident, signedInResident, startTestServer, type TestContext } from '../support/app.js';

describe('accounts found by email through the email map (issue 22)', function () {
  this.timeout(120_000);
  let ctx: TestContext;
  let n = 0;
  /** Every request from another network: per-network limits are not what these tests are about. */
  const ip = () => `203.0.113.${(n++ % 250) + 1}`;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  const emails = () => ctx.app.accounts.emails;
  const entryOf = (email: string) => emails().Entry.findById(emails().keyOf(email)).lean();
  const login = (email: string, password = GOOD_PASSWORD) =>
    ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip() });

  it('is used exactly where the engine has no field indexes, and a registration writes its entry', async () => {
    assert.equal(emails().used, ctx.app.concurrency.mode === 'emulated');
    const me = await signedInResident(ctx);
    const entry = await entryOf(me.email);
    if (emails().used) assert.equal(String(entry?.user), me.user.id);
    else assert.equal(entry, null, 'an engine with indexes keeps no map');
  });

  it('after an email change the new address signs in and the old one is refused like any unknown address', async () => {
    const me = await signedInResident(ctx);
    const next = `moved.${Date.now()}@example.org`;
    const asked = await ctx.inject({
      method: 'POST',
      url: '/api/v1/me/email',
      token: me.accessToken,
      payload: { email: next, password: me.password },
      remoteAddress: ip(),
    });
    assert.equal(asked.statusCode, 202, asked.payload);
    const token = linkToken(await ctx.smtp.waitFor(next, (m) => m.text.includes('civic_action=confirm_email')), 'confirm_email');
    assert.equal((await ctx.inject({ method: 'POST', url: '/api/v1/auth/confirm-email', payload: { token } })).statusCode, 200);
    const old = await login(me.email);
    assert.equal(old.statusCode, 401);
    assert.equal(old.json.code, 'invalid_credentials');
    const moved = await login(next.toUpperCase());
    assert.equal(moved.statusCode, 200, moved.payload);
    assert.equal(moved.json.user.id, me.user.id);
    assert.equal(await entryOf(me.email), null, 'the old address leaves no entry');
    if (emails().used) assert.equal(String((await entryOf(next))?.user), me.user.id);
  });

  it('an erased account is refused and leaves no entry; its address can be registered again', async () => {
    const me = await signedInResident(ctx);
    const gone = await ctx.inject({ method: 'DELETE', url: '/api/v1/me', token: me.accessToken, payload: { password: me.password } });
    assert.equal(gone.statusCode, 204, gone.payload);
    const refused = await login(me.email);
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json.code, 'invalid_credentials');
    assert.equal(await entryOf(me.email), null);
    // the address is free again: an account created on it (as the CLI does) signs in
    const again = await ctx.app.accounts.createActiveUser({ email: me.email, password: GOOD_PASSWORD, role: 'resident' });
    const back = await login(me.email);
    assert.equal(back.statusCode, 200, back.payload);
    assert.equal(back.json.user.id, String(again._id));
    if (emails().used) assert.equal(String((await entryOf(me.email))?.user), String(again._id));
  });

  it('an entry deleted by hand: refused as an unknown address (no scan tells them apart), and the sweep puts it back', async () => {
    const me = await signedInResident(ctx);
    await emails().Entry.deleteOne({ _id: emails().keyOf(me.email) });
    if (emails().used) assert.equal((await login(me.email)).statusCode, 401, 'a missing entry is answered without a scan of the accounts');
    const swept = await emails().sweep();
    if (emails().used) assert.equal(swept.added, 1);
    const back = await login(me.email);
    assert.equal(back.statusCode, 200, back.payload);
    if (emails().used) assert.equal(String((await entryOf(me.email))?.user), me.user.id);
  });

  it('an entry naming another account: its owner still signs in, the other account’s password does not open it, and the entry is repaired', async () => {
    const alice = await signedInResident(ctx);
    const bob = await signedInResident(ctx, { password: 'inneHaslo-Rower77', passwordConfirm: 'inneHaslo-Rower77' });
    await emails().Entry.updateOne({ _id: emails().keyOf(alice.email) }, { $set: { user: bob.user.id } });
    const wrong = await login(alice.email, bob.password);
    assert.equal(wrong.statusCode, 401, 'bob’s password on alice’s address');
    const right = await login(alice.email);
    assert.equal(right.statusCode, 200, right.payload);
    assert.equal(right.json.user.id, alice.user.id);
    if (emails().used) assert.equal(String((await entryOf(alice.email))?.user), alice.user.id);
    assert.equal((await login(bob.email, bob.password)).json.user?.id, bob.user.id);
  });

  it('an entry for an address no account holds is refused and removed by the sweep', async () => {
    const ghost = `ghost.${Date.now()}@example.org`;
    const someone = await signedInResident(ctx);
    await emails().put(ghost, (await ctx.app.accounts.findUser(someone.user.id))!._id);
    const res = await login(ghost);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json.code, 'invalid_credentials');
    await emails().sweep();
    assert.equal(await entryOf(ghost), null);
  });

  it('a known and an unknown address take the same database look-ups (the map must not tell who has an account)', async () => {
    const me = await signedInResident(ctx);
    const conn = ctx.app.conn;
    const lookUps = async (email: string) => {
      const seen: string[] = [];
      conn.set('debug', (collection: string, method: string) => {
        if ((collection === 'users' || collection === 'account_emails') && /^find/.test(method)) seen.push(`${collection}.${method}`);
      });
      try {
        await login(email, 'not-the-password-1');
      } finally {
        conn.set('debug', false);
      }
      return seen;
    };
    const known = await lookUps(me.email);
    const unknown = await lookUps(`nobody.${Date.now()}@example.org`);
    assert.deepEqual(unknown, known);
    assert.equal(known.length, emails().used ? 2 : 1);
  });

  it('50 registrations of one address racing: one account, the map names it, and it signs in', async () => {
    const body = resident();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body, remoteAddress: ip() })),
    );
    assert.deepEqual([...new Set(answers.map((a) => a.statusCode))], [201]);
    const accounts = await ctx.app.accounts.models.User.find({ email: body.email }, { _id: 1 }).lean();
    assert.equal(accounts.length, 1);
    const mail = await ctx.smtp.waitFor(body.email, (m) => m.text.includes('civic_action=activate'));
    assert.equal((await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: linkToken(mail, 'activate') } })).statusCode, 200);
    const res = await login(body.email);
    assert.equal(res.statusCode, 200, res.payload);
    assert.equal(res.json.user.id, String(accounts[0]!._id));
    if (emails().used) assert.equal(String((await entryOf(body.email))?.user), String(accounts[0]!._id));
  });
});
