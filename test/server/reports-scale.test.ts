/**
 * Report creation as one write, one clock, lists answered from memory, and two API nodes on one
 * database sharing the outbox, the sweeper and the Open311 rate limit.
 */
import assert from 'node:assert/strict';
import { startTestServer, type TestContext } from '../support/app.js';
import { call, issueKey } from './helpers/open311.js';
import { HERE, createReport, reportBody } from './helpers/reports.js';

const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('reports: creation is one write with one clock', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('a new report is stamped once: createdAt, updatedAt and its first history entry are the same instant, in REST and Open311', async () => {
    const created = await createReport(ctx, { contactEmail: 'clock@example.org' });
    const view = (await ctx.inject({ method: 'GET', url: `/api/v1/reports/${created.id}` })).json;
    assert.equal(view.statusHistory.length, 1);
    assert.equal(view.statusHistory[0].at, view.createdAt);
    assert.equal(view.updatedAt, view.createdAt);
    const open311 = await call(ctx, 'GET', `/open311/v2/requests/${created.id}.json`);
    assert.equal(open311.status, 200);
    const [request] = open311.body;
    assert.ok(
      Date.parse(request.updated_datetime) >= Date.parse(request.requested_datetime),
      `${request.updated_datetime} precedes ${request.requested_datetime}`,
    );
  });

  it('sends the "received" email without writing to the report again', async () => {
    const created = await createReport(ctx, { contactEmail: 'once@example.org' });
    const mail = await ctx.smtp.waitFor('once@example.org');
    assert.ok(mail.text.includes(created.trackingCode));
    await ctx.app.reports.notifier.drain();
    const row = (await ctx.app.reports.models.Report.findById(created.id).lean())!;
    assert.equal(row.updatedAt.getTime(), row.createdAt.getTime(), 'the report was not updated after it was inserted');
    assert.equal((row as Record<string, unknown>).notifyPending, undefined);
  });

  it('a report whose node died before notifying gets its emails from the sweeper, once', async () => {
    // what a crash right after the insert leaves: the report and no email
    const _id = new (await import('mongoose')).default.Types.ObjectId();
    const past = new Date(Date.now() - 60_000);
    const code = 'ABCD-EFGH-JKMN';
    const { hashToken, sealer } = await import('../../server/src/lib/tokens.js');
    await ctx.app.reports.models.Report.collection.insertOne({
      _id,
      ...reportBody(),
      status: 'new',
      history: [{ status: 'new', at: past }],
      contactEmail: 'crashed@example.org',
      locale: 'en',
      trackingHash: hashToken(code),
      trackingSealed: sealer(ctx.config.dataKey, 'tracking-code').seal(code),
      photos: [],
      supportCount: 0,
      createdAt: past,
      updatedAt: past,
    });
    await ctx.app.reports.sweep(30_000);
    await ctx.app.reports.sweep(0); // a second sweep, as another node's would, sends nothing more
    await ctx.smtp.waitFor('crashed@example.org');
    await until('the outbox to settle', async () => !(await ctx.app.outbox.stats()).pending && !(await ctx.app.outbox.stats()).sending);
    assert.equal(ctx.smtp.to('crashed@example.org').length, 1);
  });

  it('lists and the map show this node’s own new report at once', async () => {
    await ctx.inject({ method: 'GET', url: '/api/v1/reports' }); // loaded
    const created = await createReport(ctx, { title: 'just now', location: { lat: HERE.lat + 0.2, lng: HERE.lng + 0.2 } });
    const page = await ctx.inject({ method: 'GET', url: '/api/v1/reports?limit=1' });
    assert.deepEqual(
      page.json.items.map((r: { id: string }) => r.id),
      [created.id],
    );
    const box = `${HERE.lng + 0.19},${HERE.lat + 0.19},${HERE.lng + 0.21},${HERE.lat + 0.21}`;
    const map = await ctx.inject({ method: 'GET', url: `/api/v1/reports?bbox=${box}` });
    assert.deepEqual(
      map.json.items.map((r: { title: string }) => r.title),
      ['just now'],
    );
  });
});

describe('scale-out: two API nodes on one database', () => {
  let a: TestContext;
  let b: TestContext;
  before(async () => {
    a = await startTestServer();
    b = await startTestServer({ env: { MONGODB_URI: a.config.mongodbUri!, SMTP_URL: a.smtp.url } });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('the outbox of both nodes sends each report’s email exactly once', async function () {
    this.timeout(60_000);
    const addresses = Array.from({ length: 16 }, (_, i) => `two-nodes-${i}@example.org`);
    await Promise.all(addresses.map((email, i) => createReport(i % 2 ? b : a, { contactEmail: email })));
    // both sweepers go over the same reports too
    await Promise.all([a.app.reports.sweep(0), b.app.reports.sweep(0)]);
    for (const email of addresses) await a.smtp.waitFor(email);
    await until('the outbox to settle', async () => {
      const stats = await a.app.outbox.stats();
      return !stats.pending && !stats.sending;
    });
    for (const email of addresses) assert.equal(a.smtp.to(email).length, 1, `${email} got ${a.smtp.to(email).length} emails`);
  });

  it('an Open311 key’s rate limit holds across nodes', async () => {
    const key = await issueKey(a, 'two nodes', 4);
    const form = { service_code: 'pothole', lat: '50.3265', long: '19.0297', description: 'Dziura', api_key: key };
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => call(i % 2 ? b : a, 'POST', '/open311/v2/requests.json', form)));
    assert.ok(results.every((r) => r.status === 200 || r.status === 429));
    let accepted = results.filter((r) => r.status === 200).length;
    assert.ok(accepted <= 4, `${accepted} of a burst accepted`);
    // then one at a time, alternating nodes, until refused: the nodes count together, so 4 in all
    for (let i = 0; i < 10; i++) {
      const res = await call(i % 2 ? b : a, 'POST', '/open311/v2/requests.json', form);
      if (res.status === 429) break;
      assert.equal(res.status, 200);
      accepted++;
    }
    assert.equal(accepted, 4);
  });

  it('a report written on one node shows in the other node’s list after its refresh', async () => {
    await b.inject({ method: 'GET', url: '/api/v1/reports' }); // b holds a list now
    const created = await createReport(a, { title: 'from node a' });
    await until('node b to show it', async () =>
      (await b.inject({ method: 'GET', url: '/api/v1/reports?limit=5' })).json.items.some((r: { id: string }) => r.id === created.id),
    );
  });
});
