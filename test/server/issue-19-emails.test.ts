import assert from 'node:assert/strict';
import { startTestServer, signedInResident, signedInStaff, resident, type TestContext } from '../support/app.js';
import type { CapturedMail } from '../support/smtp.js';
import { rollingSlots } from '../../server/src/db/rolling.js';
import { call, issueKey } from './helpers/open311.js';
import { reportBody } from './helpers/reports.js';

/**
 * Issue 19, findings 9 and 11 (emails strangers can cause): one budget per address whatever the route,
 * address variants counted as one, the answer unchanged beyond the budget, and anonymous
 * Idempotency-Keys scoped to the client that made them.
 */

/** What a mailbox provider would treat as one mailbox: the canonical form §4b compares. */
const canonical = (a: string) =>
  a
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .toLowerCase();
const received = (ctx: TestContext, victim: string): CapturedMail[] => ctx.smtp.messages.filter((m) => m.to.some((t) => canonical(t) === victim));
const settle = async (ctx: TestContext) => {
  await ctx.app.reports.notifier.drain();
  await ctx.app.reports.notifier.drain();
  // the outbox polls every 50 ms in tests: give every queued email time to arrive
  await new Promise((r) => setTimeout(r, 1500));
};

describe('issue 19 finding 9: anonymous Idempotency-Key scoped to the client', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('issue 19 finding 9: a replayed anonymous key from another client is a new report and never sees the first answer', async () => {
    const key = 'anon-key-0123456789';
    const payload = reportBody({ title: 'Idempotent anonymous' });
    const first = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload, headers: { 'idempotency-key': key }, remoteAddress: '198.51.100.7' });
    assert.equal(first.statusCode, 201, first.payload);
    const retry = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload, headers: { 'idempotency-key': key }, remoteAddress: '198.51.100.7' });
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.json.trackingCode, first.json.trackingCode, 'the same client retrying gets its first answer');
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    const other = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload, headers: { 'idempotency-key': key }, remoteAddress: '203.0.113.9' });
    assert.equal(other.statusCode, 201, other.payload);
    assert.notEqual(other.json.trackingCode, first.json.trackingCode, 'another client never sees the first tracking code');
    assert.notEqual(other.json.id, first.json.id);
    assert.equal(other.headers['idempotent-replayed'], undefined);
  });

  it('issue 19 finding 9: a signed-in resident replaying another account’s key gets a report of their own', async () => {
    const a = await signedInResident(ctx);
    const b = await signedInResident(ctx);
    const key = 'signed-key-0123456789';
    const payload = reportBody({ title: 'Idempotent signed-in' });
    const first = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload, headers: { 'idempotency-key': key }, token: a.accessToken });
    const other = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload, headers: { 'idempotency-key': key }, token: b.accessToken });
    assert.equal(first.statusCode, 201);
    assert.equal(other.statusCode, 201);
    assert.notEqual(other.json.trackingCode, first.json.trackingCode);
  });
});

