import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigError, loadConfig } from '../../server/src/config.js';
import { startEmbeddedDatabase } from '../../server/src/db/embedded.js';
import { GOOD_PASSWORD, startTestServer, type TestContext } from '../support/app.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('configuration', () => {
  it('names every problem, one line each, and never starts half-configured', () => {
    try {
      loadConfig({ PORT: 'abc', SMTP_URL: 'http://nope', CORS_ORIGINS: 'null,https://ok.example,*', JWT_SECRET: 'short' });
      assert.fail('should throw');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      const text = err.problems.join('\n');
      assert.match(text, /^PORT: /m);
      assert.match(text, /^SMTP_URL: /m);
      assert.match(text, /^JWT_SECRET: /m);
    }
    try {
      loadConfig({ CORS_ORIGINS: 'null,*' });
      assert.fail('should throw');
    } catch (err) {
      assert.equal((err as ConfigError).problems.length, 2);
      assert.match((err as ConfigError).problems[0]!, /^CORS_ORIGINS: "null"/);
    }
  });

  it('refuses to start in production without JWT_SECRET, MONGODB_URI and SMTP_URL', () => {
    try {
      loadConfig({ NODE_ENV: 'production' });
      assert.fail('should throw');
    } catch (err) {
      const names = (err as ConfigError).problems.map((p) => p.split(':')[0]);
      for (const name of ['JWT_SECRET', 'MONGODB_URI', 'SMTP_URL']) assert.ok(names.includes(name), name);
    }
    const prod = {
      NODE_ENV: 'production',
      JWT_SECRET: 'p'.repeat(40),
      MONGODB_URI: 'mongodb://db/civickit',
      SMTP_URL: 'smtp://relay:25',
      PUBLIC_URL: 'https://api.example',
    };
    // the example offers login.gov.pl, whose keys production requires too (identity-config.test.ts); here only the SMS rule
    const krakow = path.join(mkdtempSync(path.join(os.tmpdir(), 'civickit-cfg-')), 'krakow.json');
    writeFileSync(krakow, JSON.stringify({ ...JSON.parse(readFileSync('examples/profiles/krakow.json', 'utf8')), identityProviders: [] }));
    assert.throws(
      () => loadConfig({ ...prod, CIVICKIT_CONFIG: krakow }),
      (err: ConfigError) => err.problems.some((p) => p.startsWith('SMS_WEBHOOK_URL: required')),
    );
    assert.equal(loadConfig({ ...prod, CIVICKIT_CONFIG: krakow, SMS_WEBHOOK_URL: 'https://sms.example/send' }).devMailbox, false);
  });

  it('validates the municipality profile and ships valid example profiles', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'civickit-cfg-'));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        name: 'X',
        termsUrl: 'nope',
        contactEmail: 'a@b.c',
        departments: [{ id: 'd', name: { pl: 'a', en: 'a', de: 'a' } }],
        categories: [{ id: 'c', department: 'zzz', name: { pl: 'a', en: 'a', de: 'a' } }],
      }),
    );
    assert.throws(
      () => loadConfig({ CIVICKIT_CONFIG: bad, DATA_DIR: dir }),
      (err: ConfigError) => err.problems.every((p) => p.startsWith('CIVICKIT_CONFIG: ')) && err.problems.some((p) => /termsUrl/.test(p)),
    );
    for (const name of ['siemianowice', 'krakow']) {
      const config = loadConfig({ CIVICKIT_CONFIG: `examples/profiles/${name}.json`, DATA_DIR: dir });
      assert.ok(config.profile.categories.length > 0);
    }
    const krakow = loadConfig({ CIVICKIT_CONFIG: 'examples/profiles/krakow.json', DATA_DIR: dir }).profile;
    assert.equal(krakow.registration.requirePhoneVerification, true);
    assert.equal(loadConfig({ CIVICKIT_CONFIG: 'examples/profiles/siemianowice.json', DATA_DIR: dir }).profile.allowAnonymousReports, true);
  });

  it('generates a development JWT secret once into DATA_DIR', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'civickit-cfg-'));
    const a = loadConfig({ DATA_DIR: dir }).jwtSecret;
    const b = loadConfig({ DATA_DIR: dir }).jwtSecret;
    assert.equal(a, b);
    assert.ok(a.length >= 32);
    assert.ok(existsSync(path.join(dir, 'secrets.json')));
  });

  it('the server process exits with one line per problem', async () => {
    const res = await run(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
      env: { ...process.env, NODE_ENV: 'production', MONGODB_URI: '', SMTP_URL: '' },
    }).catch((e) => e);
    assert.equal(res.code, 78);
    assert.match(res.stderr, /JWT_SECRET: required when NODE_ENV=production/);
    assert.doesNotMatch(res.stderr, /at .*\.ts:\d+/, 'no stack trace');
  });
});

