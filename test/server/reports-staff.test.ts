import assert from 'node:assert/strict';
import { startTestServer, signedInResident, signedInStaff, type TestContext } from '../support/app.js';
import { createReport } from './helpers/reports.js';

type Session = { accessToken: string; email: string; user: { id: string } };

describe('reports: status changes by staff', () => {
  let ctx: TestContext;
  let roads: Session, lighting: Session, admin: Session, resident: Session;
  before(async () => {
    ctx = await startTestServer();
    [roads, lighting, admin] = await Promise.all([signedInStaff(ctx, 'staff', 'roads'), signedInStaff(ctx, 'staff', 'lighting'), signedInStaff(ctx, 'admin')]);
    resident = await signedInResident(ctx, { locale: 'en' });
  });
  after(async () => ctx?.stop());

  const change = (id: string, payload: object, token?: string) => ctx.inject({ method: 'POST', url: `/api/v1/reports/${id}/status`, payload, token });

  it('staff of the category’s department change the status; the comment is public, signed by department, and emailed to the reporter in their language', async () => {
    const report = await createReport(ctx, { title: 'Hole' }, resident.accessToken);
    const res = await change(report.id, { status: 'accepted', comment: 'Ekipa wyjedzie w czwartek.' }, roads.accessToken);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json.status, 'accepted');
    const view = await ctx.inject({ method: 'GET', url: `/api/v1/reports/${report.id}` });
    assert.deepEqual(
      view.json.statusHistory.map((h: { status: string; comment?: string; department?: string }) => [h.status, h.comment, h.department]),
      [
        ['new', undefined, undefined],
        ['accepted', 'Ekipa wyjedzie w czwartek.', 'roads'],
      ],
    );
    assert.ok(!JSON.stringify(view.json).includes(roads.user.id), 'no staff identity in public');
    const mail = await ctx.smtp.waitFor(resident.email, (m) => m.subject.includes('Accepted'));
    // the subject names the category and the tracking code, never the resident's words (issue 19)
    assert.match(mail.subject, /report [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4} \(Pothole\) – Accepted/);
    assert.match(mail.text, /Ekipa wyjedzie w czwartek\./);
    assert.match(mail.text, new RegExp(`civic_action=report&id=${report.id}`));
  });

  it('admins may change any report; staff of another department, residents and strangers may not', async () => {
    const report = await createReport(ctx);
    const other = await change(report.id, { status: 'accepted' }, lighting.accessToken);
    assert.equal(other.statusCode, 403);
    assert.equal(other.json.code, 'forbidden');
    const res = await change(report.id, { status: 'accepted' }, resident.accessToken);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json.code, 'forbidden');
    const anon = await change(report.id, { status: 'accepted' });
    assert.equal(anon.statusCode, 401);
    assert.equal(anon.json.code, 'unauthorized');
    const stored = await ctx.app.reports.models.Report.findById(report.id).lean();
    assert.equal(stored!.status, 'new');
    assert.equal(stored!.history.length, 1);
    assert.equal((await change(report.id, { status: 'in_progress' }, admin.accessToken)).statusCode, 200);
  });

  it('only allowed transitions: others are 409 conflict and change nothing', async () => {
    const report = await createReport(ctx);
    for (const [status, code] of [
      ['new', 409],
      ['accepted', 200],
      ['accepted', 409],
      ['resolved', 200],
      ['rejected', 409],
      ['in_progress', 200],
    ] as const) {
      const res = await change(report.id, { status, comment: 'x' }, roads.accessToken);
      assert.equal(res.statusCode, code, `${status}: ${res.payload}`);
      if (code === 409) assert.equal(res.json.code, 'conflict');
    }
    const view = await ctx.inject({ method: 'GET', url: `/api/v1/reports/${report.id}` });
    assert.deepEqual(
      view.json.statusHistory.map((h: { status: string }) => h.status),
      ['new', 'accepted', 'resolved', 'in_progress'],
    );
  });

  it('validates the change: a rejection needs a comment, statuses are known, duplicateOf only for duplicates', async () => {
    const report = await createReport(ctx);
    const noComment = await change(report.id, { status: 'rejected' }, roads.accessToken);
    assert.equal(noComment.statusCode, 400);
    assert.equal(noComment.json.fields.comment, 'required');
    const unknown = await change(report.id, { status: 'closed' }, roads.accessToken);
    assert.equal(unknown.json.fields.status, 'invalid');
    const stray = await change(report.id, { status: 'accepted', duplicateOf: report.id }, roads.accessToken);
    assert.equal(stray.json.fields.duplicateOf, 'invalid');
    const self = await change(report.id, { status: 'duplicate', duplicateOf: report.id }, roads.accessToken);
    assert.equal(self.json.fields.duplicateOf, 'invalid');
    assert.equal((await ctx.app.reports.models.Report.findById(report.id).lean())!.status, 'new');
  });

  it('marks a duplicate with the report it duplicates, and unmarks it when reopened', async () => {
    const original = await createReport(ctx);
    const copy = await createReport(ctx);
    const res = await change(copy.id, { status: 'duplicate', duplicateOf: original.id, comment: 'Już zgłoszone.' }, roads.accessToken);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json.duplicateOf, original.id);
    const reopened = await change(copy.id, { status: 'accepted' }, roads.accessToken);
    assert.equal(reopened.json.duplicateOf, undefined);
  });

  it('of two simultaneous changes exactly one wins; the other is 409', async () => {
    const report = await createReport(ctx);
    const [a, b] = await Promise.all([
      change(report.id, { status: 'accepted' }, roads.accessToken),
      change(report.id, { status: 'rejected', comment: 'Nie nasz teren.' }, admin.accessToken),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
    const stored = await ctx.app.reports.models.Report.findById(report.id).lean();
    assert.equal(stored!.history.length, 2);
    assert.equal(stored!.status, a.statusCode === 200 ? 'accepted' : 'rejected');
  });

  it('an anonymous reporter with a contact address gets the confirmation and status news in their language, with a tracking link', async () => {
    const report = await createReport(ctx, { contactEmail: 'anna.anon@example.org', locale: 'de', title: 'Laterne', categoryId: 'street-light' });
    const received = await ctx.smtp.waitFor('anna.anon@example.org', (m) => m.subject.includes(report.trackingCode));
    assert.match(received.subject, /Ihre Meldung .* ist eingegangen/);
    assert.ok(received.text.includes(`civic_action=track&code=${report.trackingCode}`));
    await change(report.id, { status: 'resolved', comment: 'Lampe getauscht.' }, lighting.accessToken);
    const status = await ctx.smtp.waitFor('anna.anon@example.org', (m) => m.subject.includes('Erledigt'));
    assert.match(status.text, /Lampe getauscht\./);
    assert.match(status.text, /Straßenbeleuchtung/);
  });

  it('staff of the department, and only they, are emailed about each new report', async () => {
    const pothole = await createReport(ctx, { title: 'Nowa dziura' });
    const mail = await ctx.smtp.waitFor(roads.email, (m) => m.text.includes('Nowa dziura'));
    assert.match(mail.subject, /nowe zgłoszenie [0-9A-Z-]{14} – Dziura w jezdni/);
    assert.match(mail.text, /^> Nowa dziura$/m, 'the title reaches staff as a quote');
    assert.ok(mail.text.includes(`civic_action=report&id=${pothole.id}`));
    await createReport(ctx, { title: 'Ciemna latarnia', categoryId: 'street-light' });
    await ctx.smtp.waitFor(lighting.email, (m) => m.text.includes('Ciemna latarnia'));
    assert.ok(!ctx.smtp.to(lighting.email).some((m) => m.text.includes('Nowa dziura')), 'lighting staff got a roads report');
    assert.ok(!ctx.smtp.to(admin.email).some((m) => m.text.includes('Nowa dziura')));
  });
});

