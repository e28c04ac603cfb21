import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { resident, signedInStaff, startTestServer, type TestContext } from '../support/app.js';
import { TestSmsGateway } from '../support/sms.js';
import { startTestDatabase, uniqueDatabaseUri } from '../support/database.js';
import { TestSmtp, linkToken } from '../support/smtp.js';
import { createServer } from '../../server/src/server.js';
import { loadConfig } from '../../server/src/config.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('outbox: mail is never lost and never sent twice', () => {
  let ctx: TestContext;
  afterEach(async () => ctx?.stop());

  it('retries with backoff while SMTP refuses, then delivers once', async () => {
    ctx = await startTestServer();
    ctx.smtp.failNext(2);
    const body = resident();
    const reg = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
    assert.equal(reg.statusCode, 201, 'the request does not wait for SMTP');
    const mail = await ctx.smtp.waitFor(body.email);
    assert.ok(linkToken(mail, 'activate'));
    await sleep(500);
    assert.equal(ctx.smtp.to(body.email).length, 1);
    const doc = await ctx.app.outbox.model.findOne({ kind: 'activation' }).lean();
    assert.equal(doc!.status, 'sent');
    assert.equal(doc!.attempts, 3);
    assert.equal(doc!.sealed, undefined, 'the body with its one-time link is gone once sent');
  });

  it('schedules the first retry within 30 s by default and dead-letters after the last attempt', async () => {
    ctx = await startTestServer({ env: { OUTBOX_RETRY_BASE_MS: '5000', OUTBOX_MAX_ATTEMPTS: '2' } });
    ctx.smtp.failNext(10);
    const body = resident();
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
    let doc;
    for (let i = 0; i < 100 && !(doc && doc.attempts === 1 && doc.status === 'pending'); i++) {
      await sleep(50);
      doc = await ctx.app.outbox.model.findOne({ kind: 'activation' }).lean();
    }
    const delay = doc!.nextAttemptAt!.getTime() - Date.now();
    assert.ok(delay > 0 && delay <= 30_000, `first retry in ${delay} ms`);
    assert.match(doc!.lastError!, /Temporary failure|451/);
    await ctx.app.outbox.model.updateOne({ _id: doc!._id }, { $set: { nextAttemptAt: new Date() } });
    for (let i = 0; i < 100 && doc!.status !== 'dead'; i++) {
      await sleep(50);
      doc = await ctx.app.outbox.model.findOne({ _id: doc!._id }).lean();
    }
    assert.equal(doc!.status, 'dead');
    assert.equal(doc!.attempts, 2);
    assert.equal(ctx.smtp.to(body.email).length, 0);
  });

  it('two API nodes on one database deliver every message exactly once', async () => {
    ctx = await startTestServer();
    const second = await createServer(loadConfig({ ...envOf(ctx), PORT: '0' }));
    await second.initialize();
    try {
      const addresses = Array.from({ length: 40 }, (_, i) => `bulk${i}@example.org`);
      await Promise.all(
        addresses.map((to, i) => (i % 2 ? ctx.app : second.app.civic).outbox.enqueue({ channel: 'email', to, kind: 'test', subject: `m${i}`, text: 'hello' })),
      );
      for (let i = 0; i < 200 && ctx.smtp.messages.length < addresses.length; i++) await sleep(50);
      await sleep(500);
      assert.equal(ctx.smtp.messages.length, addresses.length);
      for (const a of addresses) assert.equal(ctx.smtp.to(a).length, 1, a);
    } finally {
      await second.stop();
    }
  });

  it('a dedupe key makes a retried enqueue a no-op', async () => {
    ctx = await startTestServer();
    for (let i = 0; i < 3; i++)
      await ctx.app.outbox.enqueue({ channel: 'email', to: 'once@example.org', kind: 'test', dedupeKey: 'same', subject: 's', text: 't' });
    await ctx.smtp.waitFor('once@example.org');
    await sleep(300);
    assert.equal(ctx.smtp.to('once@example.org').length, 1);
  });
});

function envOf(ctx: TestContext): Record<string, string> {
  const c = ctx.config;
  return {
    NODE_ENV: 'test',
    MONGODB_URI: c.mongodbUri!,
    SMTP_URL: c.smtpUrl!,
    JWT_SECRET: c.jwtSecret,
    DATA_DIR: c.dataDir,
    LOG_LEVEL: 'silent',
    PUBLIC_URL: c.publicUrl,
    APP_URL: c.appUrl,
    OUTBOX_POLL_MS: '50',
    OUTBOX_RETRY_BASE_MS: '100',
  };
}