describe('HTTP platform: health, errors, headers, CORS, OpenAPI', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('answers /health/live and /health/ready', async () => {
    assert.equal((await ctx.inject({ method: 'GET', url: '/health/live' })).statusCode, 200);
    const ready = await ctx.inject({ method: 'GET', url: '/health/ready' });
    assert.equal(ready.statusCode, 200);
  });

  it('maps unknown routes to not_found in the contract shape', async () => {
    const res = await ctx.inject({ method: 'GET', url: '/api/v1/nope' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json.code, 'not_found');
    assert.equal(res.json.statusCode, 404);
    assert.equal(res.json.error, 'Not Found');
  });

  it('sends security headers and no version headers', async () => {
    const res = await ctx.inject({ method: 'GET', url: '/api/v1/profile' });
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(res.headers['x-powered-by'], undefined);
    assert.equal(res.headers.server, undefined);
  });

  it('allows only the configured origins', async () => {
    const allowed = await ctx.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      headers: { origin: 'http://portal.test', 'access-control-request-method': 'POST' },
    });
    assert.equal(allowed.headers['access-control-allow-origin'], 'http://portal.test');
    const other = await ctx.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.notEqual(other.headers['access-control-allow-origin'], 'https://evil.example');
    const nullOrigin = await ctx.inject({ method: 'GET', url: '/api/v1/profile', headers: { origin: 'null' } });
    assert.equal(nullOrigin.headers['access-control-allow-origin'], undefined);
  });

  it('publishes an OpenAPI document generated from the routes', async () => {
    const res = await ctx.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    for (const p of ['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/me', '/api/v1/auth/password-reset/confirm']) assert.ok(res.json.paths[p], p);
    const docs = await ctx.inject({ method: 'GET', url: '/docs/api' });
    assert.equal(docs.statusCode, 200);
  });

  it('documents every operation’s statuses, bodies and media types (what npm run fuzz holds the server to)', async () => {
    const { json: doc } = await ctx.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(doc.openapi, '3.0.0');
    let operations = 0;
    for (const [path, methods] of Object.entries(
      doc.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string; type?: string } }> }> }>>,
    )) {
      assert.doesNotMatch(path, /\{format\}/, 'Open311 formats are separate operations');
      for (const [method, op] of Object.entries(methods)) {
        operations++;
        const where = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(op.responses);
        assert.ok(!statuses.includes('default'), where);
        // a 302 is the success of the sign-in redirects (/auth/providers/{id}/start, callback, acs)
        const success = statuses.filter((s) => s.startsWith('2') || s === '302');
        assert.ok(success.length, `${where}: a success status`);
        for (const s of success) {
          const content = op.responses[s]!.content;
          // API.md §4b fixes one 202 with a body: POST /alerts answers {status: "pending_confirmation"}
          if ((s === '202' && where !== 'POST /api/v1/alerts') || s === '204' || s === '302') assert.equal(content, undefined, `${where} ${s}: no body`);
          else assert.ok(content && Object.values(content).every((c) => c.schema.$ref || c.schema.type !== undefined), `${where} ${s}: a body schema`);
        }
        for (const s of statuses.filter((x) => Number(x) >= 400)) {
          const json = op.responses[s]!.content?.['application/json'];
          if (path.endsWith('.xml')) continue;
          // the contract's shape, or an extension of it (e.g. NotActiveError); Open311 keeps the spec's own format
          if (path.startsWith('/open311/')) assert.equal(json?.schema.$ref, '#/components/schemas/Open311Errors', `${where} ${s}`);
          else assert.match(String(json?.schema.$ref), /^#\/components\/schemas\/(\w+)?Error$/, `${where} ${s}`);
        }
      }
    }
    assert.ok(operations > 60, `${operations} operations`);
    const photo = doc.paths['/api/v1/reports/{id}/photos/{n}'].get.responses;
    assert.deepEqual(Object.keys(photo['200'].content), ['image/jpeg']);
    assert.deepEqual(Object.keys(photo['404'].content), ['application/json']);
    const error = doc.components.schemas.Error;
    assert.deepEqual([...error.required].sort(), ['code', 'error', 'message', 'statusCode']);
    for (const key of ['fields', 'retryAfter']) assert.ok(error.properties[key], key);
  });

  it('logs no personal data', async () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const logged = await startTestServer({ env: { LOG_LEVEL: 'info' } });
    (process.stdout as { write: unknown }).write = (chunk: string | Uint8Array) => (lines.push(String(chunk)), true);
    try {
      await logged.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'secret.person@example.org', password: 'Tajne-Haslo-1234' },
        headers: { authorization: 'Bearer abc.def.ghi' },
      });
      await logged.inject({ method: 'GET', url: '/api/v1/nope?email=secret.person@example.org' });
      await logged.inject({ method: 'GET', url: '/api/v1/reports/track/SECR-ETCO-DE42' });
    } finally {
      (process.stdout as { write: unknown }).write = write;
      await logged.stop();
    }
    const all = lines.join('');
    assert.ok(all.includes('/api/v1/auth/login'), 'requests are logged');
    for (const secret of ['secret.person', 'Tajne-Haslo', 'abc.def.ghi', '127.0.0.1', 'SECR-ETCO-DE42']) assert.ok(!all.includes(secret), secret);
  });

  it('serves the dev mailbox while the catchers are in use, never in production', async () => {
    const real = await startTestServer({ env: { SMS_WEBHOOK_URL: 'http://127.0.0.1:9/sms' } });
    try {
      assert.equal((await real.inject({ method: 'GET', url: '/dev/mailbox' })).statusCode, 404, 'SMTP_URL and SMS_WEBHOOK_URL set: no catcher, no mailbox');
    } finally {
      await real.stop();
    }
    const dev = await startTestServer({ env: { SMTP_URL: '', PUBLIC_URL: 'http://127.0.0.1:3000' } });
    try {
      assert.equal(dev.config.devMailbox, true);
      await dev.app.outbox.enqueue({
        channel: 'email',
        to: 'dev@example.org',
        kind: 'test',
        subject: 'Witaj',
        text: 'Link: http://portal.test/?civic_action=activate&token=abc',
      });
      let list: Array<{ to: string; channel: string; subject: string }> = [];
      for (let i = 0; i < 100 && !list.length; i++) {
        await sleep(50);
        list = (await dev.inject({ method: 'GET', url: '/dev/mailbox/messages.json' })).json;
      }
      assert.equal(list[0]!.to, 'dev@example.org');
      assert.equal(list[0]!.channel, 'email');
      assert.equal(list[0]!.subject, 'Witaj');
      const page = await dev.inject({ method: 'GET', url: '/dev/mailbox' });
      assert.match(page.payload, /<a href="http:\/\/portal\.test\/\?civic_action=activate&(amp|#38);token=abc">/);
    } finally {
      await dev.stop();
    }
    assert.equal(
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(40),
        MONGODB_URI: 'mongodb://h/db',
        SMTP_URL: 'smtp://h:25',
        PUBLIC_URL: 'https://a.example',
      }).devMailbox,
      false,
    );
  });
});

