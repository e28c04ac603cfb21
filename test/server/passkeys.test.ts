import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { ConfigError, loadConfig } from '../../server/src/config.js';
import { signedInResident, signedInStaff, startTestServer, type TestContext } from '../support/app.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

/** The test server's widget page is http://portal.test/zgloszenia (APP_URL): the RP ID is its host. */
const ORIGIN = 'http://portal.test';

describe('passkeys (WebAuthn)', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  type Session = Awaited<ReturnType<typeof signedInResident>>;

  async function registerPasskey(s: { accessToken: string }, device = new SoftAuthenticator({ origin: ORIGIN }), name = 'Laptop') {
    const options = await ctx.inject({ method: 'POST', url: '/api/v1/me/passkeys/options', token: s.accessToken });
    assert.equal(options.statusCode, 200, options.payload);
    const response = device.create(options.json);
    const created = await ctx.inject({ method: 'POST', url: '/api/v1/me/passkeys', token: s.accessToken, payload: { response, name } });
    return { device, options: options.json, created };
  }

  const signInOptions = async () => {
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/passkey/options' });
    assert.equal(res.statusCode, 200, res.payload);
    return res.json as { challenge: string; rpId: string; userVerification: string; allowCredentials?: unknown[] };
  };
  const signIn = (response: unknown) => ctx.inject({ method: 'POST', url: '/api/v1/auth/passkey', payload: { response } });
  const list = async (s: Session) =>
    (await ctx.inject({ method: 'GET', url: '/api/v1/me/passkeys', token: s.accessToken })).json as Array<Record<string, unknown>>;

  it('registers a discoverable, user-verified passkey after sign-in and signs in with it as /auth/login does', async () => {
    const s = await signedInResident(ctx);
    const { options, created, device } = await registerPasskey(s);
    assert.equal(options.rp.id, 'portal.test');
    assert.equal(options.authenticatorSelection.residentKey, 'required');
    assert.equal(options.authenticatorSelection.userVerification, 'required');
    assert.ok(options.timeout <= 5 * 60_000);
    assert.equal(created.statusCode, 201, created.payload);
    assert.equal(created.json.name, 'Laptop');
    assert.equal(created.json.lastUsedAt, null);
    assert.equal(created.json.deviceType, 'singleDevice');
    assert.equal(created.json.credentialId, undefined, 'the credential ID and key stay on the server');

    const req = await signInOptions();
    assert.equal(req.rpId, 'portal.test');
    assert.equal(req.userVerification, 'required');
    assert.ok(!req.allowCredentials?.length, 'discoverable: the browser offers the passkeys it has');
    const res = await signIn(device.get(req));
    assert.equal(res.statusCode, 200, res.payload);
    assert.equal(res.json.user.id, s.user.id);
    assert.equal(res.json.expiresIn, 900);
    assert.ok(res.json.refreshToken);
    const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', token: res.json.accessToken });
    assert.equal(me.json.email, s.email);
    const keys = await list(s);
    assert.equal(keys.length, 1);
    assert.equal(typeof keys[0]!.lastUsedAt, 'string', 'the list shows when it was last used');
  });

  it('refuses a replayed assertion and a second answer to one challenge', async () => {
    const s = await signedInResident(ctx);
    const { device } = await registerPasskey(s);
    const req = await signInOptions();
    const assertion = device.get(req);
    assert.equal((await signIn(assertion)).statusCode, 200);
    const replay = await signIn(assertion);
    assert.equal(replay.statusCode, 400);
    assert.equal(replay.json.code, 'invalid_token');
    assert.equal(replay.json.accessToken, undefined);
    // a fresh signature (higher counter) over the spent challenge is refused too
    const again = await signIn(device.get(req));
    assert.equal(again.statusCode, 400);
    assert.equal(again.json.code, 'invalid_token');
  });

  it('refuses a registration answered with a spent challenge, or with another account’s challenge', async () => {
    const a = await signedInResident(ctx);
    const b = await signedInResident(ctx);
    const first = await registerPasskey(a);
    assert.equal(first.created.statusCode, 201);
    const reused = await ctx.inject({
      method: 'POST',
      url: '/api/v1/me/passkeys',
      token: a.accessToken,
      payload: { response: new SoftAuthenticator({ origin: ORIGIN }).create(first.options), name: 'Again' },
    });
    assert.equal(reused.statusCode, 400);
    assert.equal(reused.json.code, 'invalid_token');

    const optionsA = (await ctx.inject({ method: 'POST', url: '/api/v1/me/passkeys/options', token: a.accessToken })).json;
    const stolen = await ctx.inject({
      method: 'POST',
      url: '/api/v1/me/passkeys',
      token: b.accessToken,
      payload: { response: new SoftAuthenticator({ origin: ORIGIN }).create(optionsA), name: 'B' },
    });
    assert.equal(stolen.statusCode, 400);
    assert.equal(stolen.json.code, 'invalid_token');
    assert.equal((await list(a)).length, 1);
    assert.equal((await list(b)).length, 0);
  });

  it('refuses an expired challenge', async () => {
    const s = await signedInResident(ctx);
    const { device } = await registerPasskey(s);
    const req = await signInOptions();
    // five minutes pass
    await ctx.app.conn.collection('passkey_challenges').updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await signIn(device.get(req));
    assert.equal(res.statusCode, 400);
    assert.equal(res.json.code, 'invalid_token');
  });

  it('requires user verification, the page origin on the RP ID, and a signature counter that moves forward', async () => {
    const s = await signedInResident(ctx);
    const noUv = await registerPasskey(s, new SoftAuthenticator({ origin: ORIGIN, userVerified: false }));
    assert.equal(noUv.created.statusCode, 400);
    assert.deepEqual(noUv.created.json.fields, { response: 'invalid' });
    const evil = await registerPasskey(s, new SoftAuthenticator({ origin: 'http://evil.test' }));
    assert.equal(evil.created.statusCode, 400);
    assert.equal((await list(s)).length, 0);

    const { device } = await registerPasskey(s);
    device.userVerified = false;
    assert.equal((await signIn(device.get(await signInOptions()))).statusCode, 401);
    device.userVerified = true;
    device.origin = 'http://evil.test';
    assert.equal((await signIn(device.get(await signInOptions()))).statusCode, 401);
    device.origin = ORIGIN;
    assert.equal((await signIn(device.get(await signInOptions(), 0, 5))).statusCode, 200);
    // a clone of the authenticator answers with an older counter
    const cloned = await signIn(device.get(await signInOptions(), 0, -3));
    assert.equal(cloned.statusCode, 401);
    assert.equal(cloned.json.code, 'invalid_credentials');
  });

  it('lists, renames and removes only the resident’s own passkeys; a removed passkey no longer signs in', async () => {
    const a = await signedInResident(ctx);
    const b = await signedInResident(ctx);
    const { device, created } = await registerPasskey(a);
    const id = created.json.id as string;

    for (const [method, payload] of [
      ['DELETE', undefined],
      ['PATCH', { name: 'Mine now' }],
    ] as const) {
      const res = await ctx.inject({ method, url: `/api/v1/me/passkeys/${id}`, token: b.accessToken, payload });
      assert.equal(res.statusCode, 404, `${method} of another account's passkey`);
      assert.equal(res.json.code, 'not_found');
    }
    assert.equal((await list(a))[0]!.name, 'Laptop');

    const bad = await ctx.inject({ method: 'PATCH', url: `/api/v1/me/passkeys/${id}`, token: a.accessToken, payload: { name: 'a\nb' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json.code, 'validation_failed');
    const renamed = await ctx.inject({ method: 'PATCH', url: `/api/v1/me/passkeys/${id}`, token: a.accessToken, payload: { name: 'Telefon Ani' } });
    assert.equal(renamed.statusCode, 200);
    assert.equal(renamed.json.name, 'Telefon Ani');
    assert.equal((await list(a))[0]!.name, 'Telefon Ani');

    assert.equal((await ctx.inject({ method: 'DELETE', url: `/api/v1/me/passkeys/${id}`, token: a.accessToken })).statusCode, 204);
    assert.deepEqual(await list(a), []);
    const res = await signIn(device.get(await signInOptions()));
    assert.equal(res.statusCode, 401);
    assert.equal(res.json.code, 'invalid_credentials');
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me/passkeys' })).statusCode, 401, 'signed out');
  });

  it('refuses a blocked account as /auth/login does', async () => {
    const s = await signedInResident(ctx);
    const { device } = await registerPasskey(s);
    const admin = await signedInStaff(ctx, 'admin');
    const block = await ctx.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${s.user.id}`,
      token: admin.accessToken,
      payload: { blocked: true, reason: 'test block' },
    });
    assert.equal(block.statusCode, 200, block.payload);
    const res = await signIn(device.get(await signInOptions()));
    assert.equal(res.statusCode, 403);
    assert.equal(res.json.code, 'account_blocked');
    assert.equal(res.json.accessToken, undefined);
  });

  it('exports the passkeys with the account and deletes them with it (own deletion and an admin’s)', async () => {
    const s = await signedInResident(ctx);
    const { device } = await registerPasskey(s);
    const exported = await ctx.inject({ method: 'GET', url: '/api/v1/me/export', token: s.accessToken });
    assert.equal(exported.statusCode, 200);
    assert.deepEqual(
      exported.json.passkeys.map((p: { name: string }) => p.name),
      ['Laptop'],
    );
    assert.ok(!exported.payload.includes(device.credentials[0]!.id.toString('base64url')), 'no credential ID in the export');

    const del = await ctx.inject({ method: 'DELETE', url: '/api/v1/me', token: s.accessToken, payload: { password: s.password } });
    assert.equal(del.statusCode, 204);
    assert.equal(await ctx.app.conn.collection('passkeys').countDocuments({ userId: new Types.ObjectId(s.user.id) }), 0);
    assert.equal((await signIn(device.get(await signInOptions()))).statusCode, 401);

    const t = await signedInResident(ctx);
    const second = await registerPasskey(t);
    const admin = await signedInStaff(ctx, 'admin');
    const gone = await ctx.inject({
      method: 'DELETE',
      url: `/api/v1/admin/users/${t.user.id}?cascade=true`,
      token: admin.accessToken,
      payload: { reason: 'test cascade' },
    });
    assert.equal(gone.statusCode, 204, gone.payload);
    assert.equal((await signIn(second.device.get(await signInOptions()))).statusCode, 401);
  });

  it('rejects malformed answers with the contract’s error shape and changes nothing', async () => {
    const s = await signedInResident(ctx);
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/me/passkeys', token: s.accessToken, payload: { response: { id: 'x', type: 'public-key' } } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json.code, 'validation_failed');
    const junk = await signIn({
      id: 'AAAA',
      rawId: 'AAAA',
      type: 'public-key',
      response: { clientDataJSON: 'bm90LWpzb24', authenticatorData: 'AAAA', signature: 'AAAA' },
    });
    assert.equal(junk.statusCode, 400);
    assert.equal(junk.json.code, 'invalid_token');
    assert.deepEqual(await list(s), []);
  });

  // last: it spends this client's sign-in budget
  it('counts refused passkey answers against the client like failed password sign-ins', async () => {
    const s = await signedInResident(ctx);
    const { device } = await registerPasskey(s);
    const stranger = new SoftAuthenticator({ origin: ORIGIN });
    stranger.create({ challenge: 'x', rp: { id: 'portal.test' }, user: { id: 'AAAA' } });
    // 30 failures an hour are free per client (CLIENT_POLICY); earlier tests here spent some of them
    let refused = 0;
    for (let status = 401; status === 401; refused++) {
      status = (await signIn(stranger.get(await signInOptions()))).statusCode;
      assert.ok(status === 401 || status === 429, `refused or throttled, got ${status}`);
      assert.ok(refused <= 31, 'throttled within the free budget');
    }
    const throttled = await signIn(device.get(await signInOptions()));
    assert.equal(throttled.statusCode, 429, 'even a good passkey waits');
    assert.equal(throttled.json.code, 'too_many_attempts');
    assert.ok(Number(throttled.headers['retry-after']) >= 1);
    const password = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: s.password } });
    assert.equal(password.statusCode, 429, 'one budget with password sign-in');
  });
});

describe('passkeys: relying party from the environment', () => {
  // a real relay: a public PUBLIC_URL may not run the development mail catcher
  const base = { JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/civickit-rp-test', LOG_LEVEL: 'silent', SMTP_URL: 'smtp://mail.miasto.pl' };

  it('binds passkeys to APP_URL’s host, or to WEBAUTHN_RP_ID when it is that host or a parent domain', () => {
    const city = loadConfig({
      ...base,
      PUBLIC_URL: 'https://api.miasto.pl',
      APP_URL: 'https://www.miasto.pl/zgloszenia',
      CORS_ORIGINS: 'https://www.miasto.pl,https://bip.miasto.pl,https://other.example',
    });
    assert.equal(city.webauthn.rpId, 'www.miasto.pl');
    assert.deepEqual(city.webauthn.origins, ['https://www.miasto.pl']);
    const parent = loadConfig({
      ...base,
      PUBLIC_URL: 'https://api.miasto.pl',
      APP_URL: 'https://www.miasto.pl/',
      CORS_ORIGINS: 'https://www.miasto.pl,https://bip.miasto.pl,https://other.example',
      WEBAUTHN_RP_ID: 'miasto.pl',
    });
    assert.equal(parent.webauthn.rpId, 'miasto.pl');
    assert.deepEqual(parent.webauthn.origins, ['https://www.miasto.pl', 'https://api.miasto.pl', 'https://bip.miasto.pl']);
    assert.throws(
      () => loadConfig({ ...base, APP_URL: 'https://www.miasto.pl/', WEBAUTHN_RP_ID: 'inne-miasto.pl' }),
      (err: ConfigError) => /WEBAUTHN_RP_ID/.test(err.problems.join()),
    );
    assert.throws(() => loadConfig({ ...base, APP_URL: 'https://www.miasto.pl/', WEBAUTHN_RP_ID: '10.0.0.1' }), ConfigError);
  });

  it('in development, a loopback address gets localhost as RP ID, origin and CORS origin', () => {
    const dev = loadConfig({ ...base, PORT: '3456' });
    assert.equal(dev.webauthn.rpId, 'localhost');
    assert.ok(dev.webauthn.origins.includes('http://localhost:3456'));
    assert.ok(!dev.webauthn.origins.includes('http://127.0.0.1:3456'), 'browsers refuse IP-address origins anyway');
    assert.deepEqual(dev.corsOrigins, ['http://127.0.0.1:3456', 'http://localhost:3456']);
    assert.equal(loadConfig({ ...base, PORT: '3456', WEBAUTHN_RP_ID: 'localhost' }).webauthn.rpId, 'localhost', 'saying so explicitly is fine too');
    assert.throws(
      () =>
        loadConfig({
          ...base,
          NODE_ENV: 'production',
          PORT: '3456',
          MONGODB_URI: 'mongodb://db/x',
          SMTP_URL: 'smtp://mail',
          PUBLIC_URL: 'http://127.0.0.1:3456',
          WEBAUTHN_RP_ID: 'localhost',
        }),
      (err: ConfigError) => err.problems.length === 1 && /WEBAUTHN_RP_ID/.test(err.problems[0]!),
    );
  });
});