describe('outbox: the server killed between "registration acknowledged" and "email sent"', () => {
  let child: ChildProcess | undefined;
  let smtp: TestSmtp;
  let blackhole: net.Server;
  const sockets = new Set<net.Socket>();
  afterEach(async () => {
    child?.kill('SIGKILL');
    await smtp?.stop();
    for (const s of sockets) s.destroy();
    await new Promise((r) => blackhole?.close(r));
  });

  async function startChild(env: Record<string, string>): Promise<{ url: string; proc: ChildProcess }> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    const deadline = Date.now() + 60_000;
    while (!/listening on (\S+)/.test(out)) {
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start: ${out}`);
      await sleep(100);
    }
    return { url: /listening on (\S+)/.exec(out)![1]!, proc };
  }

  it('delivers the activation email exactly once after a restart', async function () {
    this.timeout(120_000);
    const dbUri = uniqueDatabaseUri(await startTestDatabase());
    smtp = await new TestSmtp().start();
    // an SMTP relay that accepts the connection and never answers: the worker is mid-send when we kill it
    blackhole = net.createServer((s) => sockets.add(s));
    await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', () => r()));
    const env = {
      NODE_ENV: 'test',
      PORT: '0',
      MONGODB_URI: dbUri,
      JWT_SECRET: 'crash-test-secret-crash-test-secret-0123',
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'civickit-crash-')),
      LOG_LEVEL: 'silent',
      OUTBOX_POLL_MS: '100',
      OUTBOX_RETRY_BASE_MS: '200',
      OUTBOX_LEASE_MS: '3000',
    };
    const first = await startChild({ ...env, SMTP_URL: `smtp://127.0.0.1:${(blackhole.address() as net.AddressInfo).port}` });
    child = first.proc;
    const body = resident();
    const res = await fetch(`${first.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 201);
    for (let i = 0; i < 100 && sockets.size === 0; i++) await sleep(50);
    assert.ok(sockets.size > 0, 'the worker had started sending');
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.once('exit', r));
    assert.equal(smtp.messages.length, 0);

    const second = await startChild({ ...env, SMTP_URL: smtp.url });
    child = second.proc;
    const mail = await smtp.waitFor(body.email, () => true, 20_000);
    const token = linkToken(mail, 'activate');
    await sleep(1500);
    assert.equal(smtp.to(body.email).length, 1, 'exactly once');
    const act = await fetch(`${second.url}/api/v1/auth/activate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    assert.equal(act.status, 200);
  });
});

describe('outbox: a crash between creating the account and queueing its email', () => {
  let ctx: TestContext;
  after(async () => ctx?.stop());

  it('is finished by the pending-mail sweeper with a fresh working link', async () => {
    ctx = await startTestServer();
    const email = 'interrupted@example.org';
    // the state a crash right after the account insert leaves behind
    await ctx.app.accounts.models.User.collection.insertOne({
      email,
      passwordHash: await ctx.app.hasher.hash('korektnyKon-Bateria7'),
      firstName: 'Ewa',
      lastName: 'Lis',
      phone: '+48600100200',
      locale: 'pl',
      role: 'resident',
      status: 'pending_activation',
      pendingMail: 'activation',
      tokenVersion: 0,
      createdAt: new Date(Date.now() - 120_000),
      updatedAt: new Date(Date.now() - 120_000),
    });
    assert.equal(await ctx.app.accounts.sweepPendingMail(), 1);
    const mail = await ctx.smtp.waitFor(email);
    const act = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: linkToken(mail, 'activate') } });
    assert.equal(act.statusCode, 200);
    assert.equal(await ctx.app.accounts.sweepPendingMail(), 0, 'nothing left to finish');
  });
});

