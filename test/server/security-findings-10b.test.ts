/**
 * Regression tests for issue 10's findings 3, 4, 9, 10 and 12 (docs/security.md): each failed on the
 * code before its fix.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { ConfigError, loadConfig } from '../../server/src/config.js';
import { checkPassword, checkPasswordAsync } from '../../server/src/lib/passwords.js';
import { Gate } from '../../server/src/lib/gate.js';
import { signedInStaff, startTestServer, type TestContext } from '../support/app.js';
import { call, HERE, issueKey, profileWithQuestions } from './helpers/open311.js';
import { multipart, phoneJpeg, reportParts } from './helpers/reports.js';

const run = promisify(execFile);
const V2 = '/open311/v2';

/** A 128-character keyboard walk: zxcvbn's spatial matcher is what made one check cost ~1 s of CPU. */
const WALK = 'qwertyuiopasdfghjklzxcvbnm1234567890!@#$%^&*()_+QWERTYUIOPASDFGHJKL:ZXCVBNM<>?poiuytrewq;lkjhgfdsa/.,mnbvcxz0987654321)(*&^%$#@!';

describe('finding 3: password strength is bounded and checked off the event loop', () => {
  it('ten 128-character keyboard walks in flight leave the event loop free', async function () {
    this.timeout(120_000);
    assert.equal([...WALK].length, 128);
    const order: string[] = [];
    const checks = Array.from({ length: 10 }, (_, i) =>
      checkPasswordAsync(`${WALK.slice(i)}${WALK.slice(0, i)}`, ['jan@example.org']).then(() => order.push(`check ${i}`)),
    );
    // what a concurrent GET /categories needs: the loop to come round while the checks run
    const loop = new Promise<void>((resolve) => setImmediate(() => (order.push('loop'), resolve())));
    await Promise.all([...checks, loop]);
    assert.ok(order.indexOf('loop') < order.length - 1, `the event loop came round only after every check finished: ${order.join(', ')}`);
  });

  it('refuses the same passwords with the same codes as before, sync and async alike', async () => {
    const cases: Array<[string, string[], string | undefined]> = [
      ['short', [], 'too_short'],
      ['x'.repeat(129), [], 'too_long'],
      ['zaq12wsxzaq12wsx', [], 'breached'],
      ['password1234', [], 'breached'],
      ['kowalskikowalski', ['Kowalski'], 'breached'],
      ['korektnyKon-Bateria7', ['jan@example.org'], undefined],
      [WALK, [], undefined],
    ];
    for (const [password, context, code] of cases) {
      assert.equal(await checkPasswordAsync(password, context), code, `async ${password}`);
      assert.equal(checkPassword(password, context), code, `sync ${password}`);
    }
  });
});

describe('finding 4: photo decoding bounded by decoded bytes, with a server-wide decode limit', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  const send = async (photos: Buffer[]) => {
    const body = await multipart([...reportParts(), ...photos.map((value) => ({ name: 'photos', value, filename: 'photo.png', type: 'image/png' }))]);
    return ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: body.payload, headers: body.headers });
  };

  it('refuses a 7000×7000 16-bit PNG (49 MP, under the pixel limit) with 413 and creates nothing; a normal photo still works', async function () {
    this.timeout(120_000);
    const bomb = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#808080' } })
      .toColourspace('rgb16')
      .png({ compressionLevel: 9 })
      .toBuffer();
    const meta = await sharp(bomb).metadata();
    assert.equal(meta.depth, 'ushort', 'the test image is 16 bits per sample');
    assert.ok(bomb.length < 1_000_000, `the bomb is small on the wire (${bomb.length} bytes)`);
    const reports = await ctx.app.reports.models.Report.countDocuments();
    const res = await send([bomb]);
    assert.equal(res.statusCode, 413, res.payload);
    assert.equal(res.json.code, 'payload_too_large');
    assert.match(res.json.message, /Photo 1 .*MB when decoded/);
    assert.equal(await ctx.app.reports.models.Report.countDocuments(), reports, 'no report is created');
    const ok = await send([await phoneJpeg(1600, 1200)]);
    assert.equal(ok.statusCode, 201, ok.payload);
  });

  it('the decode gate runs at most its slots at once, queues a bounded number and answers 503 with Retry-After beyond', async () => {
    const gate = new Gate({ slots: 2, budget: 100, maxWaiting: 2, what: 'photo decoding' });
    let running = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const job = () =>
      new Promise<void>((resolve) => {
        running++;
        most = Math.max(most, running);
        release.push(() => {
          running--;
          resolve();
        });
      });
    const accepted = [gate.run(10, job), gate.run(10, job), gate.run(10, job), gate.run(10, job)];
    const refused = await gate.run(10, job).then(
      () => undefined,
      (err) => err,
    );
    assert.equal(refused?.output?.statusCode, 503);
    assert.equal(refused.output.payload.code, 'service_unavailable');
    assert.ok(Number(refused.output.headers['Retry-After']) >= 1);
    // a job heavier than what is left of the budget waits even when a slot is free
    while (release.length) {
      release.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(accepted);
    assert.equal(most, 2);
    const heavy = new Gate({ slots: 4, budget: 100, maxWaiting: 4, what: 'photo decoding' });
    const order: string[] = [];
    let finishFirst!: () => void;
    const first = heavy.run(60, () => new Promise<void>((r) => (finishFirst = () => (order.push('first done'), r()))));
    const second = heavy.run(60, async () => void order.push('second ran'));
    await new Promise((r) => setImmediate(r));
    finishFirst();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first done', 'second ran'], 'over the byte budget: waits for the first to finish');
  });
});

