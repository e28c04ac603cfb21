import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../server/src/db/embedded.js';
import { resident, startTestServer, type TestContext } from '../support/app.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('idempotency keys', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('a retried registration is answered again, not repeated', async () => {
    const body = resident();
    const headers = { 'idempotency-key': 'reg-7f3a9c1e-retry' };
    const first = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body, headers });
    const retry = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body, headers });
    assert.equal(first.statusCode, 201);
    assert.equal(retry.statusCode, 201);
    assert.deepEqual(retry.json, first.json);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    await ctx.smtp.waitFor(body.email);
    await sleep(400);
    assert.equal(ctx.smtp.to(body.email).length, 1, 'one activation email, not an "already registered" notice');
    const other = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...body, firstName: 'Inny' }, headers });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json.code, 'conflict');
    const bad = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body, headers: { 'idempotency-key': 'no spaces allowed' } });
    assert.equal(bad.statusCode, 400);
  });

  it('a retried report creates one report with one tracking code', async () => {
    const payload = { categoryId: 'litter', description: 'Przepełniony kosz przy przystanku', location: { lat: 50.3265, lng: 19.0297 } };
    const headers = { 'idempotency-key': 'report-0d9b2f1c77' };
    const a = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload, headers });
    const b = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload, headers });
    assert.equal(a.statusCode, 201);
    assert.deepEqual(b.json, a.json);
    assert.equal(await ctx.app.conn.db!.collection('reports').countDocuments({ description: payload.description }), 1);
    // a failed request is not remembered: the corrected retry with the same key goes through
    const k = { 'idempotency-key': 'report-fixme-123456' };
    const broken = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: { ...payload, categoryId: 'nope' }, headers: k });
    assert.equal(broken.statusCode, 400);
    const fixed = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload, headers: k });
    assert.equal(fixed.statusCode, 201);
  });
});

describe('database outage', () => {
  let db: EmbeddedDatabase | undefined;
  let ctx: TestContext | undefined;
  let dir: string;
  after(async () => {
    await ctx?.stop().catch(() => {});
    await db?.stop();
  });

  it('answers 503 with Retry-After within seconds while the database is gone, and recovers by itself', async function () {
    this.timeout(120_000);
    dir = mkdtempSync(path.join(os.tmpdir(), 'civickit-outage-'));
    db = await startEmbeddedDatabase(dir, () => {});
    const port = Number(new URL(db.uri).port);
    ctx = await startTestServer({ env: { MONGODB_URI: db.uri.replace('/civickit', '/outage') } });

    const acknowledged: string[] = [];
    for (let i = 0; i < 3; i++) {
      const body = resident();
      const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
      assert.equal(res.statusCode, 201);
      acknowledged.push(body.email);
    }

    // kill the database process outright
    const { pid } = JSON.parse(readFileSync(path.join(dir, 'db', 'instance.json'), 'utf8')) as { pid: number };
    process.kill(pid, 'SIGKILL');
    await sleep(200);

    const started = Date.now();
    const during = await Promise.all([
      ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: resident() }),
      ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: acknowledged[0], password: 'whatever-password' } }),
      ctx.inject({ method: 'GET', url: '/api/v1/reports' }),
      ctx.inject({ method: 'GET', url: '/health/ready' }),
    ]);
    const took = Date.now() - started;
    for (const res of during) {
      assert.equal(res.statusCode, 503, res.payload);
      assert.equal(res.json.code, 'service_unavailable');
      assert.ok(Number(res.headers['retry-after']) > 0);
      assert.doesNotMatch(res.payload, /Mongo|ECONNREFUSED|at \w+ \(/, 'no internals in the answer');
    }
    assert.ok(took < 10_000, `answered in ${took} ms, not after a 30-second hang`);
    assert.equal((await ctx.inject({ method: 'GET', url: '/health/live' })).statusCode, 200);

    // the database comes back on the same address with the same data
    db = await startEmbeddedDatabase(dir, () => {}, { port });
    let ready = 0;
    for (let i = 0; i < 100 && ready !== 200; i++) {
      await sleep(200);
      ready = (await ctx.inject({ method: 'GET', url: '/health/ready' })).statusCode;
    }
    assert.equal(ready, 200, 'recovered without a restart');
    const after = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: resident() });
    assert.equal(after.statusCode, 201);
    for (const email of acknowledged) assert.equal(await ctx.app.accounts.models.User.countDocuments({ email }), 1, `${email} was acknowledged and kept`);
  });
});
