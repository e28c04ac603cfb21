import assert from 'node:assert/strict';
import { loadConfig } from '../../server/src/config.js';
import { createServer } from '../../server/src/server.js';
import { signedInResident, startTestServer, type TestContext } from '../support/app.js';

describe('security battery', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('refuses operators in query strings', async () => {
    for (const url of ['/api/v1/reports?status[$ne]=new', '/api/v1/reports?categoryId[$gt]=', '/api/v1/reports?status=new&status[$regex]=.*']) {
      const res = await ctx.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 400, url);
      assert.equal(res.json.code, 'validation_failed');
    }
  });

  it('refuses deeply nested JSON and prototype pollution without a 500', async () => {
    const deep = '{"email":' + '['.repeat(20_000) + ']'.repeat(20_000) + ',"password":"x"}';
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: deep });
    assert.equal(res.statusCode, 400);
    for (const body of [
      '{"email":"a@b.c","password":"x","constructor":{"prototype":{"polluted":true}}}',
      '{"__proto__":{"polluted":true},"email":"a@b.c","password":"x"}',
    ]) {
      const r = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: body });
      assert.equal(r.statusCode, 400, body);
    }
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
    const broken = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.c", "password": ',
    });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json.code, 'validation_failed');
    assert.doesNotMatch(broken.payload, /at \w+ \(|node_modules|\/work\//, 'no internals');
  });

  it('marks authenticated answers no-store and never reflects an unknown origin', async () => {
    const s = await signedInResident(ctx);
    const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', token: s.accessToken, headers: { origin: 'https://evil.example' } });
    assert.equal(me.headers['cache-control'], 'no-store');
    assert.equal(me.headers['access-control-allow-origin'], undefined);
  });

  it('sends HSTS for a year in production', async () => {
    const server = await createServer(
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'p'.repeat(40),
        MONGODB_URI: ctx.config.mongodbUri!,
        SMTP_URL: ctx.smtp.url,
        PUBLIC_URL: 'https://api.city.example',
        LOG_LEVEL: 'silent',
      }),
    );
    const res = await server.inject({ method: 'GET', url: '/health/live' });
    assert.match(String(res.headers['strict-transport-security']), /max-age=31536000; includeSubDomains/);
    assert.equal((await server.inject({ method: 'GET', url: '/dev/mailbox' })).statusCode, 404, 'no dev mailbox in production');
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer({ env: { TRUST_PROXY: '1' } })));
  after(async () => ctx?.stop());

  it('throttles per real client from X-Forwarded-For, ignoring what the client wrote itself', async () => {
    const attempt = (xff: string) =>
      ctx.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `x${Math.random()}@example.org`, password: 'Zle-Haslo-123456' },
        headers: { 'x-forwarded-for': xff },
        remoteAddress: '10.0.0.2',
      });
    for (let i = 0; i < 30; i++) await attempt(`198.51.100.${i}, 203.0.113.50`);
    assert.equal((await attempt('1.2.3.4, 203.0.113.50')).statusCode, 429, 'spoofed left-hand entries do not escape the per-client limit');
    assert.equal((await attempt('203.0.113.51')).statusCode, 401, 'another resident behind the same proxy is not affected');
  });
});