describe('issue 19 finding 11: one stranger email budget per address', () => {
  let ctx: TestContext;
  // the contract's budgets (3 per address, 20 per network), not the test helper's relaxed network one
  before(async () => (ctx = await startTestServer({ env: { CIVICKIT_LIMITS: '{}' } })));
  after(async () => ctx?.stop());

  type Owner = Awaited<ReturnType<typeof signedInResident>>;
  /** Every route a stranger can use to make CivicKit email an address, answering its status code. */
  const ROUTES: Record<string, (address: string, remoteAddress: string, owner: Owner) => Promise<number>> = {
    register: async (email, remoteAddress) =>
      (await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: resident({ email }), remoteAddress })).statusCode,
    resend: async (email, remoteAddress) =>
      (await ctx.inject({ method: 'POST', url: '/api/v1/auth/resend-activation', payload: { email }, remoteAddress })).statusCode,
    reset: async (email, remoteAddress) =>
      (await ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email }, remoteAddress })).statusCode,
    alerts: async (email, remoteAddress) =>
      (await ctx.inject({ method: 'POST', url: '/api/v1/alerts', payload: { email, area: { city: true } }, remoteAddress })).statusCode,
    report: async (contactEmail, remoteAddress) =>
      (await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody({ contactEmail }), remoteAddress })).statusCode,
    emailChange: async (email, remoteAddress, owner) =>
      (await ctx.inject({ method: 'POST', url: '/api/v1/me/email', payload: { email, password: owner.password }, token: owner.accessToken, remoteAddress }))
        .statusCode,
  };
  const VARIANTS = (victim: string) => [
    victim,
    victim.replace(/^./, (c) => c.toUpperCase()).toUpperCase(),
    victim.replace('.', '\u200B.'),
    victim.replace(/^./, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
    victim.replace('@', '\u2060@'),
  ];

  /** Twice every route for `address`; `n` spreads the requests over client networks. */
  async function everyRoute(address: string, n: number): Promise<Record<string, number[]>> {
    const from = (i: number) => `192.0.2.${(n * 16 + i) % 250}`;
    const codes: Record<string, number[]> = {};
    const owner = await signedInResident(ctx);
    for (let i = 0; i < 2; i++)
      for (const [k, [route, send]] of Object.entries(ROUTES).entries()) (codes[route] ??= []).push(await send(address, from(i + 2 * k), owner));
    return codes;
  }

  it('issue 19 finding 11: each route alone, ten times with the address’s variants, reaches the mailbox at most 3 times', async () => {
    const counts: Record<string, number> = {};
    for (const [k, [route, send]] of Object.entries(ROUTES).entries()) {
      const victim = `route.${route.toLowerCase()}@example.org`;
      const owner = await signedInResident(ctx);
      for (let i = 0; i < 10; i++) assert.ok([201, 202].includes(await send(VARIANTS(victim)[i % 5]!, `198.51.${100 + k}.${i + 1}`, owner)));
      await settle(ctx);
      counts[route] = received(ctx, victim).length;
    }
    console.log(`      emails per route (10 requests each): ${JSON.stringify(counts)}`);
    for (const [route, n] of Object.entries(counts)) assert.ok(n <= 3, `${route}: ${n}`);
  });

  it('issue 19 finding 11: every route, and the address written with capitals, zero-width and full-width characters, reach the mailbox at most 3 times; the answers never change', async () => {
    const victim = 'victim.budget@example.org';
    const variants = VARIANTS(victim);
    const answers: Record<string, number[]> = {};
    for (const [n, address] of variants.entries()) {
      for (const [route, codes] of Object.entries(await everyRoute(address, n))) (answers[route] ??= []).push(...codes);
    }
    await settle(ctx);
    const mails = received(ctx, victim);
    assert.ok(mails.length <= 3, `${mails.length} emails reached the victim: ${mails.map((m) => m.subject).join('; ')}`);
    // what each route answered: the same as for an address that got its email (no oracle)
    assert.deepEqual(
      Object.fromEntries(Object.entries(answers).map(([route, codes]) => [route, [...new Set(codes)]])),
      { register: [201], resend: [202], reset: [202], alerts: [202], report: [201], emailChange: [202] },
      JSON.stringify(answers),
    );
    console.log(`      victim received ${mails.length}: ${mails.map((m) => m.subject.replace(/^[^:]*: /, '')).join('; ')}`);
  });

  it('issue 19 finding 11: 50 alert subscriptions in flight for one address send at most 3 confirmations', async () => {
    const victim = 'victim.race@example.org';
    const variants = [victim, 'Victim.Race@example.org', 'victim.ra\u200Dce@example.org', 'victim.rac\uFF45@example.org'];
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ctx.inject({
          method: 'POST',
          url: '/api/v1/alerts',
          payload: { email: variants[i % variants.length], area: { city: true } },
          remoteAddress: `2001:db8:${i}::1`,
        }),
      ),
    );
    await settle(ctx);
    assert.deepEqual([...new Set(answers.map((a) => a.statusCode))], [202], answers.map((a) => a.payload).join('\n'));
    assert.equal(received(ctx, victim).length, 3);
  });

  it('issue 19 finding 11: 50 subscriptions in flight for one signed-in address keep at most the 20 alerts an address may hold', async () => {
    const me = await signedInResident(ctx);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ctx.inject({ method: 'POST', url: '/api/v1/alerts', token: me.accessToken, payload: { area: { city: true } }, remoteAddress: `198.18.${i}.1` }),
      ),
    );
    assert.equal(answers.filter((a) => a.statusCode === 201).length, 20);
    assert.deepEqual([...new Set(answers.filter((a) => a.statusCode !== 201).map((a) => a.json.code))], ['conflict']);
    assert.equal(await ctx.app.alerts.models.Alert.countDocuments({ email: me.email }), 20);
  });

  it('issue 19 finding 11: reports through an Open311 key spend the contact address’s budget too (3 receipts, every request accepted)', async () => {
    const key = await issueKey(ctx);
    const victim = 'victim.open311@example.org';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(ctx, 'POST', '/open311/v2/requests.json', {
        api_key: key,
        service_code: 'pothole',
        lat: '50.3265',
        long: '19.0297',
        email: i % 2 ? victim.toUpperCase() : victim,
        description: `Dziura numer ${i}`,
      });
      statuses.push(res.status);
    }
    await settle(ctx);
    assert.deepEqual([...new Set(statuses)], [200]);
    assert.equal(received(ctx, victim).length, 3);
  });

  it('issue 19 finding 11: one client network (an IPv6 /64) causes at most 20 stranger emails a day', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await ctx.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: reportBody({ contactEmail: `net.${i}@example.org` }),
        remoteAddress: `2001:db8:aa:bb:${i.toString(16)}::1`,
      });
      answers.push(res.statusCode);
    }
    await settle(ctx);
    assert.deepEqual([...new Set(answers)], [201]);
    const mails = ctx.smtp.messages.filter((m) => m.to.some((t) => /^net\.\d+@example\.org$/.test(t)));
    assert.equal(mails.length, 20);
  });
});