describe('reports: "me too" support', () => {
  let ctx: TestContext;
  let a: Session, b: Session, staff: Session;
  before(async () => {
    ctx = await startTestServer();
    [a, b] = await Promise.all([signedInResident(ctx), signedInResident(ctx)]);
    staff = await signedInStaff(ctx, 'staff', 'roads');
  });
  after(async () => ctx?.stop());

  const support = (id: string, method: 'POST' | 'DELETE', token?: string) => ctx.inject({ method, url: `/api/v1/reports/${id}/support`, token });

  it('one support per resident, counted on the report, and withdrawable', async () => {
    const report = await createReport(ctx);
    const first = await support(report.id, 'POST', a.accessToken);
    assert.equal(first.statusCode, 201);
    assert.deepEqual(first.json, { supportCount: 1, supported: true });
    const again = await support(report.id, 'POST', a.accessToken);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json.code, 'conflict');
    assert.equal((await support(report.id, 'POST', b.accessToken)).json.supportCount, 2);
    const view = await ctx.inject({ method: 'GET', url: `/api/v1/reports/${report.id}`, token: a.accessToken });
    assert.equal(view.json.supportCount, 2);
    assert.equal(view.json.viewer.supported, true);
    const withdrawn = await support(report.id, 'DELETE', a.accessToken);
    assert.equal(withdrawn.statusCode, 200);
    assert.deepEqual(withdrawn.json, { supportCount: 1, supported: false });
    const twice = await support(report.id, 'DELETE', a.accessToken);
    assert.equal(twice.statusCode, 404);
    assert.equal(twice.json.code, 'not_found');
  });

  it('residents only: staff 403, strangers 401; not one’s own report, not a closed one', async () => {
    const own = await createReport(ctx, {}, a.accessToken);
    assert.equal((await support(own.id, 'POST', staff.accessToken)).statusCode, 403);
    assert.equal((await support(own.id, 'POST')).statusCode, 401);
    const mine = await support(own.id, 'POST', a.accessToken);
    assert.equal(mine.statusCode, 409);
    const closed = await createReport(ctx);
    await ctx.inject({ method: 'POST', url: `/api/v1/reports/${closed.id}/status`, payload: { status: 'resolved' }, token: staff.accessToken });
    assert.equal((await support(closed.id, 'POST', b.accessToken)).statusCode, 409);
    assert.equal(await ctx.app.reports.models.Support.countDocuments({ reportId: own.id }), 0);
    assert.equal((await support('aaaaaaaaaaaaaaaaaaaaaaaa', 'POST', b.accessToken)).statusCode, 404);
  });

  it('simultaneous supports are all counted', async () => {
    const report = await createReport(ctx);
    const others = await Promise.all([signedInResident(ctx), signedInResident(ctx), signedInResident(ctx)]);
    const results = await Promise.all([a, b, ...others].map((r) => support(report.id, 'POST', r.accessToken)));
    assert.deepEqual(
      results.map((r) => r.statusCode),
      [201, 201, 201, 201, 201],
    );
    const view = await ctx.inject({ method: 'GET', url: `/api/v1/reports/${report.id}` });
    assert.equal(view.json.supportCount, 5);
  });
});