describe('embedded database and CLI', () => {
  it('keeps data across restarts and shares one database process per DATA_DIR', async function () {
    this.timeout(120_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'civickit-embedded-'));
    const first = await startEmbeddedDatabase(dir, () => {});
    const second = await startEmbeddedDatabase(dir, () => {});
    assert.equal(second.uri, first.uri, 'a second process reuses the running database');
    const mongoose = (await import('mongoose')).default;
    let conn = await mongoose.createConnection(first.uri).asPromise();
    await conn.db!.collection('probe').insertOne({ kept: true });
    await conn.close();
    await second.stop(); // not the owner: leaves it running
    await first.stop();
    const info = path.join(dir, 'db', 'instance.json');
    assert.ok(!existsSync(info));
    // a stale instance file from a crashed process is ignored
    writeFileSync(info, JSON.stringify({ pid: 999_999, port: 1, engine: 'ferretdb' }));
    const again = await startEmbeddedDatabase(dir, () => {});
    conn = await mongoose.createConnection(again.uri).asPromise();
    assert.equal(await conn.db!.collection('probe').countDocuments({ kept: true }), 1);
    await conn.close();
    await again.stop();
  });

  it('npm run cli -- create-user works on the running server’s database', async function () {
    this.timeout(180_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'civickit-cli-'));
    const env = { ...process.env, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent', MONGODB_URI: '' };
    delete (env as Record<string, string | undefined>).MONGODB_URI;
    const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    server.stdout!.on('data', (d) => (out += d));
    server.stderr!.on('data', (d) => (out += d));
    try {
      for (let i = 0; i < 600 && !/listening on (\S+)/.test(out); i++) await sleep(100);
      const url = /listening on (\S+)/.exec(out)![1];
      const cli = await run(
        'npm',
        [
          'run',
          '--silent',
          'cli',
          '--',
          'create-user',
          '--email',
          'Staff@City.example',
          '--password',
          GOOD_PASSWORD,
          '--role',
          'staff',
          '--department',
          'roads',
          '--first-name',
          'Anna',
          '--last-name',
          'Nowak',
        ],
        { env },
      );
      const id = cli.stdout.trim().split('\n').at(-1)!;
      assert.match(id, /^[a-f0-9]{24}$/);
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'staff@city.example', password: GOOD_PASSWORD }),
      });
      assert.equal(login.status, 200);
      const body = (await login.json()) as { user: { id: string; role: string; department: string } };
      assert.deepEqual([body.user.id, body.user.role, body.user.department], [id, 'staff', 'roads']);
      const dup = await run(
        'npm',
        [
          'run',
          '--silent',
          'cli',
          '--',
          'create-user',
          '--email',
          'staff@city.example',
          '--password',
          GOOD_PASSWORD,
          '--role',
          'staff',
          '--department',
          'roads',
        ],
        { env },
      ).catch((e) => e);
      assert.equal(dup.code, 1);
      assert.match(dup.stderr, /email taken/);
      const bad = await run('npm', ['run', '--silent', 'cli', '--', 'create-user', '--email', 'x@y.example', '--password', 'password1234', '--role', 'king'], {
        env,
      }).catch((e) => e);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /--role must be one of/);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    assert.ok(!existsSync(path.join(dir, 'db', 'instance.json')), 'the server stopped its database on SIGTERM');
    assert.ok(readFileSync(path.join(dir, 'secrets.json'), 'utf8').includes('jwtSecret'));
  });
});

describe('HTTP caching', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('lets public, declared-cacheable routes be cached and keeps everything else no-store', async () => {
    const profile = await ctx.inject({ method: 'GET', url: '/api/v1/profile' });
    assert.match(String(profile.headers['cache-control']), /max-age=300/);
    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.example', password: 'x' } });
    assert.equal(login.headers['cache-control'], 'no-store');
  });
});