describe('issue 19 finding 12: reopening capped, staff emails bounded, residents’ words only quoted', () => {
  let ctx: TestContext;
  let roads: Awaited<ReturnType<typeof signedInStaff>>;
  let roads2: Awaited<ReturnType<typeof signedInStaff>>;
  before(async () => {
    ctx = await startTestServer();
    [roads, roads2] = await Promise.all([signedInStaff(ctx, 'staff', 'roads'), signedInStaff(ctx, 'staff', 'roads')]);
  });
  after(async () => ctx?.stop());

  const toStaff = () => ctx.smtp.messages.filter((m) => m.to.includes(roads.email) || m.to.includes(roads2.email));
  const status = (id: string, s: string) =>
    ctx.inject({ method: 'POST', url: `/api/v1/reports/${id}/status`, token: roads.accessToken, payload: { status: s } });

  it('issue 19 finding 12: five resolve/reopen cycles reopen three times, then 409 conflict; each reopening tells staff once', async () => {
    const r = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody({ title: 'Cycle hole' }), remoteAddress: '198.51.100.20' });
    assert.equal(r.statusCode, 201);
    const { id, trackingCode } = r.json as { id: string; trackingCode: string };
    await settle(ctx);
    const before = toStaff().length;
    assert.equal((await status(id, 'accepted')).statusCode, 200);
    const answers: number[] = [];
    const codes: string[] = [];
    for (let cycle = 0; cycle < 5; cycle++) {
      assert.equal((await status(id, 'resolved')).statusCode, 200);
      const res = await ctx.inject({
        method: 'POST',
        url: `/api/v1/reports/${id}/reopen`,
        headers: { 'x-tracking-code': trackingCode },
        payload: { reason: `Still broken, round ${cycle + 1}.` },
      });
      answers.push(res.statusCode);
      codes.push(res.json.code ?? res.json.status);
      if (res.statusCode !== 200) break;
      await settle(ctx);
    }
    await settle(ctx);
    assert.deepEqual(answers, [200, 200, 200, 409]);
    assert.equal(codes.at(-1), 'conflict');
    const reopened = toStaff().slice(before);
    // once per reopening: to the employee handling the report (who resolved it), not to the whole department
    assert.equal(reopened.length, 3, reopened.map((m) => `${m.to.join(',')}: ${m.subject}`).join('\n'));
    assert.ok(reopened.every((m) => m.to.includes(roads.email)));
    const stored = await ctx.app.reports.models.Report.findById(id).lean();
    assert.equal(stored!.status, 'resolved', 'the refused fourth reopening changed nothing');
  });

  it('issue 19 finding 12: 50 reopenings in flight on one resolved report: exactly one wins', async () => {
    const r = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody({ title: 'Race hole' }), remoteAddress: '198.51.100.21' });
    const { id, trackingCode } = r.json as { id: string; trackingCode: string };
    assert.equal((await status(id, 'accepted')).statusCode, 200);
    assert.equal((await status(id, 'resolved')).statusCode, 200);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        ctx.inject({ method: 'POST', url: `/api/v1/reports/${id}/reopen`, headers: { 'x-tracking-code': trackingCode }, payload: { reason: 'Not fixed.' } }),
      ),
    );
    assert.equal(answers.filter((a) => a.statusCode === 200).length, 1);
    assert.deepEqual([...new Set(answers.filter((a) => a.statusCode !== 200).map((a) => a.json.code))], ['conflict']);
    const stored = await ctx.app.reports.models.Report.findById(id).lean();
    assert.equal(stored!.history.filter((h) => h.reopened).length, 1);
  });

  it('issue 19 finding 12: an anonymous reporter’s messages email staff at most 5 times a day per report (creation included)', async () => {
    const r = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody({ title: 'Chatty hole' }), remoteAddress: '198.51.100.22' });
    const { id, trackingCode } = r.json as { id: string; trackingCode: string };
    await settle(ctx);
    const before = toStaff().length;
    for (let i = 0; i < 10; i++) {
      const res = await ctx.inject({
        method: 'POST',
        url: `/api/v1/reports/${id}/messages`,
        headers: { 'x-tracking-code': trackingCode },
        payload: { body: `Ping ${i}` },
      });
      assert.equal(res.statusCode, 201, res.payload);
    }
    await settle(ctx);
    const bodies = toStaff()
      .slice(before)
      .map((m) => /Ping \d/.exec(m.text)?.[0]);
    // creation took one of the report's five: four messages reach each of the department's two employees
    assert.deepEqual([...new Set(bodies)].sort(), ['Ping 0', 'Ping 1', 'Ping 2', 'Ping 3']);
    const list = await ctx.inject({ method: 'GET', url: `/api/v1/reports/${id}/messages`, token: roads.accessToken });
    assert.equal(list.json.length, 10, 'staff still see every message in the console');
  });

  it('issue 19 finding 12: an anonymous report’s phishing title never reaches a subject or a link, in alerts or staff emails', async () => {
    const subscriber = 'alert.reader@example.org';
    const sub = await ctx.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      payload: { email: subscriber, area: { city: true } },
      remoteAddress: '198.51.100.30',
    });
    assert.equal(sub.statusCode, 202);
    const confirm = await ctx.smtp.waitFor(subscriber);
    const token = /civic_action=alert-confirm&token=([A-Za-z0-9_-]+)/.exec(confirm.text)![1]!;
    assert.equal((await ctx.inject({ method: 'POST', url: '/api/v1/alerts/confirm', payload: { token } })).statusCode, 200);
    const phishing = 'URGENT: your account is locked, log in at https://evil.example/login or www.evil.example';
    const r = await ctx.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: reportBody({ title: phishing, description: 'Visit evil.example now', location: { lat: 50.3265, lng: 19.0297, address: 'evil.example/pay' } }),
      remoteAddress: '198.51.100.31',
    });
    assert.equal(r.statusCode, 201);
    await settle(ctx);
    await ctx.app.alerts.flush(0);
    const alert = await ctx.smtp.waitFor(subscriber, (m) => m.text.includes(`id=${r.json.id}`));
    const staff = await ctx.smtp.waitFor(roads.email, (m) => m.text.includes(`id=${r.json.id}`));
    for (const mail of [alert, staff]) {
      assert.ok(!/evil|URGENT|locked/i.test(mail.subject), mail.subject);
      assert.ok(!/evil\.example|https:\/\/evil/.test(mail.text), mail.text);
      assert.ok(!/evil\.example|https:\/\/evil/.test(mail.html), mail.html);
      assert.ok(!/href="[^"]*evil/.test(mail.html));
    }
    // staff see the title and place the reporter gave, quoted and broken up
    assert.match(staff.text, /^> URGENT: your account is locked, log in at https\[:\]\/\/evil\[\.\]example\/login or www\[\.\]evil\[\.\]example$/m);
    assert.match(staff.text, /^> evil\[\.\]example\/pay$/m);
    assert.match(staff.html, /<blockquote[^>]*>URGENT: your account is locked, log in at https\[:\]\/\/evil\[\.\]example\/login/);
    assert.match(staff.subject, /Dziura w jezdni/, 'the subject names the category');
  });
});

