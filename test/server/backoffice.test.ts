import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { startTestServer, signedInResident, signedInStaff, type TestContext } from '../support/app.js';
import { HERE, createReport, multipart, phoneJpeg, reportParts } from './helpers/reports.js';

type Session = { accessToken: string; email: string; user: { id: string } };

describe('back office: staff queue, reopening, moderation, flags, statistics', () => {
  let ctx: TestContext;
  let roads: Session, lighting: Session, admin: Session, reporter: Session, neighbour: Session;
  before(async () => {
    ctx = await startTestServer();
    [roads, lighting, admin] = await Promise.all([signedInStaff(ctx, 'staff', 'roads'), signedInStaff(ctx, 'staff', 'lighting'), signedInStaff(ctx, 'admin')]);
    reporter = await signedInResident(ctx, { locale: 'en' });
    neighbour = await signedInResident(ctx);
  });
  after(async () => ctx?.stop());

  const settle = async () => {
    await ctx.app.reports.notifier.drain();
    await ctx.app.reports.notifier.drain();
  };
  const status = (id: string, s: string, token = roads.accessToken, comment?: string) =>
    ctx.inject({ method: 'POST', url: `/api/v1/reports/${id}/status`, token, payload: { status: s, comment } });
  const queue = (query: string, token = roads.accessToken) => ctx.inject({ method: 'GET', url: `/api/v1/staff/reports?${query}`, token });

  it('the queue finds by tracking code or text, filters by status, category, district and age, sorts by age or supports, and shows the time in status', async () => {
    const a = await createReport(ctx, { title: 'Queue pothole A', description: 'Deep hole near the school gate.' });
    const b = await createReport(ctx, { title: 'Queue pothole B', location: { lat: 50.34, lng: 19.03, address: 'ul. Północna 3' } });
    const light = await createReport(ctx, { title: 'Queue lamp', categoryId: 'street-light' });
    await settle();
    await ctx.app.reports.models.Report.collection.updateOne(
      { _id: new Types.ObjectId(a.id) },
      { $set: { createdAt: new Date(Date.now() - 40 * 86_400_000) } },
    );
    assert.equal((await ctx.inject({ method: 'POST', url: `/api/v1/reports/${b.id}/support`, token: neighbour.accessToken })).statusCode, 201);

    const byCode = await queue(`q=${encodeURIComponent(b.trackingCode.toLowerCase())}`);
    assert.equal(byCode.statusCode, 200, byCode.payload);
    assert.deepEqual(
      byCode.json.items.map((r: { id: string }) => r.id),
      [b.id],
    );
    assert.deepEqual(
      (await queue('q=school gate')).json.items.map((r: { id: string }) => r.id),
      [a.id],
    );
    // staff see their department only: the lamp is not in the roads queue, even by its code
    assert.deepEqual((await queue(`q=${light.trackingCode}`)).json.items, []);
    assert.deepEqual(
      (await queue(`q=${light.trackingCode}`, lighting.accessToken)).json.items.map((r: { id: string }) => r.id),
      [light.id],
    );

    const north = await queue('district=polnoc&q=Queue');
    assert.deepEqual(
      north.json.items.map((r: { id: string; district: string }) => [r.id, r.district]),
      [[b.id, 'polnoc']],
    );
    const publicNorth = await ctx.inject({ method: 'GET', url: '/api/v1/reports?district=polnoc&limit=100' });
    assert.deepEqual(
      publicNorth.json.items.map((r: { id: string }) => r.id),
      [b.id],
      'the public list filters by district too',
    );
    assert.deepEqual(
      (await queue('olderThanDays=30&q=Queue')).json.items.map((r: { id: string }) => r.id),
      [a.id],
    );
    assert.deepEqual(
      (await queue('sort=age&q=Queue pothole')).json.items.map((r: { id: string }) => r.id),
      [a.id, b.id],
    );
    assert.equal((await queue('sort=supports&q=Queue pothole')).json.items[0].id, b.id);
    const item = (await queue('q=Queue pothole B')).json.items[0];
    assert.equal(item.hoursInStatus, 0);
    assert.ok(Date.parse(item.statusSince) <= Date.now());

    const counts = await ctx.inject({ method: 'GET', url: '/api/v1/staff/reports/counts', token: roads.accessToken });
    assert.equal(counts.statusCode, 200);
    assert.ok(counts.json.new >= 2);
    const lightingCounts = (await ctx.inject({ method: 'GET', url: '/api/v1/staff/reports/counts', token: lighting.accessToken })).json;
    assert.equal(lightingCounts.new, 1);

    for (const bad of ['status=open', 'sort=random', 'olderThanDays=-1', 'district=atlantis']) {
      const res = await queue(bad);
      assert.equal(res.statusCode, 400, bad);
      assert.equal(res.json.code, 'validation_failed');
    }
    assert.equal((await queue('', reporter.accessToken)).statusCode, 403);
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/staff/reports' })).statusCode, 401);
    // a control character in the search (fuzzing sent a NUL) is a clear 400, not a 500
    for (const url of ['/api/v1/staff/reports', '/api/v1/staff/reports.csv']) {
      const bad = await ctx.inject({ method: 'GET', url: `${url}?q=${encodeURIComponent('&\\=\u0000x\u0013')}`, token: roads.accessToken });
      assert.equal(bad.statusCode, 400, url);
      assert.equal(bad.json.fields.q, 'invalid');
    }
  });

  it('the reporter or a supporter reopens a resolved report within the window; it returns to accepted with the reason, and staff are told', async () => {
    const r = await createReport(ctx, { title: 'Fixed, they say' }, reporter.accessToken);
    const reopen = (token: string, reason = 'Still a hole, it was only covered with gravel.') =>
      ctx.inject({ method: 'POST', url: `/api/v1/reports/${r.id}/reopen`, token, payload: { reason } });
    assert.equal((await reopen(reporter.accessToken)).statusCode, 409, 'not resolved yet');
    assert.equal((await status(r.id, 'resolved', roads.accessToken, 'Załatane.')).statusCode, 200);
    const stranger = await reopen(neighbour.accessToken);
    assert.equal(stranger.statusCode, 403, 'neither reporter nor supporter');
    const res = await reopen(reporter.accessToken);
    assert.equal(res.statusCode, 200, res.payload);
    assert.deepEqual(res.json, { status: 'accepted' });
    const view = (await ctx.inject({ method: 'GET', url: `/api/v1/reports/${r.id}` })).json;
    assert.equal(view.status, 'accepted');
    const last = view.statusHistory.at(-1);
    assert.deepEqual([last.status, last.comment, last.reopened], ['accepted', 'Still a hole, it was only covered with gravel.', true]);
    const mail = await ctx.smtp.waitFor(roads.email, (m) => m.text.includes(`id=${r.id}`) && /ponownie otwarte/.test(m.subject));
    assert.match(mail.text, /Still a hole/);
    // the reporter did not become the report's handler
    const stored = await ctx.app.reports.models.Report.findById(r.id).lean();
    assert.equal(String(stored!.handledBy), roads.user.id);

    // outside the window: 409
    assert.equal((await status(r.id, 'resolved')).statusCode, 200);
    await ctx.app.reports.models.Report.updateOne({ _id: r.id }, { $set: { 'history.3.at': new Date(Date.now() - 31 * 86_400_000) } });
    const late = await reopen(reporter.accessToken);
    assert.equal(late.statusCode, 409);
    assert.equal(late.json.code, 'conflict');
  });

  it('an anonymous reporter reopens with the tracking code; a wrong code is refused, no code at all is 401', async () => {
    const r = await createReport(ctx, { title: 'Anonymous, not fixed', contactEmail: 'anon.reopen@example.org' });
    assert.equal((await status(r.id, 'resolved')).statusCode, 200);
    const reopen = (headers: Record<string, string>) =>
      ctx.inject({ method: 'POST', url: `/api/v1/reports/${r.id}/reopen`, headers, payload: { reason: 'Still broken.' } });
    assert.equal((await reopen({})).statusCode, 401);
    const wrong = await reopen({ 'x-tracking-code': 'ABCD-EFGH-JKMN' });
    assert.equal(wrong.statusCode, 403);
    assert.equal((await ctx.app.reports.models.Report.findById(r.id).lean())!.status, 'resolved', 'a refused reopening changes nothing');
    const res = await reopen({ 'x-tracking-code': r.trackingCode.toLowerCase() });
    assert.equal(res.statusCode, 200, res.payload);
    assert.equal((await ctx.app.reports.models.Report.findById(r.id).lean())!.status, 'accepted');
  });

  it('moderation redacts text, hides photos or the whole report with a reason: audited, the original kept for staff, gone from every public surface, the reporter told', async () => {
    const { payload, headers } = await multipart([
      ...reportParts({ title: 'With a face', description: 'Jan Kowalski, tel. 600 100 200, parks here.' }),
      { name: 'photos', value: await phoneJpeg(), filename: 'a.jpg', type: 'image/jpeg' },
      { name: 'photos', value: await phoneJpeg(), filename: 'b.jpg', type: 'image/jpeg' },
    ]);
    const created = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload, headers, token: reporter.accessToken });
    assert.equal(created.statusCode, 201, created.payload);
    const id = created.json.id as string;

    const flag = await ctx.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/flag`,
      token: neighbour.accessToken,
      payload: { reason: 'Shows a phone number and a name.' },
    });
    assert.equal(flag.statusCode, 202);
    assert.equal((await queue('q=With a face')).json.items[0].flagCount, 1);

    const moderate = (body: object, token = roads.accessToken) => ctx.inject({ method: 'POST', url: `/api/v1/reports/${id}/moderation`, token, payload: body });
    assert.equal((await moderate({ reason: 'Not yours', hidden: true }, lighting.accessToken)).statusCode, 403);
    assert.equal((await moderate({ reason: 'Personal data', hidePhotos: [7] })).statusCode, 400);
    const redacted = await moderate({ reason: 'Personal data removed', publicDescription: '[name removed], parks here.', hidePhotos: [0] });
    assert.equal(redacted.statusCode, 200, redacted.payload);
    assert.equal(redacted.json.moderation.originalDescription, 'Jan Kowalski, tel. 600 100 200, parks here.');
    assert.equal(redacted.json.moderation.hiddenPhotoCount, 1);
    assert.deepEqual(
      redacted.json.flags.map((f: { resolved: boolean }) => f.resolved),
      [true],
    );
    const pub = (await ctx.inject({ method: 'GET', url: `/api/v1/reports/${id}` })).json;
    assert.equal(pub.description, '[name removed], parks here.');
    assert.equal(pub.photoCount, 1);
    assert.ok(!JSON.stringify(pub).includes('Kowalski'));

    const mail = await ctx.smtp.waitFor(reporter.email, (m) => m.subject.includes('public content'));
    assert.match(mail.text, /Reason: Personal data removed/);

    assert.equal((await moderate({ reason: 'Not a public matter', hidden: true })).statusCode, 200);
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/reports/${id}` })).statusCode, 404);
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/reports/${id}/photos/0` })).statusCode, 404);
    const list = (await ctx.inject({ method: 'GET', url: '/api/v1/reports?limit=100' })).json;
    assert.ok(!list.items.some((r: { id: string }) => r.id === id), 'not in the public list');
    const near = (await ctx.inject({ method: 'GET', url: `/api/v1/reports/nearby?categoryId=pothole&lat=${HERE.lat}&lng=${HERE.lng}` })).json;
    assert.ok(!near.some((r: { id: string }) => r.id === id), 'not offered as a duplicate');
    assert.equal((await ctx.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).statusCode, 404);
    // staff still see it, hidden and with the original
    const staffView = await ctx.inject({ method: 'GET', url: `/api/v1/staff/reports/${id}`, token: roads.accessToken });
    assert.equal(staffView.json.hidden, true);
    assert.equal(staffView.json.moderation.originalDescription, 'Jan Kowalski, tel. 600 100 200, parks here.');
    // the photo taken off the public report is kept for the department's staff, and only for them
    const hiddenPhoto = await ctx.inject({ method: 'GET', url: `/api/v1/staff/reports/${id}/hidden-photos/0`, token: roads.accessToken });
    assert.equal(hiddenPhoto.statusCode, 200);
    assert.equal(hiddenPhoto.headers['content-type'], 'image/jpeg');
    assert.equal(hiddenPhoto.headers['cache-control'], 'no-store');
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/staff/reports/${id}/hidden-photos/0`, token: lighting.accessToken })).statusCode, 403);
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/staff/reports/${id}/hidden-photos/1`, token: roads.accessToken })).statusCode, 404);
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/staff/reports/${id}/hidden-photos/0` })).statusCode, 401);

    const audit = await ctx.inject({ method: 'GET', url: '/api/v1/admin/audit', token: admin.accessToken });
    const entries = (audit.json.items ?? audit.json) as Array<{ action: string; targetId: string; reason: string; actorId: string; outcome: string }>;
    const mine = entries.filter((e) => e.action === 'report.moderate' && e.targetId === id);
    assert.deepEqual(mine.map((e) => [e.reason, e.actorId, e.outcome]).sort(), [
      ['Not a public matter', roads.user.id, 'done'],
      ['Personal data removed', roads.user.id, 'done'],
    ]);
  });

  it('publishes statistics where the profile allows: reports per category and month, median hours to accept and resolve', async () => {
    const r = await createReport(ctx, { title: 'Stats', categoryId: 'litter' });
    const cleaning = await signedInStaff(ctx, 'staff', 'cleaning');
    await ctx.app.reports.models.Report.collection.updateOne({ _id: new Types.ObjectId(r.id) }, { $set: { createdAt: new Date(Date.now() - 10 * 3_600_000) } });
    assert.equal((await status(r.id, 'accepted', cleaning.accessToken)).statusCode, 200);
    assert.equal((await status(r.id, 'resolved', cleaning.accessToken)).statusCode, 200);
    const res = await ctx.inject({ method: 'GET', url: '/api/v1/stats' });
    assert.equal(res.statusCode, 200, res.payload);
    assert.equal(res.json.months.length, 12);
    const litter = res.json.categories.find((c: { categoryId: string }) => c.categoryId === 'litter');
    assert.equal(litter.total, 1);
    assert.equal(litter.counts.at(-1), 1);
    assert.equal(Math.round(litter.medianHoursToAccept), 10);
    assert.equal(Math.round(litter.medianHoursToResolve), 10);

    const closed = await startTestServer({
      profile: {
        name: 'X',
        termsUrl: 'https://example.org/t',
        contactEmail: 'a@example.org',
        departments: [{ id: 'd', name: { pl: 'D', en: 'D', de: 'D' } }],
        categories: [{ id: 'c', department: 'd', name: { pl: 'C', en: 'C', de: 'C' } }],
      },
    });
    try {
      const off = await closed.inject({ method: 'GET', url: '/api/v1/stats' });
      assert.equal(off.statusCode, 404);
      assert.equal(off.json.code, 'not_found');
    } finally {
      await closed.stop();
    }
  });
});
