import assert from 'node:assert/strict';
import { startTestServer, signedInResident, type TestContext } from '../support/app.js';
import { linkToken } from '../support/smtp.js';
import { HERE, createReport } from './helpers/reports.js';

/** ~2 km north of HERE: outside a 500 m circle around it. */
const FAR = { lat: HERE.lat + 0.02, lng: HERE.lng };

describe('alerts', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestServer();
  });
  after(async () => ctx?.stop());

  /** Matching runs after the response; then the flusher sends what is due (no hold in tests). */
  const deliver = async () => {
    await ctx.app.reports.notifier.drain();
    await ctx.app.reports.notifier.drain();
    await ctx.app.alerts.flush(0);
  };
  const alertMails = (email: string) => ctx.smtp.to(email).filter((m) => m.headers['list-unsubscribe']);

  it('an anonymous subscriber confirms by email; a report inside the area reaches them once, one outside does not; one-click POST unsubscribes without signing in', async () => {
    const email = 'alerts.anon@example.org';
    const sub = await ctx.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      payload: { email, area: { lat: HERE.lat, lng: HERE.lng, radiusM: 500 }, locale: 'en' },
    });
    assert.equal(sub.statusCode, 202, sub.payload);
    assert.deepEqual(sub.json, { status: 'pending_confirmation' });

    // nothing is sent to an unconfirmed address
    await createReport(ctx, { title: 'Before confirmation' });
    await deliver();
    const confirmMail = await ctx.smtp.waitFor(email, (m) => m.text.includes('civic_action=alert-confirm'));
    assert.equal(alertMails(email).length, 0);
    const confirmed = await ctx.inject({ method: 'POST', url: '/api/v1/alerts/confirm', payload: { token: linkToken(confirmMail, 'alert-confirm') } });
    assert.equal(confirmed.statusCode, 200, confirmed.payload);
    assert.equal(confirmed.json.status, 'active');

    const inside = await createReport(ctx, { title: 'Inside the circle' });
    await deliver();
    // found by its link: a report's title never reaches an alert (§4b), the subject names the category
    const mail = await ctx.smtp.waitFor(email, (m) => m.text.includes(`civic_action=public-report&id=${inside.id}`));
    assert.match(mail.subject, /new report near you – Pothole/);
    assert.ok(!mail.text.includes('Inside the circle'));
    assert.match(mail.text, /civic_action=alerts&token=/, 'a manage link');
    assert.equal(mail.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    const unsubscribeUrl = /^<([^>]+)>$/.exec(mail.headers['list-unsubscribe']!.replace(/\s+/g, ''))![1]!;
    assert.match(unsubscribeUrl, /^http:\/\/api\.test\/api\/v1\/alerts\/unsubscribe\?token=[A-Za-z0-9_-]{43}$/);

    const outside = await createReport(ctx, { title: 'Far away', location: { ...FAR, address: 'ul. Daleka 1' } });
    // a second report inside proves the flusher ran after the outside one
    const second = await createReport(ctx, { title: 'Second inside' });
    await deliver();
    await ctx.smtp.waitFor(email, (m) => m.text.includes(`id=${second.id}`));
    await deliver(); // running again sends nothing twice
    await new Promise((r) => setTimeout(r, 300));
    const subjects = alertMails(email).map((m) => m.subject);
    assert.equal(alertMails(email).filter((m) => m.text.includes(`id=${inside.id}`)).length, 1, subjects.join('; '));
    assert.ok(!alertMails(email).some((m) => m.text.includes(outside.id)), 'the report outside the area was not sent');
    assert.equal(alertMails(email).length, 2, subjects.join('; '));

    const url = new URL(unsubscribeUrl);
    // opened in a browser (or by a link scanner), the link shows a button and unsubscribes nothing
    const page = await ctx.inject({ method: 'GET', url: url.pathname + url.search, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.payload, /<form method="post"/);
    assert.equal(await ctx.app.alerts.models.Alert.countDocuments({ email }), 1);
    // one-click: a POST with the RFC 8058 body, no session
    const res = await ctx.inject({
      method: 'POST',
      url: url.pathname + url.search,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.statusCode, 200, res.payload);
    assert.equal(await ctx.app.alerts.models.Alert.countDocuments({ email }), 0);
    const after = await createReport(ctx, { title: 'After unsubscribing' });
    await deliver();
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!ctx.smtp.to(email).some((m) => m.text.includes(`id=${after.id}`)));
    // the link opened in a browser shows a button and never unsubscribes by GET
    const again = await ctx.inject({ method: 'GET', url: url.pathname + url.search });
    assert.equal(again.statusCode, 400);
    assert.equal(again.json.code, 'invalid_token');
  });

  it('a signed-in resident with a verified email is subscribed at once; categories and districts narrow what matches; status changes are news too', async () => {
    const me = await signedInResident(ctx, { locale: 'pl' });
    const sub = await ctx.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      token: me.accessToken,
      payload: { area: { district: 'centrum' }, categories: ['litter'] },
    });
    assert.equal(sub.statusCode, 201, sub.payload);
    assert.equal(sub.json.status, 'active');
    const list = await ctx.inject({ method: 'GET', url: '/api/v1/me/alerts', token: me.accessToken });
    assert.deepEqual(
      list.json.map((a: { area: unknown; categories: string[] }) => [a.area, a.categories]),
      [[{ district: 'centrum' }, ['litter']]],
    );

    const pothole = await createReport(ctx, { title: 'Pothole in the centre' }); // wrong category
    const litter = await createReport(ctx, { title: 'Śmieci w centrum', categoryId: 'litter' });
    await deliver();
    await ctx.smtp.waitFor(me.email, (m) => m.text.includes(`id=${litter.id}`));
    assert.ok(!ctx.smtp.to(me.email).some((m) => m.text.includes(`id=${pothole.id}`)));
    assert.equal(ctx.smtp.to(me.email).filter((m) => m.headers['list-unsubscribe']).length, 1);

    const { signedInStaff } = await import('../support/app.js');
    const cleaning = await signedInStaff(ctx, 'staff', 'cleaning');
    assert.equal(
      (await ctx.inject({ method: 'POST', url: `/api/v1/reports/${litter.id}/status`, token: cleaning.accessToken, payload: { status: 'accepted' } }))
        .statusCode,
      200,
    );
    await deliver();
    const news = await ctx.smtp.waitFor(me.email, (m) => m.subject.includes('zmiana statusu'));
    assert.match(news.text, /Przyjęte/);

    const id = list.json[0].id as string;
    assert.equal((await ctx.inject({ method: 'DELETE', url: `/api/v1/me/alerts/${id}`, token: me.accessToken })).statusCode, 204);
    assert.deepEqual((await ctx.inject({ method: 'GET', url: '/api/v1/me/alerts', token: me.accessToken })).json, []);
  });

  it('many events falling together become one digest; bad input is refused in the contract’s shape and changes nothing', async () => {
    const me = await signedInResident(ctx, { locale: 'en' });
    await ctx.inject({ method: 'POST', url: '/api/v1/alerts', token: me.accessToken, payload: { area: { city: true }, categories: ['street-light'] } });
    const lamps = [];
    for (const n of [1, 2, 3, 4]) lamps.push(await createReport(ctx, { title: `Lamp ${n}`, categoryId: 'street-light' }));
    await deliver();
    const digest = await ctx.smtp.waitFor(me.email, (m) => m.subject.includes('summary of reports (4)'));
    for (const lamp of lamps) assert.match(digest.text, new RegExp(`id=${lamp.id}`));
    assert.equal(ctx.smtp.to(me.email).filter((m) => m.headers['list-unsubscribe']).length, 1);

    const before = await ctx.app.alerts.models.Alert.countDocuments();
    for (const payload of [
      { email: 'x@example.org', area: { district: 'atlantis' } },
      { email: 'x@example.org', area: { lat: 50, lng: 19, radiusM: 5 } },
      { area: { city: true } },
      { email: 'x@example.org', area: { city: true }, categories: ['nope'] },
    ]) {
      const res = await ctx.inject({ method: 'POST', url: '/api/v1/alerts', payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json.code, 'validation_failed');
    }
    assert.equal(await ctx.app.alerts.models.Alert.countDocuments(), before);
  });

  it('a report whose matching a crash interrupted is still sent, once, by the catch-up run', async () => {
    const me = await signedInResident(ctx, { locale: 'en' });
    await ctx.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      token: me.accessToken,
      payload: { area: { lat: HERE.lat, lng: HERE.lng, radiusM: 300 }, categories: ['pothole'] },
    });
    // the listener never runs for this report, as if the process died right after answering
    const listeners = ctx.app.reports.changes.splice(0);
    let lost: { id: string };
    try {
      lost = await createReport(ctx, { title: 'Lost in a crash' });
      await ctx.app.reports.notifier.drain();
    } finally {
      ctx.app.reports.changes.push(...listeners);
    }
    await ctx.app.alerts.catchUp(30 * 60_000, 0);
    await ctx.app.alerts.catchUp(30 * 60_000, 0);
    await deliver();
    await ctx.smtp.waitFor(me.email, (m) => m.text.includes(`id=${lost!.id}`));
    await deliver();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(ctx.smtp.to(me.email).filter((m) => m.text.includes(`id=${lost!.id}`)).length, 1);
  });

  it('a resident’s alerts are in their data export and go with their account', async () => {
    const me = await signedInResident(ctx);
    await ctx.inject({ method: 'POST', url: '/api/v1/alerts', token: me.accessToken, payload: { area: { city: true } } });
    const exported = await ctx.inject({ method: 'GET', url: '/api/v1/me/export', token: me.accessToken });
    assert.equal(exported.statusCode, 200, exported.payload);
    assert.deepEqual(
      exported.json.alerts.map((a: { area: unknown; email: string }) => [a.area, a.email]),
      [[{ city: true }, me.email]],
    );
    const gone = await ctx.inject({ method: 'DELETE', url: '/api/v1/me', token: me.accessToken, payload: { password: me.password } });
    assert.equal(gone.statusCode, 204, gone.payload);
    assert.equal(await ctx.app.alerts.models.Alert.countDocuments({ email: me.email }), 0);
  });

  it('limits who can cause emails to an address: three confirmation emails a day, then the same answer and no email (§4b: no oracle)', async () => {
    const email = 'alerts.limit@example.org';
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push(
        (await ctx.inject({ method: 'POST', url: '/api/v1/alerts', payload: { email, area: { city: true } }, remoteAddress: `10.0.0.${i + 1}` })).statusCode,
      );
    assert.deepEqual(codes, [202, 202, 202, 202]);
    await ctx.smtp.waitFor(email);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(ctx.smtp.to(email).length, 3);
  });
});
