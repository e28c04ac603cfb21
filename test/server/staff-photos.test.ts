import assert from 'node:assert/strict';
import { startTestServer, signedInResident, signedInStaff, type TestContext } from '../support/app.js';
import { createReport, multipart, phoneJpeg, reportParts } from './helpers/reports.js';

type Session = { accessToken: string; email: string; user: { id: string } };

describe('hidden photos for staff, un-hiding, and the staff view of the reporter (contract §4b)', () => {
  let ctx: TestContext;
  let roads: Session, lighting: Session, admin: Session, reporter: Session;
  before(async () => {
    ctx = await startTestServer();
    [roads, lighting, admin] = await Promise.all([signedInStaff(ctx, 'staff', 'roads'), signedInStaff(ctx, 'staff', 'lighting'), signedInStaff(ctx, 'admin')]);
    reporter = await signedInResident(ctx, { firstName: 'Ewa', lastName: 'Zięba', phone: '+48600300400' });
  });
  after(async () => ctx?.stop());

  const get = (url: string, token?: string, headers?: Record<string, string>) => ctx.inject({ method: 'GET', url, token, headers });

  it('a hidden photo keeps its number, is gone from the public at once, stays viewable by the department (no-store) and can be shown again, audited with who did it', async () => {
    const photos = await Promise.all([phoneJpeg(640, 480), phoneJpeg(320, 240), phoneJpeg(400, 300)]);
    const body = await multipart([
      ...reportParts({ title: 'Three photos' }),
      ...photos.map((value, i) => ({ name: 'photos', value, filename: `${i}.jpg`, type: 'image/jpeg' })),
    ]);
    const created = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: body.payload, headers: body.headers, token: reporter.accessToken });
    assert.equal(created.statusCode, 201, created.payload);
    const { id, trackingCode } = created.json as { id: string; trackingCode: string };
    const publicPhoto = (n: number, h?: Record<string, string>) => get(`/api/v1/reports/${id}/photos/${n}`, undefined, h);

    const before = await publicPhoto(1);
    assert.equal(before.statusCode, 200);
    // moderation can withdraw it: caches must ask again every time (an ETag makes that cheap)
    assert.equal(before.headers['cache-control'], 'public, no-cache');
    const etag = String(before.headers.etag);
    assert.equal((await publicPhoto(1, { 'if-none-match': etag })).statusCode, 304);

    const moderate = (b: object, token = roads.accessToken) => ctx.inject({ method: 'POST', url: `/api/v1/reports/${id}/moderation`, token, payload: b });
    const hid = await moderate({ reason: 'A face in the picture', hidePhotos: [1] });
    assert.equal(hid.statusCode, 200, hid.payload);

    const pub = (await get(`/api/v1/reports/${id}`)).json as { photoCount: number; photos: Array<{ url: string }> };
    assert.equal(pub.photoCount, 2);
    assert.deepEqual(
      pub.photos.map((p) => p.url.split('/photos/')[1]),
      ['0', '2'],
      'photo 2 keeps its number; nothing moves into 1',
    );
    assert.equal((await publicPhoto(1)).statusCode, 404);
    assert.equal((await publicPhoto(1, { 'if-none-match': etag })).statusCode, 404, 'a cache revalidating gets the withdrawal');
    assert.equal((await publicPhoto(2)).statusCode, 200);
    const listed = (await get(`/api/v1/reports?limit=100`)).json.items.find((r: { id: string }) => r.id === id);
    assert.equal(listed.photoCount, 2);

    // staff of the department see it, marked hidden, under its number; nobody else gets it
    const staffView = hid.json as { staffPhotos: Array<{ n: number; hidden: boolean; url: string }>; trackingCode: string };
    assert.deepEqual(
      staffView.staffPhotos.map((p) => [p.n, p.hidden]),
      [
        [0, false],
        [1, true],
        [2, false],
      ],
    );
    const staffUrl = new URL(staffView.staffPhotos[1]!.url).pathname;
    const seen = await get(staffUrl, roads.accessToken);
    assert.equal(seen.statusCode, 200);
    assert.equal(seen.headers['content-type'], 'image/jpeg');
    assert.equal(seen.headers['cache-control'], 'no-store');
    assert.ok(seen.rawPayload.equals(before.rawPayload), 'the very photo that was public');
    assert.equal((await get(staffUrl, admin.accessToken)).statusCode, 200);
    assert.equal((await get(staffUrl, lighting.accessToken)).statusCode, 403);
    assert.equal((await get(staffUrl, reporter.accessToken)).statusCode, 403);
    assert.equal((await get(staffUrl)).statusCode, 401);

    // showing a photo that is not hidden, or one that does not exist, changes nothing
    const wrong = await moderate({ reason: 'Show it', showPhotos: [0] });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json.fields.showPhotos, 'invalid');
    assert.equal((await moderate({ reason: 'Show it', showPhotos: [1] }, lighting.accessToken)).statusCode, 403);

    const shown = await moderate({ reason: 'The face was a statue', showPhotos: [1] });
    assert.equal(shown.statusCode, 200, shown.payload);
    assert.equal(shown.json.staffPhotos[1].hidden, false);
    assert.equal((await publicPhoto(1)).statusCode, 200);
    assert.equal((await get(`/api/v1/reports/${id}`)).json.photoCount, 3);

    const audit = (await get(`/api/v1/admin/audit?targetId=${id}`, admin.accessToken)).json as {
      items: Array<{ action: string; actorEmail?: string; reason: string; details: { hidePhotos: number[]; showPhotos: number[] } }>;
    };
    const mine = audit.items.filter((e) => e.action === 'report.moderate');
    assert.deepEqual(
      mine.map((e) => [e.reason, e.actorEmail, e.details.hidePhotos, e.details.showPhotos]).sort(),
      [
        ['A face in the picture', roads.email, [1], []],
        ['The face was a statue', roads.email, [], [1]],
      ].sort(),
      'the audit log names the staff member',
    );
    assert.equal(staffView.trackingCode, trackingCode);
  });

  it('Open311 points media_url at the first photo the public may see, never at a hidden one', async () => {
    const photos = await Promise.all([phoneJpeg(320, 240), phoneJpeg(400, 300)]);
    const body = await multipart([
      ...reportParts({ title: 'Open311 photo' }),
      ...photos.map((value, i) => ({ name: 'photos', value, filename: `${i}.jpg`, type: 'image/jpeg' })),
    ]);
    const created = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: body.payload, headers: body.headers, token: reporter.accessToken });
    const id = created.json.id as string;
    const mediaUrl = async () => (await get(`/open311/v2/requests/${id}.json`)).json[0].media_url as string;
    assert.match(await mediaUrl(), /\/photos\/0$/);
    const hid = await ctx.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/moderation`,
      token: roads.accessToken,
      payload: { reason: 'A face', hidePhotos: [0] },
    });
    assert.equal(hid.statusCode, 200, hid.payload);
    const url = await mediaUrl();
    assert.match(url, /\/photos\/1$/);
    assert.equal((await get(new URL(url).pathname)).statusCode, 200);
  });

  it('the staff view shows the tracking code and how to reach the reporter: an account’s name, email and phone; an anonymous reporter’s address', async () => {
    const signed = await createReport(ctx, { title: 'Contact signed' }, reporter.accessToken);
    const view = (await get(`/api/v1/staff/reports/${signed.id}`, roads.accessToken)).json;
    assert.equal(view.trackingCode, signed.trackingCode);
    assert.deepEqual(view.reporter, { anonymous: false, name: 'Ewa Zięba', email: reporter.email, phone: '+48600300400' });

    const anon = await createReport(ctx, { title: 'Contact anonymous', contactEmail: 'Anna@Example.org' });
    const anonView = (await get(`/api/v1/staff/reports/${anon.id}`, roads.accessToken)).json;
    assert.equal(anonView.trackingCode, anon.trackingCode);
    assert.deepEqual(anonView.reporter, { anonymous: true, email: 'anna@example.org' });

    // the public never sees either
    for (const r of [signed, anon]) {
      const pub = JSON.stringify((await get(`/api/v1/reports/${r.id}`)).json);
      assert.ok(!pub.includes(r.trackingCode) && !pub.includes('Zięba') && !pub.includes('example.org'), pub);
    }
  });
});