describe('finding 9: the development catchers only on loopback or with CIVICKIT_DEV=1', () => {
  const PUBLIC = { PUBLIC_URL: 'https://zglos.example.gov.pl', MONGODB_URI: 'mongodb://db.example.gov.pl/civickit', JWT_SECRET: 'p'.repeat(40) };
  const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'civickit-f9-'));

  it('refuses to start without SMTP_URL on a public address, with one line naming the variables', async function () {
    this.timeout(60_000);
    for (const env of [
      PUBLIC,
      { ...PUBLIC, PUBLIC_URL: 'http://127.0.0.1:3000', HOST: '0.0.0.0' },
      { ...PUBLIC, PUBLIC_URL: 'http://localhost.example.com' },
    ]) {
      let error: unknown;
      try {
        loadConfig({ ...env, DATA_DIR: dataDir() });
      } catch (err) {
        error = err;
      }
      assert.ok(error instanceof ConfigError, `refused: ${JSON.stringify(env)}`);
      assert.equal(error.problems.length, 1);
      assert.match(error.problems[0]!, /^SMTP_URL: .*HOST.*PUBLIC_URL.*CIVICKIT_DEV=1/);
    }
    const res = await run(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
      env: { ...process.env, ...PUBLIC, NODE_ENV: '', SMTP_URL: '', HOST: '', DATA_DIR: dataDir() },
    }).catch((e) => e);
    assert.equal(res.code, 78, 'start fails');
    assert.match(res.stderr, /SMTP_URL: .*PUBLIC_URL/);
  });

  it('with SMTP_URL but no SMS gateway on a public address: no SMS catcher, no /dev/mailbox', async () => {
    const ctx = await startTestServer({ env: { PUBLIC_URL: 'https://zglos.example.gov.pl', CORS_ORIGINS: 'https://zglos.example.gov.pl' } });
    try {
      assert.equal(ctx.config.devMailbox, false);
      assert.equal((await ctx.inject({ method: 'GET', url: '/dev/mailbox/messages.json' })).statusCode, 404);
      assert.equal((await ctx.inject({ method: 'GET', url: '/dev/mailbox' })).statusCode, 404);
    } finally {
      await ctx.stop();
    }
  });

  it('keeps the catchers by default on loopback, and with CIVICKIT_DEV=1 anywhere (never in production)', () => {
    assert.equal(loadConfig({ DATA_DIR: dataDir() }).devMailbox, true, 'defaults: 127.0.0.1 and http://127.0.0.1:3000');
    assert.equal(loadConfig({ DATA_DIR: dataDir(), HOST: 'localhost', PUBLIC_URL: 'http://localhost:8080' }).devMailbox, true);
    assert.equal(loadConfig({ DATA_DIR: dataDir(), HOST: '::1', PUBLIC_URL: 'http://[::1]:3000' }).devMailbox, true);
    assert.equal(loadConfig({ DATA_DIR: dataDir(), HOST: '127.0.0.2', PUBLIC_URL: 'http://127.1.2.3' }).devMailbox, true);
    assert.equal(loadConfig({ ...PUBLIC, DATA_DIR: dataDir(), HOST: '0.0.0.0', CIVICKIT_DEV: '1' }).devMailbox, true);
    assert.throws(() => loadConfig({ ...PUBLIC, NODE_ENV: 'production', SMTP_URL: 'smtp://relay:25', CIVICKIT_DEV: '1' }), /CIVICKIT_DEV/);
  });
});

