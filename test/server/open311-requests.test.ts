import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { signedInStaff, startTestServer, type TestContext } from '../support/app.js';
import { HERE, SPEC, assertFields, both, call, issueKey } from './helpers/open311.js';

const V2 = '/open311/v2';
const DAY = 86_400_000;
const ids = (body: Array<{ service_request_id: string }>) => body.map((r) => r.service_request_id);

describe('open311: GET requests (filters, the 90-day window, the 1000 cap and paging)', () => {
  let ctx: TestContext;
  let key: string;
  /** ids by name; `old` was made 100 days ago, `month` 30 days ago, the rest now */
  const made: Record<string, string> = {};

  const create = async (service_code: string, description: string) => {
    const res = await call(ctx, 'POST', `${V2}/requests.json`, { api_key: key, service_code, lat: HERE.lat, long: HERE.long, description });
    assert.equal(res.status, 200, res.raw);
    return res.body[0].service_request_id as string;
  };
  const backdate = (id: string, daysAgo: number) =>
    ctx.app.reports.models.Report.collection.updateOne({ _id: new mongoose.Types.ObjectId(id) }, { $set: { createdAt: new Date(Date.now() - daysAgo * DAY) } });

  before(async () => {
    ctx = await startTestServer();
    key = await issueKey(ctx, 'filters', 1000);
    made.old = await create('pothole', 'Stara dziura');
    made.month = await create('litter', 'Śmieci sprzed miesiąca');
    made.pothole = await create('pothole', 'Nowa dziura');
    made.litter = await create('litter', 'Nowe śmieci');
    made.closed = await create('pothole', 'Naprawiona dziura');
    await backdate(made.old!, 100);
    await backdate(made.month!, 30);
    const staff = await signedInStaff(ctx, 'admin');
    const res = await ctx.inject({
      method: 'POST',
      url: `/api/v1/reports/${made.closed}/status`,
      token: staff.accessToken,
      payload: { status: 'rejected', comment: 'Poza pasem drogowym' },
    });
    assert.equal(res.statusCode, 200, res.payload);
  });
  after(async () => ctx?.stop());

  it('defaults to the most recent 90 days, newest first, in both formats', async () => {
    const { json } = await both(ctx, `${V2}/requests`, '', 'service_requests');
    assert.equal(json.status, 200);
    assert.deepEqual(ids(json.body), [made.closed, made.litter, made.pothole, made.month]);
    for (const r of json.body) assertFields(r, SPEC.request);
  });

  it('filters by service_code (comma delimited) and status', async () => {
    assert.deepEqual(ids((await call(ctx, 'GET', `${V2}/requests.json?service_code=litter`)).body), [made.litter, made.month]);
    assert.deepEqual(ids((await call(ctx, 'GET', `${V2}/requests.json?service_code=litter,pothole&status=closed`)).body), [made.closed]);
    const closed = (await call(ctx, 'GET', `${V2}/requests.xml?status=closed`)).body.request;
    assert.equal(closed.length, 1);
    assert.equal(closed[0].status, 'closed');
    assert.equal(closed[0].status_notes, 'Poza pasem drogowym');
    assert.deepEqual(ids((await call(ctx, 'GET', `${V2}/requests.json?status=open`)).body), [made.litter, made.pothole, made.month]);
    assert.equal((await call(ctx, 'GET', `${V2}/requests.json?status=open,closed`)).body.length, 4);
    assert.deepEqual((await call(ctx, 'GET', `${V2}/requests.json?service_code=volcano`)).body, []);
    const declaredTwice = await call(ctx, 'GET', `${V2}/requests.json?service_code=litter&service_code=pothole&status=closed`);
    assert.deepEqual(ids(declaredTwice.body), [made.closed], 'a parameter declared twice counts like its comma-delimited form');
  });

  it('start_date and end_date select by requested_datetime; one bound reaches 90 days towards the other', async () => {
    const at = (daysAgo: number) => encodeURIComponent(new Date(Date.now() - daysAgo * DAY).toISOString());
    assert.deepEqual(ids((await call(ctx, 'GET', `${V2}/requests.json?start_date=${at(120)}&end_date=${at(60)}`)).body), [made.old]);
    assert.deepEqual(ids((await call(ctx, 'GET', `${V2}/requests.json?start_date=${at(120)}`)).body), [made.month, made.old], 'start + 90 days');
    assert.deepEqual(ids((await call(ctx, 'GET', `${V2}/requests.json?end_date=${at(20)}`)).body), [made.month, made.old], 'end - 90 days');
    // an offset instead of Z, with the "+" left unencoded as some clients do
    const local = new Date(Date.now() - 40 * DAY).toISOString().slice(0, 19);
    assert.deepEqual(ids((await call(ctx, 'GET', `${V2}/requests.json?end_date=${local}+00:00&start_date=${at(45)}`)).body), []);
    assert.deepEqual(ids((await call(ctx, 'GET', `${V2}/requests.json?start_date=${local}-01:00`)).body).length, 4);
  });

  it('refuses a range over 90 days, reversed dates and dates without a time zone, all at once', async () => {
    const over = await call(ctx, 'GET', `${V2}/requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`);
    assert.equal(over.status, 400);
    assert.equal(over.root, 'errors');
    assert.match(over.body.error[0].description, /90 days/);
    const reversed = await call(ctx, 'GET', `${V2}/requests.json?start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z`);
    assert.equal(reversed.status, 400);
    assert.match(reversed.body[0].description, /after end_date/);
    const bad = await call(ctx, 'GET', `${V2}/requests.json?start_date=2026-01-01T00:00:00&end_date=yesterday&page_size=0&status=pending`);
    assert.equal(bad.status, 400);
    assert.ok(bad.body.length >= 2, JSON.stringify(bad.body));
    for (const e of bad.body) {
      assertFields(e, SPEC.error);
      assert.equal(e.code, 400);
    }
  });

  it('service_request_id (comma delimited) overrides every other argument, dates included', async () => {
    const res = await call(ctx, 'GET', `${V2}/requests.json?service_request_id=${made.old},${made.litter},nonsense&status=closed&service_code=pothole`);
    assert.deepEqual(ids(res.body).sort(), [made.old, made.litter].sort());
  });

  it('page and page_size page through the results; the default cap is 1000', async () => {
    const first = await call(ctx, 'GET', `${V2}/requests.json?page_size=2`);
    const second = await call(ctx, 'GET', `${V2}/requests.json?page_size=2&page=2`);
    const third = await call(ctx, 'GET', `${V2}/requests.json?page_size=2&page=3`);
    assert.deepEqual([...ids(first.body), ...ids(second.body)], [made.closed, made.litter, made.pothole, made.month]);
    assert.deepEqual(third.body, []);
    const tooBig = await call(ctx, 'GET', `${V2}/requests.json?page_size=1001`);
    assert.equal(tooBig.status, 400);
  });

  it('an unknown request or token is 404 in the spec format', async () => {
    for (const path of [`requests/${'0'.repeat(24)}`, 'requests/nonsense', `tokens/${'0'.repeat(24)}`]) {
      const json = await call(ctx, 'GET', `${V2}/${path}.json`);
      assert.equal(json.status, 404);
      assert.equal(json.body[0].code, 404);
      const xml = await call(ctx, 'GET', `${V2}/${path}.xml`);
      assert.equal(xml.status, 404);
      assert.equal(xml.body.error[0].code, '404');
    }
  });
});
