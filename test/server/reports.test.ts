import assert from 'node:assert/strict';
import { startTestServer, signedInResident, type TestContext } from '../support/app.js';
import { demoProfile } from '../../server/src/profile/demo.js';
import { HERE, createReport, reportBody } from './helpers/reports.js';

/** Personal data that must never appear in a public answer. */
function assertNoPersonalData(body: unknown, secrets: string[]) {
  const text = JSON.stringify(body);
  for (const s of secrets) assert.ok(!text.includes(s), `public answer leaks ${s}`);
  for (const key of ['reporterId', 'contactEmail', 'email', 'firstName', 'lastName', 'handledBy', 'by', 'authorId', 'trackingHash', 'trackingSealed']) {
    assert.ok(!new RegExp(`"${key}"`).test(text), `public answer has a "${key}" field`);
  }
}

const MANY = JSON.stringify({ anonymousReportsPerClientPerHour: 10_000, emailsPerAddressPerHour: 10_000, emailsPerClientPerHour: 10_000 });

describe('reports: creating and reading', () => {
  let ctx: TestContext;
  // one test client sends all of this suite's anonymous reports
  before(async () => (ctx = await startTestServer({ env: { CIVICKIT_LIMITS: MANY } })));
  after(async () => ctx?.stop());

  it('GET /categories lists the profile categories with their departments', async () => {
    const res = await ctx.inject({ method: 'GET', url: '/api/v1/categories' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(
      res.json.map((c: { id: string; department: string }) => [c.id, c.department]),
      [
        ['pothole', 'roads'],
        ['street-light', 'lighting'],
        ['litter', 'cleaning'],
      ],
    );
    assert.equal(res.json[0].name.de, 'Schlagloch');
    assert.match(String(res.headers['cache-control']), /public/);
  });

  it('a signed-in resident sends a report: 201 with id, a readable tracking code and status new', async () => {
    const r = await signedInResident(ctx);
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody(), token: r.accessToken });
    assert.equal(res.statusCode, 201);
    assert.match(res.json.id, /^[a-f0-9]{24}$/);
    assert.match(res.json.trackingCode, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    assert.equal(res.json.status, 'new');
    assert.equal(res.headers.location, `/api/v1/reports/${res.json.id}`);
  });

  it('tracking codes are random: no two alike over many reports', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++) codes.add((await createReport(ctx)).trackingCode);
    assert.equal(codes.size, 20);
  });

  it('anonymous reports are accepted where the profile allows them', async () => {
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody({ contactEmail: 'Anon@Example.org', locale: 'en' }) });
    assert.equal(res.statusCode, 201);
    const stored = await ctx.app.reports.models.Report.findById(res.json.id).lean();
    assert.equal(stored!.contactEmail, 'anon@example.org');
    assert.equal(stored!.reporterId, undefined);
    assert.notEqual(stored!.trackingHash, res.json.trackingCode, 'the code itself is not stored in the clear');
  });

  it('an invalid or expired token is 401, not a silent anonymous report', async () => {
    const before = await ctx.app.reports.models.Report.countDocuments();
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody(), headers: { authorization: 'Bearer nonsense' } });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json.code, 'unauthorized');
    assert.equal(await ctx.app.reports.models.Report.countDocuments(), before);
  });

  it('bad input is 400 validation_failed with field codes and stores nothing', async () => {
    const before = await ctx.app.reports.models.Report.countDocuments();
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { categoryId: 'volcano', description: '', location: { lat: 95, lng: 19 }, contactEmail: 'not-an-email' },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json.code, 'validation_failed');
    assert.equal(res.json.fields.categoryId, 'invalid');
    assert.equal(res.json.fields.description, 'required');
    assert.equal(res.json.fields['location.lat'], 'too_long');
    assert.equal(res.json.fields.contactEmail, 'invalid');
    const missing = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: { categoryId: 'pothole', description: 'Coś się stało tutaj.' } });
    assert.equal(missing.json.fields.location, 'required');
    const control = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody({ title: 'a\u0000b' }) });
    assert.equal(control.json.fields.title, 'invalid');
    assert.equal(await ctx.app.reports.models.Report.countDocuments(), before);
  });

  it('other content types are 415 unsupported_media_type', async () => {
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: 'categoryId=pothole', headers: { 'content-type': 'text/plain' } });
    assert.equal(res.statusCode, 415);
    assert.equal(res.json.code, 'unsupported_media_type');
  });

  it('GET /reports/{id} is the public view: status history, supportCount, photo count, no personal data', async () => {
    const r = await signedInResident(ctx);
    const created = await createReport(ctx, { contactEmail: 'ignored@example.org' }, r.accessToken);
    const res = await ctx.inject({ method: 'GET', url: `/api/v1/reports/${created.id}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json.id, created.id);
    assert.equal(res.json.status, 'new');
    assert.equal(res.json.statusHistory.length, 1);
    assert.equal(res.json.statusHistory[0].status, 'new');
    assert.match(res.json.statusHistory[0].at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(res.json.supportCount, 0);
    assert.equal(res.json.photoCount, 0);
    assert.equal(res.json.location.address, 'ul. Jana Pawła II 10');
    assert.equal(res.json.viewer, undefined);
    assertNoPersonalData(res.json, [r.email, r.user.id, created.trackingCode, 'ignored@example.org', 'Kowalski']);
    const stored = await ctx.app.reports.models.Report.findById(created.id).lean();
    assert.equal(stored!.contactEmail, undefined, 'an account holder is reached through the account, no second address is kept');
  });

  it('a signed-in caller also learns how they relate to the report', async () => {
    const r = await signedInResident(ctx);
    const created = await createReport(ctx, {}, r.accessToken);
    const res = await ctx.inject({ method: 'GET', url: `/api/v1/reports/${created.id}`, token: r.accessToken });
    assert.deepEqual(res.json.viewer, { reporter: true, staff: false, supported: false });
  });

  it('GET /reports/{id}: unknown 404 not_found, malformed 400', async () => {
    const unknown = await ctx.inject({ method: 'GET', url: '/api/v1/reports/aaaaaaaaaaaaaaaaaaaaaaaa' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json.code, 'not_found');
    const bad = await ctx.inject({ method: 'GET', url: '/api/v1/reports/xyz' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json.fields.id, 'invalid');
  });

  it('GET /reports/track/{code} shows the reporter’s view to the code holder, forgiving spelling, without personal data', async () => {
    const created = await createReport(ctx, { contactEmail: 'tracker@example.org' });
    const typed = created.trackingCode.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    const res = await ctx.inject({ method: 'GET', url: `/api/v1/reports/track/${encodeURIComponent(typed)}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json.id, created.id);
    assert.equal(res.json.trackingCode, created.trackingCode);
    assert.deepEqual(res.json.messages, []);
    assert.equal(res.json.emailUpdates, true);
    assertNoPersonalData(res.json, ['tracker@example.org']);
  });

  it('GET /reports/track/{code}: a wrong code is 404, a malformed one 400', async () => {
    const wrong = await ctx.inject({ method: 'GET', url: '/api/v1/reports/track/ABCD-EFGH-JKMN' });
    assert.equal(wrong.statusCode, 404);
    assert.equal(wrong.json.code, 'not_found');
    const bad = await ctx.inject({ method: 'GET', url: '/api/v1/reports/track/short' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json.fields.trackingCode, 'invalid');
  });

  it('GET /me/reports lists only the resident’s own reports, with their tracking codes; needs a session', async () => {
    const a = await signedInResident(ctx);
    const b = await signedInResident(ctx);
    const mineA = await createReport(ctx, { title: 'A1' }, a.accessToken);
    await createReport(ctx, { title: 'B1' }, b.accessToken);
    const res = await ctx.inject({ method: 'GET', url: '/api/v1/me/reports', token: a.accessToken });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(
      res.json.items.map((r: { id: string }) => r.id),
      [mineA.id],
    );
    assert.equal(res.json.items[0].trackingCode, mineA.trackingCode);
    const anon = await ctx.inject({ method: 'GET', url: '/api/v1/me/reports' });
    assert.equal(anon.statusCode, 401);
    assert.equal(anon.json.code, 'unauthorized');
  });
});

