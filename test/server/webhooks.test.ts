import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { Webhook } from 'standardwebhooks';
import { ConfigError, loadConfig } from '../../server/src/config.js';
import { createServer } from '../../server/src/server.js';
import { startTestServer, type TestContext } from '../support/app.js';
import { authorize, Browser, freePort, krakowWithClients, login, relyingParty, signInThrough, VOTING_SECRET, WEBHOOK_KEY } from './helpers/city-op.js';

const SECRET = `whsec_${WEBHOOK_KEY}`;
const PASSWORD = 'Sukiennice-Rynek-1257';

/** A real HTTP receiver answering each request with the next scripted status (then the last one again). */
class Receiver {
  readonly received: Array<{ headers: Record<string, string>; body: string; at: number }> = [];
  statuses: number[] = [200];
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      this.received.push({ headers: req.headers as Record<string, string>, body, at: Date.now() });
      res.statusCode = this.statuses.length > 1 ? this.statuses.shift()! : this.statuses[0]!;
      res.end();
    });
  });
  url = '';
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }
  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('webhooks (API.md §8, Standard Webhooks)', function () {
  this.timeout(90_000);
  let ctx: TestContext;
  let votingHook: Receiver;
  let auditHook: Receiver;
  let origin: string;
  let env: Record<string, string>;
  let profile: Record<string, unknown>;

  before(async () => {
    votingHook = await new Receiver().start();
    auditHook = await new Receiver().start();
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    profile = krakowWithClients({
      webhooks: [
        { id: 'voting-hook', url: votingHook.url, events: ['account.deleted', 'report.created'], client: 'voting' },
        { id: 'audit', url: auditHook.url, events: ['account.deleted', 'account.updated'] },
      ],
    });
    env = {
      PORT: String(port),
      PUBLIC_URL: origin,
      OIDC_CLIENT_VOTING_SECRET: VOTING_SECRET,
      WEBHOOK_VOTING_HOOK_SECRET: SECRET,
      WEBHOOK_AUDIT_SECRET: SECRET,
      // the Standard Webhooks schedule, shrunk: the same code path, seconds become tenths
      WEBHOOK_RETRY_SCHEDULE: '0.3,0.6,1.2',
    };
    ctx = await startTestServer({ listen: true, profile, env });
  });
  after(async () => {
    await ctx?.stop();
    await votingHook.stop();
    await auditHook.stop();
  });

  async function residentWhoVoted(email: string): Promise<{ id: string; sub: string; accessToken: string }> {
    const user = await ctx.app.accounts.administration.createActiveUser({ email, password: PASSWORD, role: 'resident', firstName: 'Anna', lastName: 'Nowak' });
    const voting = await relyingParty(`${origin}/oidc`, 'voting');
    const { url, verifier, state } = await authorize(voting, 'openid');
    const back = await signInThrough(ctx, new Browser(), url, await login(ctx, email, PASSWORD));
    const tokens = await oidc.authorizationCodeGrant(voting.config, back.url, { pkceCodeVerifier: verifier, expectedState: state });
    return { id: String(user._id), sub: tokens.claims()!.sub, accessToken: tokens.access_token };
  }

  const bodies = (r: Receiver, type: string) => r.received.filter((m) => JSON.parse(m.body).type === type);

  it('an admin deleting a voter: account.deleted with the voting app’s sub, correctly signed, retried through a 500 with the same webhook-id', async () => {
    votingHook.statuses = [500, 200];
    const voter = await residentWhoVoted('voter@krakow.test');
    await ctx.app.accounts.administration.createActiveUser({ email: 'admin@krakow.test', password: PASSWORD, role: 'admin' });
    const admin = await login(ctx, 'admin@krakow.test', PASSWORD);
    const gone = await ctx.inject({ method: 'DELETE', url: `/api/v1/admin/users/${voter.id}`, token: admin, payload: { reason: 'fraudulent account' } });
    assert.equal(gone.statusCode, 204, gone.payload);

    const attempts = await until(
      'two attempts at the voting app',
      () => bodies(votingHook, 'account.deleted').length >= 2 && bodies(votingHook, 'account.deleted'),
    );
    const [first, second] = attempts as [(typeof attempts)[0], (typeof attempts)[0]];
    assert.equal(first.headers['webhook-id'], second.headers['webhook-id'], 'the same webhook-id on the retry');
    assert.equal(first.body, second.body, 'the same body on the retry');
    const verifier = new Webhook(SECRET);
    for (const m of attempts) {
      const payload = verifier.verify(m.body, m.headers) as { type: string; data: { sub: string }; timestamp: string };
      assert.equal(payload.type, 'account.deleted');
      assert.equal(payload.data.sub, voter.sub, 'the sub the voting app knows');
    }
    assert.throws(() => verifier.verify(first.body.replace('deleted', 'updated'), first.headers), 'a changed body fails verification');
    const audit = await until('the audit webhook', () => bodies(auditHook, 'account.deleted')[0]);
    assert.equal((new Webhook(SECRET).verify(audit.body, audit.headers) as { data: { sub: string } }).data.sub, voter.id, 'no client: the account id');

    const userinfo = await fetch(`${origin}/oidc/me`, { headers: { authorization: `Bearer ${voter.accessToken}` } });
    assert.equal(userinfo.status, 401, 'the deleted account’s tokens at the voting app have ended');

    const listed = await ctx.inject({ method: 'GET', url: '/api/v1/admin/webhooks/deliveries', token: admin });
    const entry = listed.json.items.find((d: { id: string }) => d.id === first.headers['webhook-id']);
    assert.equal(entry.status, 'delivered');
    assert.deepEqual(
      entry.attempts.map((a: { httpStatus: number }) => a.httpStatus),
      [500, 200],
    );
  });

  it('a resident deleting their own account: the audit webhook hears it, the voting app (never used) does not', async () => {
    const before = bodies(votingHook, 'account.deleted').length;
    const user = await ctx.app.accounts.administration.createActiveUser({ email: 'reader@krakow.test', password: PASSWORD, role: 'resident' });
    const token = await login(ctx, 'reader@krakow.test', PASSWORD);
    const gone = await ctx.inject({ method: 'DELETE', url: '/api/v1/me', token, payload: { password: PASSWORD } });
    assert.equal(gone.statusCode, 204, gone.payload);
    const audit = await until('the audit webhook', () => bodies(auditHook, 'account.deleted').find((m) => JSON.parse(m.body).data.sub === String(user._id)));
    new Webhook(SECRET).verify(audit.body, audit.headers);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(bodies(votingHook, 'account.deleted').length, before, 'nothing to a client the account never used');
  });

  it('retries on a growing schedule, then marks the delivery failed; an admin resend delivers it with the same webhook-id', async () => {
    votingHook.statuses = [500];
    const voter = await residentWhoVoted('failing@krakow.test');
    const token = await login(ctx, 'failing@krakow.test', PASSWORD);
    assert.equal((await ctx.inject({ method: 'DELETE', url: '/api/v1/me', token, payload: { password: PASSWORD } })).statusCode, 204);
    const mine = () => bodies(votingHook, 'account.deleted').filter((m) => JSON.parse(m.body).data.sub === voter.sub);
    await until('four attempts (one and three retries)', () => mine().length >= 4);
    const gaps = mine()
      .slice(1)
      .map((m, i) => m.at - mine()[i]!.at);
    assert.ok(gaps[1]! > gaps[0]! && gaps[2]! > gaps[1]!, `growing delays: ${gaps.join(', ')} ms`);
    await ctx.app.accounts.administration.createActiveUser({ email: 'admin2@krakow.test', password: PASSWORD, role: 'admin' });
    const admin = await login(ctx, 'admin2@krakow.test', PASSWORD);
    const id = mine()[0]!.headers['webhook-id']!;
    const entryOf = async () =>
      (await ctx.inject({ method: 'GET', url: '/api/v1/admin/webhooks/deliveries?limit=100', token: admin })).json.items.find(
        (d: { id: string }) => d.id === id,
      );
    const failed = await until('marked failed', async () => ((await entryOf())?.status === 'failed' ? await entryOf() : undefined));
    assert.equal(failed.attempts.length, 4, 'the first attempt and one retry per step of the schedule');
    assert.equal(failed.nextAttemptAt, undefined);
    votingHook.statuses = [200];
    const resent = await ctx.inject({ method: 'POST', url: `/api/v1/admin/webhooks/deliveries/${id}/resend`, token: admin });
    assert.equal(resent.statusCode, 202, resent.payload);
    await until('delivered after the resend', async () => (await entryOf())?.status === 'delivered');
    assert.equal(mine().at(-1)!.headers['webhook-id'], id);
    new Webhook(SECRET).verify(mine().at(-1)!.body, mine().at(-1)!.headers);
  });

  it('refuses to start without a webhook’s or a confidential client’s secret, naming the variable', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'civickit-hooks-')), 'profile.json');
    writeFileSync(file, JSON.stringify(profile));
    const base: Record<string, string> = {
      ...env,
      NODE_ENV: 'test',
      CIVICKIT_CONFIG: file,
      MONGODB_URI: 'mongodb://127.0.0.1:9/none',
      SMTP_URL: 'smtp://127.0.0.1:9',
      JWT_SECRET: 'x'.repeat(40),
    };
    assert.ok(loadConfig(base).cityOp.webhookKeys.audit, 'the complete environment starts');
    for (const variable of ['WEBHOOK_AUDIT_SECRET', 'OIDC_CLIENT_VOTING_SECRET']) {
      const without = { ...base };
      delete without[variable];
      assert.throws(
        () => loadConfig(without),
        (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith(`${variable}:`)),
      );
    }
    assert.throws(
      () => loadConfig({ ...base, WEBHOOK_AUDIT_SECRET: 'not-a-secret' }),
      (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith('WEBHOOK_AUDIT_SECRET:')),
    );
  });
  it('a new report: report.created with its id, status and category, signed', async () => {
    votingHook.statuses = [200];
    const token = await login(ctx, 'admin@krakow.test', PASSWORD);
    const created = await ctx.inject({
      method: 'POST',
      url: '/api/v1/reports',
      token,
      payload: { categoryId: 'roads', title: 'Dziura', description: 'Głęboka dziura w jezdni przy przejściu.', location: { lat: 50.0614, lng: 19.9366 } },
    });
    assert.equal(created.statusCode, 201, created.payload);
    const message = await until('report.created', () => bodies(votingHook, 'report.created').find((m) => JSON.parse(m.body).data.id === created.json.id));
    const payload = new Webhook(SECRET).verify(message.body, message.headers) as { data: Record<string, unknown> };
    assert.deepEqual(payload.data, { id: created.json.id, status: 'new', categoryId: 'roads' });
  });

  it('a changed name: account.updated; a changed language alone: nothing', async () => {
    const user = await ctx.app.accounts.administration.createActiveUser({
      email: 'renamed@krakow.test',
      password: PASSWORD,
      role: 'resident',
      firstName: 'Ewa',
    });
    const token = await login(ctx, 'renamed@krakow.test', PASSWORD);
    const mine = () => bodies(auditHook, 'account.updated').filter((m) => JSON.parse(m.body).data.sub === String(user._id));
    assert.equal((await ctx.inject({ method: 'PATCH', url: '/api/v1/me', token, payload: { locale: 'en' } })).statusCode, 200);
    assert.equal((await ctx.inject({ method: 'PATCH', url: '/api/v1/me', token, payload: { firstName: 'Zofia' } })).statusCode, 200);
    const message = await until('account.updated', () => mine()[0]);
    new Webhook(SECRET).verify(message.body, message.headers);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(mine().length, 1, 'one event: the name, not the language');
  });

  it('a delivery survives a restart: queued while the receiver fails, delivered by the next server on the same database', async () => {
    votingHook.statuses = [503];
    const voter = await residentWhoVoted('restart@krakow.test');
    const token = await login(ctx, 'restart@krakow.test', PASSWORD);
    assert.equal((await ctx.inject({ method: 'DELETE', url: '/api/v1/me', token, payload: { password: PASSWORD } })).statusCode, 204);
    const mine = () => bodies(votingHook, 'account.deleted').filter((m) => JSON.parse(m.body).data.sub === voter.sub);
    await until('a failed attempt', () => mine().length >= 1);
    await ctx.server.stop({ timeout: 2000 });
    const failedAttempts = mine().length;
    votingHook.statuses = [200];
    const next = await createServer(ctx.config);
    await next.start();
    try {
      await until('delivery by the restarted server', () => mine().length > failedAttempts);
      const ids = new Set(mine().map((m) => m.headers['webhook-id']));
      assert.equal(ids.size, 1, 'one message, one webhook-id, across the restart');
      new Webhook(SECRET).verify(mine().at(-1)!.body, mine().at(-1)!.headers);
    } finally {
      await next.stop({ timeout: 2000 });
    }
  });
});