describe('finding 10: Open311 attributes only for the service’s codes', () => {
  let ctx: TestContext;
  let key: string;
  before(async () => {
    ctx = await startTestServer({ profile: profileWithQuestions });
    key = await issueKey(ctx, 'attributes', 1000);
  });
  after(async () => ctx?.stop());

  for (const format of ['json', 'xml'] as const) {
    it(`refuses __proto__, constructor, toString and unknown codes with the spec's 400 (${format})`, async () => {
      const reports = await ctx.app.reports.models.Report.countDocuments();
      for (const code of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'NOPE']) {
        for (const service_code of ['street-light', 'pothole']) {
          for (const name of [`attribute[${code}]`, `attribute[${code}][]`]) {
            const res = await call(ctx, 'POST', `${V2}/requests.${format}`, {
              api_key: key,
              service_code,
              lat: HERE.lat,
              long: HERE.long,
              'attribute[POLE]': 'S-1',
              [name]: 'x',
            });
            assert.equal(res.status, 400, `${service_code} ${name}: ${res.raw}`);
            const errors = format === 'json' ? res.body : res.body.error;
            assert.ok(Array.isArray(errors), res.raw);
            const mine = errors.filter((e: { description: string }) => e.description.includes(`attribute[${code}]`));
            assert.equal(mine.length, 1, res.raw);
            assert.equal(String(mine[0].code), '400');
          }
        }
      }
      assert.equal(await ctx.app.reports.models.Report.countDocuments(), reports, 'nothing stored');
      const ok = await call(ctx, 'POST', `${V2}/requests.${format}`, {
        api_key: key,
        service_code: 'street-light',
        lat: HERE.lat,
        long: HERE.long,
        'attribute[POLE]': 'S-2',
        'attribute[KIND]': 'dark',
      });
      assert.equal(ok.status, 200, ok.raw);
    });
  }
});

describe('finding 12: admin CSV import takes plain addresses only', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('reports display names, quotes, commas and control characters as invalid rows and mails nobody there', async () => {
    const admin = await signedInStaff(ctx, 'admin');
    const csv = [
      'email,firstName,lastName,phone',
      'Jan<victim@evil.example>,Jan,Kot,600700801',
      '"Jan <victim@evil.example>",Jan,Kot,600700802',
      '"jan@example.org,victim@evil.example",Jan,Kot,600700803',
      '"""jan""@victim.evil.example",Jan,Kot,600700804',
      '"jan@example.org\r\nBcc: victim@evil.example",Jan,Kot,600700805',
      'jan\u0007@evil.example,Jan,Kot,600700806',
      'victim@evil.example (Jan),Jan,Kot,600700807',
      'good.row@example.org,Ala,Nowak,600700808',
    ].join('\r\n');
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/v1/admin/users/import',
      payload: csv,
      headers: { 'content-type': 'text/csv' },
      token: admin.accessToken,
    });
    assert.equal(res.statusCode, 200, res.payload);
    assert.equal(res.json.created, 1);
    assert.deepEqual(
      res.json.errors.map((e: { line: number; fields: Record<string, string> }) => [e.line, e.fields.email]),
      [
        [2, 'invalid'],
        [3, 'invalid'],
        [4, 'invalid'],
        [5, 'invalid'],
        [6, 'invalid'],
        [8, 'invalid'],
        [9, 'invalid'],
      ],
    );
    await ctx.smtp.waitFor('good.row@example.org');
    assert.deepEqual(
      ctx.smtp.messages.filter((m) => m.to.some((to) => /victim|evil/.test(to))).map((m) => m.to),
      [],
      'nothing mailed to the victim',
    );
    assert.equal(await ctx.app.conn.db!.collection('outboxes').countDocuments({ to: /victim|evil/ }), 0, 'nothing queued for the victim');
    assert.equal(await ctx.app.conn.db!.collection('users').countDocuments({ email: /victim|evil/ }), 0, 'no account for the victim');
  });

  it('npm run cli -- import-users refuses the same row by line, exit 1', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'civickit-f12-'));
    const file = path.join(dir, 'legacy.csv');
    writeFileSync(file, 'email;firstName;lastName;phone\nOla<cli.victim@evil.example>;Ola;Kot;600700809\n');
    const env = { ...process.env, MONGODB_URI: ctx.config.mongodbUri!, DATA_DIR: dir, JWT_SECRET: ctx.config.jwtSecret, CIVICKIT_CONFIG: '' };
    const out = await run('npm', ['run', '--silent', 'cli', '--', 'import-users', file], { env }).catch((e) => e);
    assert.equal(out.code, 1, `exit code: ${out.stdout}`);
    assert.match(out.stdout, /line 2: email invalid/);
    assert.match(out.stdout, /0 created/);
    assert.equal(await ctx.app.conn.db!.collection('users').countDocuments({ email: /victim|evil/ }), 0);
  });
});