describe('outbox: SMS gateway outage and dead letters', () => {
  let ctx: TestContext;
  let sms: TestSmsGateway;
  before(async () => {
    sms = await new TestSmsGateway().start();
    ctx = await startTestServer({ env: { SMS_WEBHOOK_URL: sms.url, OUTBOX_MAX_ATTEMPTS: '3' } });
  });
  after(async () => {
    await ctx?.stop();
    await sms?.stop();
  });

  it('retries SMS while the gateway answers 503 and delivers each once, with a stable Idempotency-Key', async () => {
    sms.failNext(2);
    await ctx.app.outbox.enqueue({ channel: 'sms', to: '+48600300400', kind: 'test', text: 'Kod 123456' });
    const got = await sms.waitFor('+48600300400');
    await sleep(400);
    assert.equal(sms.to('+48600300400').length, 1);
    assert.ok(got.idempotencyKey, 'the gateway can drop a duplicate by this key');
  });

  it('dead-letters after the last attempt; admins see it and queue it again', async () => {
    ctx.smtp.failNext(3);
    await ctx.app.outbox.enqueue({ channel: 'email', to: 'dead.letter@example.org', kind: 'test', subject: 'Ważne', text: 'treść' });
    let dead = 0;
    for (let i = 0; i < 100 && !dead; i++) {
      await sleep(100);
      dead = await ctx.app.outbox.model.countDocuments({ status: 'dead' });
    }
    assert.equal(dead, 1);
    const admin = await signedInStaff(ctx, 'admin');
    const list = await ctx.inject({ method: 'GET', url: '/api/v1/admin/outbox', token: admin.accessToken });
    assert.equal(list.statusCode, 200);
    assert.equal(list.json.counts.dead, 1);
    const [letter] = list.json.items;
    assert.equal(letter.to, 'dead.letter@example.org');
    assert.equal(letter.attempts, 3);
    assert.match(letter.lastError, /451|Temporary/);
    assert.ok(!list.payload.includes('treść'), 'bodies stay sealed');
    const resident = await signedInStaff(ctx, 'staff', 'roads');
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/admin/outbox', token: resident.accessToken })).statusCode, 403);

    const retry = await ctx.inject({ method: 'POST', url: `/api/v1/admin/outbox/${letter.id}/retry`, token: admin.accessToken });
    assert.equal(retry.statusCode, 202);
    await ctx.smtp.waitFor('dead.letter@example.org');
    const again = await ctx.inject({ method: 'POST', url: `/api/v1/admin/outbox/${letter.id}/retry`, token: admin.accessToken });
    assert.equal(again.statusCode, 409, 'only dead letters can be retried');
  });
});

describe('SMS through SMSAPI.pl', () => {
  let ctx: TestContext;
  let gateway: http.Server;
  const received: Array<Record<string, string>> = [];
  const seenIdx = new Set<string>();
  let failNext = 0;
  before(async () => {
    // a real HTTP server answering as SMSAPI's /sms.do does (errors come as HTTP 200 with {error, message})
    gateway = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(body));
        res.setHeader('content-type', 'application/json');
        if (req.headers.authorization !== 'Bearer test-smsapi-token-123') return void res.end('{"error":101,"message":"Authorization failed"}');
        if (failNext > 0) {
          failNext--;
          return void res.end('{"error":201,"message":"Temporary error"}');
        }
        if (form.check_idx === '1' && seenIdx.has(form.idx!)) return void res.end('{"error":105,"message":"Invalid idx"}');
        seenIdx.add(form.idx!);
        received.push(form);
        res.end(JSON.stringify({ count: 1, list: [{ id: String(received.length), points: 0.16, number: form.to, status: 'QUEUE' }] }));
      });
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(gateway.address() as net.AddressInfo).port}/sms.do`;
    ctx = await startTestServer({ env: { SMSAPI_TOKEN: 'test-smsapi-token-123', SMSAPI_URL: url, SMSAPI_FROM: 'Krakow' } });
  });
  after(async () => {
    await ctx?.stop();
    await new Promise((r) => gateway?.close(r));
  });

  it('sends each SMS once, retrying the gateway’s errors, with a de-duplication idx', async () => {
    failNext = 1;
    await ctx.app.outbox.enqueue({ channel: 'sms', to: '+48600300500', kind: 'test', text: 'Kod 654321' });
    for (let i = 0; i < 100 && received.length === 0; i++) await sleep(50);
    await sleep(300);
    assert.equal(received.length, 1);
    assert.equal(received[0]!.to, '48600300500');
    assert.equal(received[0]!.message, 'Kod 654321');
    assert.equal(received[0]!.from, 'Krakow');
    assert.ok(received[0]!.idx);
    assert.equal(ctx.config.devMailbox, false, 'no catcher when both SMTP and SMS go to real services');
  });
});