describe('reports: the public list and nearby reports', () => {
  let ctx: TestContext;
  const ids: Record<string, string> = {};
  before(async () => {
    ctx = await startTestServer({ env: { CIVICKIT_LIMITS: MANY } });
    const r = await signedInResident(ctx);
    ids.centre = (await createReport(ctx, { title: 'centre' })).id;
    ids.light = (await createReport(ctx, { title: 'light', categoryId: 'street-light' })).id;
    ids.near = (await createReport(ctx, { title: 'near', location: { lat: HERE.lat + 0.0009, lng: HERE.lng } }, r.accessToken)).id; // ~100 m north
    ids.far = (await createReport(ctx, { title: 'far', location: { lat: HERE.lat + 0.05, lng: HERE.lng + 0.05 } })).id; // ~6.5 km
    ids.closed = (await createReport(ctx, { title: 'closed', location: { lat: HERE.lat, lng: HERE.lng + 0.0003 } })).id;
    // through the report's write lock, as the service writes: on FerretDB a concurrent update of the same
    // document (the notifier clearing notifyPending after the response) would otherwise undo this one
    await ctx.app.reports.writes.run(ids.closed, () => ctx.app.reports.models.Report.updateOne({ _id: ids.closed }, { $set: { status: 'resolved' } }));
    ctx.app.reports.invalidateLists();
  });
  after(async () => ctx?.stop());

  const titles = (res: { json: { items: Array<{ title: string }> } }) => res.json.items.map((r) => r.title);

  it('lists newest first with paging and no personal data', async () => {
    const res = await ctx.inject({ method: 'GET', url: '/api/v1/reports?limit=2' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(titles(res), ['closed', 'far']);
    assert.equal(res.json.hasMore, true);
    const page3 = await ctx.inject({ method: 'GET', url: '/api/v1/reports?limit=2&page=3' });
    assert.deepEqual(titles(page3), ['centre']);
    assert.equal(page3.json.hasMore, false);
    assertNoPersonalData(res.json, []);
    assert.equal(res.json.items[0].statusHistory, undefined, 'lists stay small');
  });

  it('filters by status (one or several), category and department', async () => {
    assert.deepEqual(titles(await ctx.inject({ method: 'GET', url: '/api/v1/reports?status=resolved' })), ['closed']);
    assert.deepEqual(titles(await ctx.inject({ method: 'GET', url: '/api/v1/reports?status=resolved,new&categoryId=street-light' })), ['light']);
    assert.deepEqual(titles(await ctx.inject({ method: 'GET', url: '/api/v1/reports?department=lighting' })), ['light']);
    assert.deepEqual(titles(await ctx.inject({ method: 'GET', url: '/api/v1/reports?department=lighting&categoryId=pothole' })), []);
  });

  it('filters by bounding box (minLng,minLat,maxLng,maxLat)', async () => {
    const box = [HERE.lng - 0.001, HERE.lat - 0.001, HERE.lng + 0.001, HERE.lat + 0.0005].join(',');
    const res = await ctx.inject({ method: 'GET', url: `/api/v1/reports?bbox=${box}` });
    assert.deepEqual(titles(res).sort(), ['centre', 'closed', 'light']);
  });

  it('refuses bad filters with field codes', async () => {
    const res = await ctx.inject({ method: 'GET', url: '/api/v1/reports?status=open&bbox=1,2,3&limit=1000&categoryId=x' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json.fields, { status: 'invalid', bbox: 'invalid', limit: 'too_long', categoryId: 'invalid' });
    const inverted = await ctx.inject({ method: 'GET', url: '/api/v1/reports?bbox=20,50,19,51' });
    assert.equal(inverted.json.fields.bbox, 'invalid');
  });

  it('GET /reports/nearby offers open reports of the same category within the radius, nearest first', async () => {
    const res = await ctx.inject({ method: 'GET', url: `/api/v1/reports/nearby?categoryId=pothole&lat=${HERE.lat}&lng=${HERE.lng}` });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(
      res.json.map((r: { title: string }) => r.title),
      ['centre', 'near'],
    );
    assert.equal(res.json[0].distance, 0);
    assert.ok(res.json[1].distance > 90 && res.json[1].distance < 110, `distance ${res.json[1].distance}`);
    assertNoPersonalData(res.json, []);
    const tight = await ctx.inject({ method: 'GET', url: `/api/v1/reports/nearby?categoryId=pothole&lat=${HERE.lat}&lng=${HERE.lng}&radius=50` });
    assert.deepEqual(
      tight.json.map((r: { title: string }) => r.title),
      ['centre'],
    );
  });

  it('GET /reports/nearby needs category and position', async () => {
    const res = await ctx.inject({ method: 'GET', url: '/api/v1/reports/nearby?lat=50' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json.fields, { categoryId: 'required', lng: 'required' });
  });
});

describe('reports: anonymous reports switched off', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer({ profile: { ...demoProfile, allowAnonymousReports: false } })));
  after(async () => ctx?.stop());

  it('an anonymous report is 401 unauthorized and stores nothing; a signed-in one works', async () => {
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody() });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json.code, 'unauthorized');
    assert.equal(await ctx.app.reports.models.Report.countDocuments(), 0);
    const r = await signedInResident(ctx);
    await createReport(ctx, {}, r.accessToken);
    assert.equal(await ctx.app.reports.models.Report.countDocuments(), 1);
  });
});
