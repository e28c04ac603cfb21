import assert from 'node:assert/strict';
import { startTestServer, signedInResident, signedInStaff, type TestContext } from '../support/app.js';

describe('announcements ("Komunikaty")', () => {
  let ctx: TestContext;
  let admin: { accessToken: string; user: { id: string } };
  before(async () => {
    ctx = await startTestServer();
    admin = await signedInStaff(ctx, 'admin');
  });
  after(async () => ctx?.stop());

  const post = (payload: object, token?: string) => ctx.inject({ method: 'POST', url: '/api/v1/announcements', payload, token });

  it('admins publish; anyone lists them newest first, without the author', async () => {
    const first = await post({ title: 'Utrudnienia na ul. Śląskiej', body: 'Remont od poniedziałku.\nObjazd przez Wyzwolenia.' }, admin.accessToken);
    assert.equal(first.statusCode, 201);
    assert.match(first.json.id, /^[a-f0-9]{24}$/);
    assert.match(first.json.publishedAt, /Z$/);
    await post({ title: 'Wywóz gabarytów', body: 'W sobotę.' }, admin.accessToken);
    const list = await ctx.inject({ method: 'GET', url: '/api/v1/announcements' });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json.items.map((a: { title: string }) => a.title),
      ['Wywóz gabarytów', 'Utrudnienia na ul. Śląskiej'],
    );
    assert.equal(list.json.items[1].body, 'Remont od poniedziałku.\nObjazd przez Wyzwolenia.');
    assert.ok(!list.payload.includes(admin.user.id), 'no author id in public');
    const one = await ctx.inject({ method: 'GET', url: `/api/v1/announcements/${first.json.id}` });
    assert.equal(one.json.title, 'Utrudnienia na ul. Śląskiej');
  });

  it('residents and staff may not publish (403), strangers 401', async () => {
    const resident = await signedInResident(ctx);
    const staff = await signedInStaff(ctx, 'staff', 'roads');
    for (const token of [resident.accessToken, staff.accessToken]) {
      const res = await post({ title: 'x', body: 'y' }, token);
      assert.equal(res.statusCode, 403);
      assert.equal(res.json.code, 'forbidden');
    }
    assert.equal((await post({ title: 'x', body: 'y' })).statusCode, 401);
    assert.equal(await ctx.app.announcements.Announcement.countDocuments({ title: 'x' }), 0);
  });

  it('take Ukrainian beside English and German: stored, shown, edited; a half-written translation is refused and changes nothing (issue 20)', async () => {
    const uk = { title: 'Ремонт вулиці Шльонської', body: 'З понеділка.\nОб’їзд вулицею Визволення.' };
    const made = await post(
      { title: 'Remont ul. Śląskiej', body: 'Od poniedziałku.', translations: { en: { title: 'Road works', body: 'From Monday.' }, uk } },
      admin.accessToken,
    );
    assert.equal(made.statusCode, 201, made.payload);
    assert.deepEqual(made.json.translations, { en: { title: 'Road works', body: 'From Monday.' }, uk });
    const shown = await ctx.inject({ method: 'GET', url: `/api/v1/announcements/${made.json.id}` });
    assert.deepEqual(shown.json.translations.uk, uk, 'residents get the Ukrainian text');
    const listed = await ctx.inject({ method: 'GET', url: '/api/v1/announcements' });
    assert.deepEqual(listed.json.items.find((a: { id: string }) => a.id === made.json.id).translations.uk, uk);

    const half = await ctx.inject({
      method: 'PATCH',
      url: `/api/v1/announcements/${made.json.id}`,
      token: admin.accessToken,
      payload: { translations: { uk: { title: 'Без тексту', body: '' } } },
    });
    assert.equal(half.statusCode, 400);
    assert.equal(half.json.code, 'validation_failed');
    assert.deepEqual((await ctx.inject({ method: 'GET', url: `/api/v1/announcements/${made.json.id}` })).json.translations.uk, uk, 'unchanged');

    const edited = await ctx.inject({
      method: 'PATCH',
      url: `/api/v1/announcements/${made.json.id}`,
      token: admin.accessToken,
      payload: { translations: { uk: { title: 'Ремонт завершено', body: 'Проїзд відкрито.' } } },
    });
    assert.equal(edited.statusCode, 200, edited.payload);
    assert.deepEqual(edited.json.translations, { uk: { title: 'Ремонт завершено', body: 'Проїзд відкрито.' } }, 'the translations are replaced as sent');
  });

  it('validates: title and body required, expiry after publication', async () => {
    const res = await post({ title: '', body: '' }, admin.accessToken);
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json.fields, { title: 'required', body: 'required' });
    const backwards = await post({ title: 't', body: 'b', publishedAt: '2030-01-02T00:00:00Z', expiresAt: '2030-01-01T00:00:00Z' }, admin.accessToken);
    assert.equal(backwards.json.fields.expiresAt, 'invalid');
  });

  it('scheduled and expired announcements are hidden from the public, shown to admins with all=true; admins withdraw them', async () => {
    const future = await post({ title: 'Przyszły', body: 'b', publishedAt: new Date(Date.now() + 86_400_000).toISOString() }, admin.accessToken);
    const expired = await post({ title: 'Miniony', body: 'b', publishedAt: '2020-01-01T00:00:00Z', expiresAt: '2020-02-01T00:00:00Z' }, admin.accessToken);
    const titles = (res: { json: { items: Array<{ title: string }> } }) => res.json.items.map((a) => a.title);
    const pub = await ctx.inject({ method: 'GET', url: '/api/v1/announcements?all=true' });
    assert.ok(!titles(pub).includes('Przyszły') && !titles(pub).includes('Miniony'));
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/announcements/${future.json.id}` })).statusCode, 404);
    const adm = await ctx.inject({ method: 'GET', url: '/api/v1/announcements?all=true', token: admin.accessToken });
    assert.ok(titles(adm).includes('Przyszły') && titles(adm).includes('Miniony'));
    assert.equal((await ctx.inject({ method: 'DELETE', url: `/api/v1/announcements/${expired.json.id}`, token: admin.accessToken })).statusCode, 204);
    assert.equal((await ctx.inject({ method: 'DELETE', url: `/api/v1/announcements/${expired.json.id}`, token: admin.accessToken })).statusCode, 404);
  });
});