describe('issue 19 finding 11: confirming an email change ends the other sessions and tells the old address', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('issue 19 finding 11: after the new address confirms, every other session’s refresh token is refused, the asking session lives on, and the old address is told', async () => {
    const owner = await signedInResident(ctx);
    const login = () => ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email, password: owner.password } });
    const other = (await login()).json as { accessToken: string; refreshToken: string };
    const third = (await login()).json as { accessToken: string; refreshToken: string };
    const newAddress = `moved.${Date.now()}@example.org`;
    const asked = await ctx.inject({
      method: 'POST',
      url: '/api/v1/me/email',
      token: owner.accessToken,
      payload: { email: newAddress, password: owner.password },
    });
    assert.equal(asked.statusCode, 202, asked.payload);
    const link = await ctx.smtp.waitFor(newAddress, (m) => m.text.includes('civic_action=confirm_email'));
    const token = /civic_action=confirm_email&token=([A-Za-z0-9_-]+)/.exec(link.text)![1]!;
    const confirmed = await ctx.inject({ method: 'POST', url: '/api/v1/auth/confirm-email', payload: { token } });
    assert.equal(confirmed.statusCode, 200, confirmed.payload);
    for (const session of [other, third]) {
      const me = await ctx.inject({ method: 'GET', url: '/api/v1/me', token: session.accessToken });
      assert.equal(me.statusCode, 401, 'another session’s access token is refused');
      const refreshed = await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: session.refreshToken } });
      assert.equal(refreshed.statusCode, 401, 'another session’s refresh token is refused');
    }
    const mine = await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: owner.refreshToken } });
    assert.equal(mine.statusCode, 200, 'the session that asked for the change goes on');
    await ctx.smtp.waitFor(owner.email, (m) => /adres e-mail konta został zmieniony/.test(m.subject));
    assert.equal((await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email, password: owner.password } })).statusCode, 401);
  });
});

describe('issue 19 finding 11: the stranger budget’s window rolls', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('issue 19 finding 11: at most 3 in any 24 hours, also across the aligned window’s edge, exact with 50 in flight', async () => {
    const slots = rollingSlots(ctx.app.concurrency, { name: 'test-rolling', limit: 3, windowMs: 24 * 3_600_000 });
    const raced = await Promise.all(Array.from({ length: 50 }, () => slots.take('one-key')));
    assert.equal(raced.filter((r) => r.ok).length, 3);
    // the three move into yesterday's window, an hour ago: still inside the span, so nothing more today
    const { Slot } = ctx.app.concurrency.models;
    const w = Math.floor(Date.now() / (24 * 3_600_000));
    const records = await Slot.find({ ns: 'test-rolling' }).lean();
    await Slot.deleteMany({ ns: 'test-rolling' });
    await Slot.insertMany(records.map((r) => ({ ...r, _id: r._id.replace(`:${w}:`, `:${w - 1}:`), w: w - 1, at: new Date(Date.now() - 3_600_000) })));
    assert.equal((await slots.take('one-key')).ok, false, 'three an hour ago, across the window edge, still count');
    // 25 hours ago they have left the span
    await Slot.updateMany({ ns: 'test-rolling', w: w - 1 }, { $set: { at: new Date(Date.now() - 25 * 3_600_000) } });
    const later = await Promise.all(Array.from({ length: 50 }, () => slots.take('one-key')));
    assert.equal(later.filter((r) => r.ok).length, 3);
  });
});
